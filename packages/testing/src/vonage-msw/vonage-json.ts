// How the Vonage Video REST API writes archives and broadcasts; callbacks carry the same fields
// with an `event` name.
import type { EmulatedArchive, EmulatedBroadcast } from "./emulated-world.js";

/** Vonage's download links last 10 minutes (R-LIFE-7). */
export const archiveLinkLifetimeSeconds = 600;

export const emulatedArchiveHost = "https://archives.vonage.test";
export const emulatedHlsHost = "https://hls.vonage.test";

export function archiveJson(
  archive: EmulatedArchive,
  applicationId: string,
  now: number,
): Record<string, unknown> {
  const duration =
    archive.stoppedAt === null ? 0 : Math.floor((archive.stoppedAt - archive.createdAt) / 1000);
  const expires = Math.floor(now / 1000) + archiveLinkLifetimeSeconds;
  return {
    id: archive.id,
    status: archive.status,
    name: archive.name,
    reason: archive.reason,
    sessionId: archive.sessionId,
    applicationId,
    ...(archive.multiArchiveTag === null ? {} : { multiArchiveTag: archive.multiArchiveTag }),
    createdAt: archive.createdAt,
    // Not in the REST reference's Archive object, but in every archive callback of Vonage's
    // archiving guide; onair reads it as the time of the status.
    updatedAt: archive.updatedAt,
    size: archive.status === "available" || archive.status === "uploaded" ? duration * 125_000 : 0,
    duration,
    outputMode: archive.outputMode,
    streamMode: archive.streamMode,
    hasAudio: archive.hasAudio,
    hasVideo: archive.hasVideo,
    hasTranscription: false,
    resolution: archive.resolution,
    ...(archive.maxBitrate === null ? {} : { maxBitrate: archive.maxBitrate }),
    ...(archive.quantizationParameter === null
      ? {}
      : { quantizationParameter: archive.quantizationParameter }),
    // A fresh, signed-looking link on every read, only while Vonage holds the file.
    url:
      archive.status === "available"
        ? `${emulatedArchiveHost}/${applicationId}/${archive.id}/archive.mp4?Expires=${expires}&Signature=${archive.id.slice(0, 8)}${expires}`
        : null,
    streams: archive.streams.map((s) => ({ ...s })),
  };
}

/**
 * Vonage's reference (Broadcast `settings.hls.dvr`): "With DVR enabled, the HLS URL will include a
 * ?DVR query string appended to the end."
 */
function hlsUrl(broadcast: EmulatedBroadcast, applicationId: string): string {
  const url = `${emulatedHlsHost}/${applicationId}/${broadcast.id}/playlist.m3u8`;
  return broadcast.hls?.dvr === true ? `${url}?DVR` : url;
}

export function broadcastJson(
  broadcast: EmulatedBroadcast,
  applicationId: string,
): Record<string, unknown> {
  return {
    id: broadcast.id,
    sessionId: broadcast.sessionId,
    applicationId,
    ...(broadcast.multiBroadcastTag === null
      ? {}
      : { multiBroadcastTag: broadcast.multiBroadcastTag }),
    createdAt: broadcast.createdAt,
    updatedAt: broadcast.updatedAt,
    maxDuration: broadcast.maxDuration,
    ...(broadcast.maxBitrate === null ? {} : { maxBitrate: broadcast.maxBitrate }),
    resolution: broadcast.resolution,
    status: broadcast.status,
    reason: broadcast.reason,
    // A broadcast that is over has no URLs: Vonage answers `broadcastUrls: null` once stopped.
    broadcastUrls:
      broadcast.status === "started"
        ? {
            ...(broadcast.hls === null ? {} : { hls: hlsUrl(broadcast, applicationId) }),
            // Reference: each RTMP target with its id, serverUrl, streamName and a status
            // ("connecting" when the broadcast starts). Assumption: it stays "connecting".
            rtmp: broadcast.rtmp.map((target) => ({
              ...(target.id === null ? {} : { id: target.id }),
              serverUrl: target.serverUrl,
              streamName: target.streamName,
              status: "connecting",
            })),
          }
        : null,
    settings: broadcast.hls === null ? {} : { hls: { ...broadcast.hls } },
    streamMode: broadcast.streamMode,
    streams: broadcast.streams.map((s) => ({ ...s })),
    hasAudio: broadcast.hasAudio,
    hasVideo: broadcast.hasVideo,
  };
}

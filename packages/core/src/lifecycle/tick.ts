// The periodic check: idle alert (R-LIFE-8), segment rotation, recording restarts, stalled calls.
import type { DecideOptions } from "./commands.js";
import { revokeAgain } from "./presence.js";
import { activeSegment } from "./recording-segments.js";
import { replaceSegment, requestBroadcast, requestSegment, requestStop } from "./segments.js";
import { pushStage } from "./stage.js";
import { system, type Transition } from "./transition.js";

/** The longest wait between two restarts (recording, broadcast) the provider keeps refusing. */
const maxRestartBackoffMs = 30 * 60_000;

export function onTick(t: Transition, now: number, options: DecideOptions) {
  if (t.live.phase !== "live") return;
  revokeAgain(t, now, options);
  if (t.live.stagePushFailedAt !== undefined) {
    t.record(
      "stage-changed",
      system,
      {
        streamIds: t.live.stage.streamIds,
        layout: t.live.stage.layout,
        focusStreamId: t.live.stage.focusStreamId,
      },
      "applied again after a provider failure",
    );
    pushStage(t);
  }
  // R-LIFE-8: nobody publishing for too long: someone must be told, since only a moderator can stop.
  const since = Date.parse(t.live.lastPublishingAt ?? t.live.startedAt ?? t.at);
  if (
    t.live.streams.length === 0 &&
    t.live.idleAlertedAt === null &&
    now - since >= options.idleAlertMs
  ) {
    t.set({ idleAlertedAt: t.at });
    t.record("idle-alert", system, { idleMs: now - since });
    t.effects.push({
      type: "notify",
      kind: "idle-alert",
      data: { sessionId: t.session.id, idleMs: now - since },
    });
  }
  const broadcast = t.live.broadcast;
  const retryAfter = Math.min(
    options.reconcileGraceMs * 2 ** Math.max(0, (broadcast?.attempts ?? 1) - 2),
    maxRestartBackoffMs,
  );
  if (
    options.audienceDelivery === "hls" &&
    broadcast?.status === "starting" &&
    broadcast.broadcastId === null &&
    now - Date.parse(broadcast.requestedAt) >= retryAfter
  ) {
    // R-LIFE-6: the broadcast start was saved but its outcome never arrived (a crash): ask again.
    t.record("broadcast-failed", system, {}, "no answer from the provider");
    requestBroadcast(t);
  } else if (
    options.audienceDelivery === "hls" &&
    (broadcast?.status === "failed" || broadcast?.status === "stopped") &&
    t.live.connections.length > 0 &&
    now - Date.parse(broadcast.requestedAt) >= retryAfter
  ) {
    // R-AUD-1: the audience's broadcast failed (or stopped) while the live goes on: ask again,
    // after the grace period, then with a doubling delay while the provider keeps refusing.
    requestBroadcast(t);
  }
  const playing = t.live.broadcast;
  if (
    options.broadcastWarmupMs > 0 &&
    playing?.status === "started" &&
    playing.startedAt !== undefined &&
    now - Date.parse(playing.startedAt) >= options.broadcastWarmupMs &&
    playing.playable !== true
  ) {
    // R-AUD-1: the warm-up is over: a change, so that viewers following the live get the URL.
    t.set({ broadcast: { ...playing, playable: true } });
    t.record("broadcast-playable", system, { broadcastId: playing.broadcastId });
  }
  const segment = activeSegment(t.live.segments);
  if (
    segment?.recordingId &&
    segment.startedAt !== null &&
    now - Date.parse(segment.startedAt) >= options.segmentMaxMs
  ) {
    // R-LIFE-3: rotate before the provider's maximum duration cuts the recording.
    replaceSegment(t, segment.index, { status: "stopped", stoppedAt: t.at, reason: "rotated" });
    t.record(
      "recording-status",
      system,
      { segmentIndex: segment.index, recordingId: segment.recordingId, status: "stopped" },
      "rotated",
    );
    requestStop(t, segment.index, segment.recordingId);
    requestSegment(t, "segment rotation before the provider's maximum duration");
  } else if (
    segment === undefined &&
    t.live.connections.length > 0 &&
    now >= restartAllowedAt(t, options)
  ) {
    requestSegment(t, "recording resumed");
  }
}

/**
 * R-LIFE-3: the tick restarts recording as soon as the provider allows it, but a provider that
 * keeps refusing (e.g. a connection whose end was lost, in a room nobody is in) is asked again
 * with a doubling delay, so the tick never loops and the history never grows by the turn.
 */
function restartAllowedAt(t: Transition, options: DecideOptions): number {
  let refused = 0;
  let lastAt = 0;
  for (let i = t.live.segments.length - 1; i >= 0; i--) {
    const s = t.live.segments[i];
    if (s === undefined || s.status !== "failed" || s.recordingId !== null) break;
    refused++;
    if (lastAt === 0) lastAt = Date.parse(s.stoppedAt ?? s.requestedAt);
  }
  // One refusal (or a start lost in a crash) is asked again at once; then the delay doubles.
  if (refused <= 1) return 0;
  const wait = Math.min(options.reconcileGraceMs * 2 ** (refused - 2), maxRestartBackoffMs);
  return lastAt + wait;
}

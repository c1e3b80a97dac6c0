// The periodic check: idle alert (R-LIFE-8), segment rotation, recording restarts, stalled calls.
import type { DecideOptions } from "./commands.js";
import { revokeAgain } from "./presence.js";
import { activeSegment } from "./recording-segments.js";
import { replaceSegment, requestBroadcast, requestSegment, requestStop } from "./segments.js";
import { pushStage } from "./stage.js";
import { system, type Transition } from "./transition.js";

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
  if (
    options.audienceDelivery === "hls" &&
    broadcast?.status === "starting" &&
    broadcast.broadcastId === null &&
    now - Date.parse(broadcast.requestedAt) >= options.reconcileGraceMs
  ) {
    // R-LIFE-6: the broadcast start was saved but its outcome never arrived (a crash): ask again.
    t.record("broadcast-failed", system, {}, "no answer from the provider");
    requestBroadcast(t);
  } else if (
    options.audienceDelivery === "hls" &&
    (broadcast?.status === "failed" || broadcast?.status === "stopped") &&
    t.live.connections.length > 0 &&
    now - Date.parse(broadcast.requestedAt) >= options.reconcileGraceMs
  ) {
    // R-AUD-1: the audience's broadcast failed (or stopped) while the live goes on: ask again,
    // at most once per grace period.
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
  } else if (segment === undefined && t.live.connections.length > 0) {
    requestSegment(t, "recording resumed");
  }
}

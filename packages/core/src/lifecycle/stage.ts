// What is on screen (R-STAGE-1, R-STAGE-2): chosen by moderators, pushed to the outputs.
import { LiveError } from "../errors.js";
import { Capability } from "../roles/capabilities.js";
import { requireCapability } from "../roles/require-capability.js";
import type { LiveSession } from "../session/model.js";
import { sameStage, validateStage } from "../stage/stage-rules.js";
import type { DecideOptions, PersonActor } from "./commands.js";
import { activeSegment } from "./recording-segments.js";
import { system, type Transition } from "./transition.js";

// R-STAGE-1: only a moderator chooses what is on screen; only live streams can be put there.
export function setStage(
  t: Transition,
  actor: PersonActor,
  requested: LiveSession["live"]["stage"],
  options: DecideOptions,
) {
  requireCapability(actor, Capability.manageStage, "choose what is on screen");
  if (t.live.phase === "ended") throw new LiveError("LIVE_ENDED", "This live has been stopped.");
  const stage = validateStage(requested, t.live.streams, options.maxStageStreams);
  if (sameStage(stage, t.live.stage)) return;
  t.set({ stage, stageChangedAt: t.at });
  t.record("stage-changed", actor, {
    streamIds: stage.streamIds,
    layout: stage.layout,
    focusStreamId: stage.focusStreamId,
  });
  pushStage(t);
}

export function pushStage(t: Transition) {
  if (t.live.phase !== "live") return;
  // A failure of this push comes back as `stage-push-failed`; until then the stage is applied.
  if (t.live.stagePushFailedAt !== undefined) {
    const { stagePushFailedAt: _applied, ...live } = t.live;
    t.live = live;
  }
  const segment = activeSegment(t.live.segments);
  const broadcast = t.live.broadcast;
  const recordingId = segment?.recordingId ?? null;
  const broadcastId = broadcast?.status === "started" ? broadcast.broadcastId : null;
  if (recordingId === null && broadcastId === null) return;
  t.effects.push({ type: "apply-stage", stage: t.live.stage, recordingId, broadcastId });
}

// R-STAGE-1: the outputs may still show a stream taken off the stage: applied again by tick.
export function onStagePushFailed(t: Transition, reason: string) {
  if (t.live.phase !== "live" || t.live.stagePushFailedAt !== undefined) return;
  t.set({ stagePushFailedAt: t.at });
  t.record("stage-push-failed", system, {}, reason);
}

/** Whether the stage changed at or after `since` (a start sent earlier carried an older one). */
export function stageChangedSince(t: Transition, since: string): boolean {
  const changed = t.live.stageChangedAt;
  return changed !== undefined && Date.parse(changed) >= Date.parse(since);
}

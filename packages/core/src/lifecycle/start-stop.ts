// Starting and stopping the live (R-LIFE-1, R-LIFE-2, R-LIFE-4).
import { LiveError } from "../errors.js";
import { Capability } from "../roles/capabilities.js";
import { requireCapability } from "../roles/require-capability.js";
import type { DecideOptions, PersonActor } from "./commands.js";
import { isActive } from "./recording-segments.js";
import {
  requestBroadcast,
  requestBroadcastStop,
  requestSegment,
  requestStop,
  updateReplay,
} from "./segments.js";
import { resendStops } from "./settle.js";
import { system, type Transition } from "./transition.js";

// R-LIFE-1: a moderator starts a published live session, at any time; starting is irreversible.
export function startLive(t: Transition, actor: PersonActor, options: DecideOptions) {
  requireCapability(actor, Capability.startLive, "start the live");
  const { session } = t;
  if (session.streamType !== "live") {
    throw new LiveError("NOT_LIVE_STREAM", "This session does not use the live stream type.");
  }
  if (session.status !== "published") {
    throw new LiveError("NOT_PUBLISHED", "Publish the session before starting the live.");
  }
  if (t.live.phase === "live") return; // idempotent: the same state back, no second provider call
  if (t.live.phase === "ended") {
    throw new LiveError(
      "LIVE_ENDED",
      "This live has been stopped; a stopped live cannot start again.",
    );
  }
  if (t.live.roomId === null) {
    throw new LiveError("CONFLICT", "The live room is not ready yet; try again.", {
      retriable: true,
    });
  }
  t.set({ phase: "live", startedAt: t.at, startedBy: actor.personKey, lastPublishingAt: t.at });
  t.record("live-started", actor);
  requestSegment(t, "live started");
  if (options.audienceDelivery === "hls") requestBroadcast(t);
}

// R-LIFE-2 and R-LIFE-4: a moderator stops the live; it is final and the replay starts processing.
export function stopLive(t: Transition, actor: PersonActor, now: number) {
  requireCapability(actor, Capability.stopLive, "stop the live");
  if (t.live.phase === "scheduled") {
    throw new LiveError("LIVE_NOT_STARTED", "The live has not started yet.");
  }
  if (t.live.phase === "ended") {
    // Idempotent, except that an output whose stop call failed is asked to stop again at once
    // (R-LIFE-6); a stop that may still be in flight is not doubled (R-LIFE-5): the tick asks it
    // again after the grace period.
    resendStops(t, now, Number.POSITIVE_INFINITY, actor);
    return;
  }
  t.set({ phase: "ended", endedAt: t.at, endedBy: actor.personKey });
  t.record("live-stopped", actor);
  // Every segment still recording stops (normally one; two when a late start was adopted).
  for (const segment of t.live.segments) {
    if (isActive(segment) && segment.recordingId !== null && segment.stopRequestedAt === null) {
      requestStop(t, segment.index, segment.recordingId);
    }
  }
  const broadcast = t.live.broadcast;
  if (
    broadcast?.broadcastId &&
    (broadcast.status === "started" || broadcast.status === "starting")
  ) {
    requestBroadcastStop(t, broadcast.broadcastId);
  }
  updateReplay(t, system);
}

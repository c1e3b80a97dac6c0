// The outputs: recording segments and the audience broadcast, as asked and as the provider reports
// them (R-LIFE-3, R-LIFE-4, R-LIFE-6, R-LIFE-7, R-DATA-1).
import type { ProviderEvent } from "../ports/live-provider.js";
import type { Actor, RecordingSegment } from "../session/model.js";
import {
  activeSegment,
  holdsVideo,
  isActive,
  isWatchable,
  movesForward,
  newSegment,
  replayStatusOf,
} from "./recording-segments.js";
import { pushStage, stageChangedSince } from "./stage.js";
import { provider, system, type Transition } from "./transition.js";

export function requestSegment(t: Transition, why: string) {
  const index = t.live.segments.length + 1;
  const segment = newSegment(t.session.id, index, t.at);
  t.set({ segments: [...t.live.segments, segment] });
  t.record("recording-requested", system, { segmentIndex: index, name: segment.name }, why);
  t.effects.push({
    type: "start-recording",
    segmentIndex: index,
    name: segment.name,
    stage: t.live.stage,
  });
}

export function requestBroadcast(t: Transition) {
  const previous = t.live.broadcast;
  // Consecutive asks that never started: the tick waits longer after each (R-AUD-1).
  const attempts =
    previous !== null && previous.startedAt === undefined ? (previous.attempts ?? 1) + 1 : 1;
  t.set({
    broadcast: {
      ...(attempts > 1 ? { attempts } : {}),
      broadcastId: null,
      status: "starting",
      hlsUrl: null,
      requestedAt: t.at,
      reason: null,
      replacesId: t.live.broadcast?.broadcastId ?? t.live.broadcast?.replacesId ?? null,
    },
  });
  t.record("broadcast-requested", system);
  t.effects.push({ type: "start-broadcast", stage: t.live.stage });
}

export function requestStop(t: Transition, index: number, recordingId: string) {
  replaceSegment(t, index, { stopRequestedAt: t.at, stopFailed: false });
  t.effects.push({ type: "stop-recording", recordingId });
}

/** Saves when the broadcast was asked to stop (the intent first, R-LIFE-6) and asks it. */
export function requestBroadcastStop(t: Transition, broadcastId: string) {
  const broadcast = t.live.broadcast;
  if (broadcast !== null)
    t.set({ broadcast: { ...broadcast, stopRequestedAt: t.at, stopFailed: false } });
  t.effects.push({ type: "stop-broadcast", broadcastId });
}

export function stopStray(t: Transition, recordingId: string, graceMs: number, now: number) {
  const segment = t.live.segments.find((s) => s.recordingId === recordingId);
  if (segment === undefined) return;
  const wanted =
    t.live.phase === "live" && (segment.status === "started" || segment.status === "paused");
  if (wanted) return;
  const asked = segment.stopRequestedAt === null ? null : Date.parse(segment.stopRequestedAt);
  if (asked !== null && now - asked < graceMs) return; // a stop is probably still in flight
  t.record(
    "recording-stop-requested",
    system,
    { segmentIndex: segment.index, recordingId },
    "still recording at the provider",
  );
  requestStop(t, segment.index, recordingId);
}

export function replaceSegment(t: Transition, index: number, patch: Partial<RecordingSegment>) {
  t.set({ segments: t.live.segments.map((s) => (s.index === index ? { ...s, ...patch } : s)) });
}

export function onRecordingStarted(t: Transition, index: number, recordingId: string) {
  const segment = t.live.segments.find((s) => s.index === index);
  if (segment === undefined || segment.recordingId !== null) return;
  // A start given up on (no answer in time) that did reach the provider records after all: its
  // video is kept, as a segment of the replay.
  const late = segment.status === "failed";
  const status = segment.status === "starting" || late ? "started" : segment.status;
  replaceSegment(t, index, {
    recordingId,
    status,
    startedAt: segment.startedAt ?? t.at,
    ...(late ? { stoppedAt: null, reason: null } : {}),
  });
  t.record(
    "recording-started",
    provider,
    { segmentIndex: index, recordingId },
    late ? "late answer" : null,
  );
  settleStartedSegment(t, index, recordingId);
}

/**
 * A segment the provider now records: it gets the current stage (which may have changed while it
 * was starting), or is stopped when the live has ended or another segment already took over.
 */
export function settleStartedSegment(t: Transition, index: number, recordingId: string) {
  const segment = t.live.segments.find((s) => s.index === index);
  if (segment === undefined || (segment.status !== "started" && segment.status !== "paused")) {
    if (t.live.phase === "ended") updateReplay(t, provider);
    return;
  }
  const replaced = t.live.segments.some((s) => s.index !== index && isActive(s));
  if (t.live.phase === "ended" || replaced) {
    if (segment.stopRequestedAt === null) requestStop(t, index, recordingId);
  } else if (t.live.phase === "live" && stageChangedSince(t, segment.requestedAt)) {
    // The start carried the stage of its request: only a later change needs applying.
    pushStage(t);
  }
  if (t.live.phase === "ended") updateReplay(t, provider);
}

export function onRecordingStartFailed(t: Transition, index: number, reason: string) {
  const segment = t.live.segments.find((s) => s.index === index);
  if (segment === undefined || segment.status !== "starting" || segment.recordingId !== null)
    return;
  replaceSegment(t, index, { status: "failed", reason, stoppedAt: t.at });
  t.record("recording-failed", provider, { segmentIndex: index }, reason);
  if (t.live.phase === "live") t.record("recording-gap", system, { afterSegment: index }, reason);
  else updateReplay(t, provider);
}

export function onBroadcastStarted(t: Transition, broadcastId: string, hlsUrl: string | null) {
  const broadcast = t.live.broadcast;
  if (broadcast === null || broadcast.status !== "starting") return;
  t.set({ broadcast: { ...broadcast, broadcastId, status: "started", hlsUrl, startedAt: t.at } });
  t.record("broadcast-started", provider, { broadcastId });
  if (t.live.phase === "ended") {
    requestBroadcastStop(t, broadcastId);
  } else pushStage(t);
}

export function onBroadcastFailed(t: Transition, reason: string) {
  const broadcast = t.live.broadcast;
  if (broadcast === null || broadcast.status !== "starting") return;
  t.set({ broadcast: { ...broadcast, status: "failed", reason } });
  t.record("broadcast-failed", provider, {}, reason);
}

export function onRecordingStatus(
  t: Transition,
  event: Extract<ProviderEvent, { type: "recording" }>,
) {
  let segment = t.live.segments.find((s) => s.recordingId === event.recordingId);
  let adopted = false;
  if (segment === undefined && event.name !== null) {
    // R-LIFE-6: adopt a recording started before a crash, found by its deterministic name.
    const named = t.live.segments.find((s) => s.name === event.name && s.recordingId === null);
    if (named !== undefined) {
      replaceSegment(t, named.index, {
        recordingId: event.recordingId,
        status: named.status === "failed" ? "starting" : named.status,
      });
      t.record(
        "recording-started",
        provider,
        { segmentIndex: named.index, recordingId: event.recordingId },
        "adopted",
      );
      segment = t.live.segments.find((s) => s.index === named.index);
      adopted = true;
    }
  }
  if (segment === undefined) return; // not ours (or already forgotten): acknowledged and ignored
  if (!movesForward(segment.status, event.status)) return; // duplicates and late, older statuses
  const wasActive =
    segment.status === "starting" || segment.status === "started" || segment.status === "paused";
  const ended = event.status !== "started" && event.status !== "paused";
  replaceSegment(t, segment.index, {
    status: event.status,
    startedAt: segment.startedAt ?? (event.status === "started" ? t.at : null),
    stoppedAt: ended ? (segment.stoppedAt ?? t.at) : segment.stoppedAt,
    reason: event.reason ?? segment.reason,
    duration: event.duration ?? segment.duration,
    uploaded: segment.uploaded || event.status === "uploaded",
  });
  t.record(
    "recording-status",
    provider,
    { segmentIndex: segment.index, recordingId: event.recordingId, status: event.status },
    event.reason,
  );
  if (event.status === "available" && !segment.uploaded) {
    // R-LIFE-7: the file lives only on the provider's temporary storage: tell the platform.
    t.record("replay-temporary-storage", system, {
      segmentIndex: segment.index,
      recordingId: event.recordingId,
    });
    t.effects.push({
      type: "notify",
      kind: "replay-temporary-storage",
      data: {
        sessionId: t.session.id,
        segmentIndex: segment.index,
        recordingId: event.recordingId,
      },
    });
  }
  if (t.live.phase === "live" && wasActive && ended) {
    // R-LIFE-3: the provider stopped recording on its own; the live goes on with a new segment.
    t.record(
      "recording-gap",
      system,
      { afterSegment: segment.index },
      event.reason ?? event.status,
    );
    if (t.live.connections.length > 0 && activeSegment(t.live.segments) === undefined) {
      requestSegment(t, "recording stopped by the provider");
    }
  }
  if (!ended && (adopted || t.live.phase === "ended")) {
    // R-LIFE-6 and R-LIFE-2: a recording found by its name, or reported recording after the
    // stop (its start answer still on its way), gets the stage, or is stopped.
    settleStartedSegment(t, segment.index, event.recordingId);
    return;
  }
  if (t.live.phase === "ended") updateReplay(t, provider);
}

export function onBroadcastStatus(
  t: Transition,
  event: Extract<ProviderEvent, { type: "broadcast" }>,
) {
  const broadcast = t.live.broadcast;
  if (broadcast === null) return;
  if (broadcast.broadcastId !== null && broadcast.broadcastId !== event.broadcastId) return;
  // A broadcast asked again has no id yet: a repeated or late delivery about the one it replaces
  // is never about this one.
  if (broadcast.broadcastId === null && event.broadcastId === broadcast.replacesId) return;
  if (event.status === "started") {
    if (broadcast.status !== "starting") return;
    t.set({
      broadcast: {
        ...broadcast,
        broadcastId: event.broadcastId,
        status: "started",
        hlsUrl: event.hlsUrl ?? broadcast.hlsUrl,
        startedAt: t.at,
      },
    });
    t.record("broadcast-started", provider, { broadcastId: event.broadcastId });
    // The stage may have changed while the broadcast was starting.
    if (t.live.phase === "live") pushStage(t);
    return;
  }
  if (broadcast.status === "stopped" || broadcast.status === "failed") return;
  t.set({
    broadcast: {
      ...broadcast,
      broadcastId: event.broadcastId,
      status: event.status,
      reason: event.reason,
    },
  });
  t.record(
    event.status === "failed" ? "broadcast-failed" : "broadcast-stopped",
    provider,
    { broadcastId: event.broadcastId },
    event.reason,
  );
  // R-LIFE-3 for the audience: a broadcast stopped by the provider is restarted while the live goes on.
  if (t.live.phase === "live" && t.live.connections.length > 0) requestBroadcast(t);
}

// R-DATA-1: recordings past their retention are gone; the replay says so.
export function onRecordingsExpired(t: Transition, recordingIds: readonly string[]) {
  const gone = new Set(recordingIds);
  for (const segment of t.live.segments) {
    if (segment.recordingId === null || !gone.has(segment.recordingId)) continue;
    if (!movesForward(segment.status, "expired")) continue;
    replaceSegment(t, segment.index, { status: "expired", reason: "retention" });
    t.record(
      "recording-status",
      system,
      { segmentIndex: segment.index, recordingId: segment.recordingId, status: "expired" },
      "retention",
    );
  }
  updateReplay(t, system);
}

export function updateReplay(t: Transition, actor: Actor) {
  if (t.live.phase !== "ended") return;
  const replay = replayStatusOf(t.live.segments);
  if (replay === t.live.replay) return;
  const recorded = t.live.segments.filter(holdsVideo);
  const reason =
    replay === "failed"
      ? recorded.length === 0
        ? "nothing was recorded"
        : (recorded.find((s) => !isWatchable(s))?.reason ?? "every recording failed")
      : null;
  t.set({ replay, replayReason: reason });
  t.record("replay-status", actor, { status: replay }, reason);
  if (replay === "failed") {
    t.effects.push({
      type: "notify",
      kind: "replay-failed",
      data: { sessionId: t.session.id, reason },
    });
  }
}

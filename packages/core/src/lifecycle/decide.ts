// The pure heart of onair: given a session, a command and the time, what happens (SPEC §2–§4).
// No I/O here: the service saves the events and runs the effects.
import { LiveError } from "../errors.js";
import type { ProviderEvent } from "../ports/live-provider.js";
import { Capability } from "../roles/capabilities.js";
import { requireCapability } from "../roles/require-capability.js";
import type {
  Actor,
  ControlRoomConnection,
  LiveEvent,
  LiveEventType,
  LiveSession,
  LiveState,
  RecordingSegment,
} from "../session/model.js";
import { holdsRole } from "../session/session-rules.js";
import { sameStage, validateStage, withoutStreams } from "../stage/stage-rules.js";
import {
  type DecideOptions,
  type Decision,
  type DisconnectReason,
  defaultDecideOptions,
  type LiveCommand,
  type LiveEffect,
  type PersonActor,
} from "./commands.js";
import { decodeConnectionData } from "./connection-data.js";
import {
  activeSegment,
  holdsVideo,
  isActive,
  isWatchable,
  movesForward,
  newSegment,
  replayStatusOf,
} from "./recording-segments.js";

const provider: Actor = { kind: "provider" };
const system: Actor = { kind: "system" };

/** Collects the events and effects of one decision while the live state evolves. */
class Transition {
  readonly events: LiveEvent[] = [];
  readonly effects: LiveEffect[] = [];
  live: LiveState;

  constructor(
    readonly session: LiveSession,
    readonly at: string,
  ) {
    this.live = session.live;
  }

  record(
    type: LiveEventType,
    actor: Actor,
    data: Record<string, unknown> = {},
    reason: string | null = null,
  ) {
    this.events.push({ sessionId: this.session.id, type, actor, at: this.at, reason, data });
  }

  set(patch: Partial<LiveState>) {
    this.live = { ...this.live, ...patch };
  }

  result(): Decision {
    if (this.events.length === 0)
      return { events: [], effects: this.effects, session: this.session };
    return {
      events: this.events,
      effects: this.effects,
      session: { ...this.session, live: this.live },
    };
  }
}

export function decide(
  session: LiveSession,
  command: LiveCommand,
  now: number,
  options: DecideOptions = defaultDecideOptions,
): Decision {
  const t = new Transition(session, new Date(now).toISOString());
  switch (command.type) {
    case "start-live":
      startLive(t, command.actor, options);
      break;
    case "stop-live":
      stopLive(t, command.actor);
      break;
    case "set-stage":
      setStage(t, command.actor, command.stage, options);
      break;
    case "provider-event":
      onProviderEvent(t, command.event, options, now);
      break;
    case "recording-start-succeeded":
      onRecordingStarted(t, command.segmentIndex, command.recordingId);
      break;
    case "recording-start-failed":
      onRecordingStartFailed(t, command.segmentIndex, command.reason);
      break;
    case "broadcast-start-succeeded":
      onBroadcastStarted(t, command.broadcastId, command.hlsUrl);
      break;
    case "broadcast-start-failed":
      onBroadcastFailed(t, command.reason);
      break;
    case "stop-stray-recording":
      stopStray(t, command.recordingId, command.graceMs, now);
      break;
    case "stage-push-failed":
      onStagePushFailed(t, command.reason);
      break;
    case "tick":
      onTick(t, now, options);
      break;
    case "recordings-expired":
      onRecordingsExpired(t, command.recordingIds);
      break;
  }
  return t.result();
}

// R-LIFE-1: a moderator starts a published live session, at any time; starting is irreversible.
function startLive(t: Transition, actor: PersonActor, options: DecideOptions) {
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
function stopLive(t: Transition, actor: PersonActor) {
  requireCapability(actor, Capability.stopLive, "stop the live");
  if (t.live.phase === "scheduled") {
    throw new LiveError("LIVE_NOT_STARTED", "The live has not started yet.");
  }
  if (t.live.phase === "ended") return; // idempotent
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
    t.effects.push({ type: "stop-broadcast", broadcastId: broadcast.broadcastId });
  }
  updateReplay(t, system);
}

// R-STAGE-1: only a moderator chooses what is on screen; only live streams can be put there.
function setStage(
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

function pushStage(t: Transition) {
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
function onStagePushFailed(t: Transition, reason: string) {
  if (t.live.phase !== "live" || t.live.stagePushFailedAt !== undefined) return;
  t.set({ stagePushFailedAt: t.at });
  t.record("stage-push-failed", system, {}, reason);
}

/** Whether the stage changed at or after `since` (a start sent earlier carried an older one). */
function stageChangedSince(t: Transition, since: string): boolean {
  const changed = t.live.stageChangedAt;
  return changed !== undefined && Date.parse(changed) >= Date.parse(since);
}

function requestSegment(t: Transition, why: string) {
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

function requestBroadcast(t: Transition) {
  t.set({
    broadcast: {
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

function requestStop(t: Transition, index: number, recordingId: string) {
  replaceSegment(t, index, { stopRequestedAt: t.at });
  t.effects.push({ type: "stop-recording", recordingId });
}

function stopStray(t: Transition, recordingId: string, graceMs: number, now: number) {
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

function replaceSegment(t: Transition, index: number, patch: Partial<RecordingSegment>) {
  t.set({ segments: t.live.segments.map((s) => (s.index === index ? { ...s, ...patch } : s)) });
}

function onRecordingStarted(t: Transition, index: number, recordingId: string) {
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
function settleStartedSegment(t: Transition, index: number, recordingId: string) {
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

function onRecordingStartFailed(t: Transition, index: number, reason: string) {
  const segment = t.live.segments.find((s) => s.index === index);
  if (segment === undefined || segment.status !== "starting" || segment.recordingId !== null)
    return;
  replaceSegment(t, index, { status: "failed", reason, stoppedAt: t.at });
  t.record("recording-failed", provider, { segmentIndex: index }, reason);
  if (t.live.phase === "live") t.record("recording-gap", system, { afterSegment: index }, reason);
  else updateReplay(t, provider);
}

function onBroadcastStarted(t: Transition, broadcastId: string, hlsUrl: string | null) {
  const broadcast = t.live.broadcast;
  if (broadcast === null || broadcast.status !== "starting") return;
  t.set({ broadcast: { ...broadcast, broadcastId, status: "started", hlsUrl, startedAt: t.at } });
  t.record("broadcast-started", provider, { broadcastId });
  if (t.live.phase === "ended") t.effects.push({ type: "stop-broadcast", broadcastId });
  else pushStage(t);
}

function onBroadcastFailed(t: Transition, reason: string) {
  const broadcast = t.live.broadcast;
  if (broadcast === null || broadcast.status !== "starting") return;
  t.set({ broadcast: { ...broadcast, status: "failed", reason } });
  t.record("broadcast-failed", provider, {}, reason);
}

function onProviderEvent(t: Transition, event: ProviderEvent, options: DecideOptions, now: number) {
  if (t.live.roomId !== event.roomId) return; // not this session's room: ignore
  switch (event.type) {
    case "recording":
      return onRecordingStatus(t, event);
    case "broadcast":
      return onBroadcastStatus(t, event);
    case "connection-created":
      return onConnectionCreated(t, event, options);
    case "connection-destroyed":
      return onConnectionDestroyed(t, event.connectionId, event.reason);
    case "stream-created":
      return onStreamCreated(t, event, options, now);
    case "stream-destroyed":
      return onStreamDestroyed(t, event.streamId, event.reason);
  }
}

function onRecordingStatus(t: Transition, event: Extract<ProviderEvent, { type: "recording" }>) {
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

function onBroadcastStatus(t: Transition, event: Extract<ProviderEvent, { type: "broadcast" }>) {
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

function onConnectionCreated(
  t: Transition,
  event: Extract<ProviderEvent, { type: "connection-created" }>,
  options: DecideOptions,
) {
  const who = decodeConnectionData(event.connectionData);
  if (who === null || who.role === "attendee") return; // audience connections are counted, not tracked
  if (t.live.connections.some((c) => c.connectionId === event.connectionId)) return; // duplicate
  const participant = t.session.participants.find(
    (p) => p.personKey === who.personKey && p.role === who.role,
  );
  if (participant === undefined) {
    // R-PERM-5: access was removed or changed after the grant: out at once.
    sendAway(t, event.connectionId, null, "access-revoked");
    return;
  }
  // R-PERM-6: one control-room connection per person; the newest takes over.
  const older = t.live.connections.filter((c) => c.personKey === who.personKey);
  if (older.some((c) => event.at < Date.parse(c.at))) {
    // A late (or repeated) delivery: this connection opened before the one kept, so it is the
    // older one and goes, never the newer.
    sendAway(t, event.connectionId, who.personKey, "opened-elsewhere");
    return;
  }
  const connection: ControlRoomConnection = {
    connectionId: event.connectionId,
    personKey: who.personKey,
    role: participant.role,
    grantId: who.grantId,
    at: new Date(event.at).toISOString(),
  };
  t.set({
    connections: [...t.live.connections.filter((c) => c.personKey !== who.personKey), connection],
  });
  t.record("connection-created", provider, {
    connectionId: event.connectionId,
    personKey: who.personKey,
    role: participant.role,
  });
  for (const old of older) sendAway(t, old.connectionId, old.personKey, "opened-elsewhere");
  resumeOutputs(t, options);
}

/** R-LIFE-3: a client is back, so the provider allows recording (and broadcasting) again. */
function resumeOutputs(t: Transition, options: DecideOptions) {
  if (t.live.phase !== "live") return;
  if (activeSegment(t.live.segments) === undefined) requestSegment(t, "a client is back");
  const broadcast = t.live.broadcast;
  if (
    options.audienceDelivery === "hls" &&
    (broadcast === null || broadcast.status === "stopped" || broadcast.status === "failed")
  ) {
    requestBroadcast(t);
  }
}

function onConnectionDestroyed(t: Transition, connectionId: string, reason: string | null) {
  const connection = t.live.connections.find((c) => c.connectionId === connectionId);
  if (connection === undefined) return;
  t.set({ connections: t.live.connections.filter((c) => c.connectionId !== connectionId) });
  t.record(
    "connection-destroyed",
    provider,
    { connectionId, personKey: connection.personKey },
    reason,
  );
  const streams = t.live.streams.filter((s) => s.connectionId === connectionId);
  for (const stream of streams) onStreamDestroyed(t, stream.streamId, reason);
}

function onStreamCreated(
  t: Transition,
  event: Extract<ProviderEvent, { type: "stream-created" }>,
  options: DecideOptions,
  now: number,
) {
  if (t.live.streams.some((s) => s.streamId === event.streamId)) return;
  const who = decodeConnectionData(event.connectionData);
  // Only moderators and speakers of the session publish: a stream from anyone else (a grant
  // revoked meanwhile, a connection onair does not know) can never reach the stage (R-PERM-1).
  const entitled =
    who === null
      ? t.live.connections.some((c) => c.connectionId === event.connectionId)
      : holdsRole(t.session, who.personKey, who.role);
  if (!entitled) return;
  t.set({
    streams: [
      ...t.live.streams,
      {
        streamId: event.streamId,
        connectionId: event.connectionId,
        personKey: who?.personKey ?? null,
        videoType: event.videoType,
        createdAt: t.at,
      },
    ],
    lastPublishingAt: new Date(now).toISOString(),
    idleAlertedAt: null,
  });
  // R-STAGE-1: a new stream stays backstage until a moderator puts it on stage.
  t.record("stream-created", provider, {
    streamId: event.streamId,
    connectionId: event.connectionId,
    videoType: event.videoType,
  });
  resumeOutputs(t, options);
}

// R-STAGE-2: an ended stream leaves the stage and the layout is rebuilt from what remains.
function onStreamDestroyed(t: Transition, streamId: string, reason: string | null) {
  if (!t.live.streams.some((s) => s.streamId === streamId)) return;
  const streams = t.live.streams.filter((s) => s.streamId !== streamId);
  t.set({ streams, ...(streams.length === 0 ? { lastPublishingAt: t.at } : {}) });
  t.record("stream-destroyed", provider, { streamId }, reason);
  const stage = withoutStreams(t.live.stage, new Set([streamId]));
  if (stage !== t.live.stage) {
    t.set({ stage, stageChangedAt: t.at });
    t.record(
      "stage-changed",
      system,
      { streamIds: stage.streamIds, layout: stage.layout, focusStreamId: stage.focusStreamId },
      "stream ended",
    );
    pushStage(t);
  }
}

function onTick(t: Transition, now: number, options: DecideOptions) {
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

/**
 * R-PERM-5: a connection whose access was removed is disconnected at once by the edit; while the
 * provider has not reported it gone, the disconnect is asked again, once per grace period.
 */
function revokeAgain(t: Transition, now: number, options: DecideOptions) {
  const revoked = t.live.connections.filter(
    (c) =>
      !holdsRole(t.session, c.personKey, c.role) &&
      (c.revokedAt === undefined || now - Date.parse(c.revokedAt) >= options.reconcileGraceMs),
  );
  if (revoked.length === 0) return;
  const ids = new Set(revoked.map((c) => c.connectionId));
  t.set({
    connections: t.live.connections.map((c) =>
      ids.has(c.connectionId) ? { ...c, revokedAt: t.at } : c,
    ),
  });
  for (const c of revoked) sendAway(t, c.connectionId, c.personKey, "access-revoked");
}

/** Records why a connection is sent away (R-PERM-5, R-PERM-6) and asks the provider to cut it. */
function sendAway(
  t: Transition,
  connectionId: string,
  personKey: string | null,
  reason: DisconnectReason,
) {
  t.record(
    "connection-replaced",
    system,
    personKey === null ? { connectionId } : { connectionId, personKey },
    reason,
  );
  t.effects.push({ type: "disconnect", connectionId, reason });
}

// R-DATA-1: recordings past their retention are gone; the replay says so.
function onRecordingsExpired(t: Transition, recordingIds: readonly string[]) {
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

function updateReplay(t: Transition, actor: Actor) {
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

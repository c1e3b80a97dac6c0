// Reconciling with the provider (R-LIFE-4, R-LIFE-6), as a pure decision like `decide`: given what
// the provider reports about a live's recordings, which segments become ready or failed, which
// recordings and broadcast still running are stopped again, which starts were lost. The service
// only gathers the report, saves the events and runs the effects.
import type { ProviderEvent, RecordingInfo } from "../ports/live-provider.js";
import type { LiveSession, LiveState, RecordingSegment } from "../session/model.js";
import { type DecideOptions, type Decision, defaultDecideOptions } from "./commands.js";
import { onProviderEvent } from "./decide.js";
import { queueNotifications } from "./outbox.js";
import { isFinal } from "./recording-segments.js";
import { onRecordingStartFailed, requestBroadcastStop, stopStray } from "./segments.js";
import { markSettling } from "./settle.js";
import { system, Transition } from "./transition.js";

/**
 * A recording read on its own: what the provider answered, `"not-found"` when it refused for good
 * (deleted or expired there), `"unknown"` when it could not be asked (a transient failure).
 */
export type RecordingLookup = RecordingInfo | "not-found" | "unknown";

/** What the provider said about a live's recordings, gathered before deciding. */
export interface ReconcileReport {
  /** The recordings the provider lists for the live's room; `null` when it was not asked. */
  readonly listed: readonly RecordingInfo[] | null;
  /** Recordings of segments that the listing misses, read one by one, by recording id. */
  readonly read: ReadonlyMap<string, RecordingLookup>;
}

/** A segment whose outcome the provider may still change, or tell (a start failed on our side). */
function unsettled(segment: RecordingSegment): boolean {
  return !isFinal(segment) || (segment.status === "failed" && segment.recordingId === null);
}

/** Whether reconciling needs the provider's listing at all: some segment is not settled. */
export function needsProviderReport(live: LiveState): boolean {
  return live.roomId !== null && live.segments.some(unsettled);
}

/** The recordings of unsettled segments the listing misses: each must be read on its own. */
export function recordingsToRead(
  live: LiveState,
  listed: readonly RecordingInfo[],
): readonly string[] {
  const ids = new Set(listed.map((r) => r.id));
  return live.segments.flatMap((s) =>
    unsettled(s) && s.recordingId !== null && !ids.has(s.recordingId) ? [s.recordingId] : [],
  );
}

/**
 * R-LIFE-6: a recording start saved but never answered (a crash) for a grace period: the tick
 * reconciles with the provider first, so it is adopted if it started, failed (and asked again)
 * if not.
 */
export function hasStalledStart(live: LiveState, now: number, graceMs: number): boolean {
  return live.segments.some(
    (s) =>
      s.status === "starting" &&
      s.recordingId === null &&
      now - Date.parse(s.requestedAt) >= graceMs,
  );
}

/** What the report says about one segment; `undefined` when it says nothing. */
function lookupOf(segment: RecordingSegment, report: ReconcileReport): RecordingLookup | undefined {
  const listed = report.listed ?? [];
  if (segment.recordingId === null) {
    // A start that failed on our side (a timeout, a crash) may still have reached the provider,
    // which then records under the segment's deterministic name.
    return listed.find((r) => r.name === segment.name);
  }
  return listed.find((r) => r.id === segment.recordingId) ?? report.read.get(segment.recordingId);
}

/** What the provider reports of one recording, as the provider event the rules read. */
export function recordingReported(roomId: string, info: RecordingInfo, now: number): ProviderEvent {
  return {
    type: "recording",
    roomId,
    recordingId: info.id,
    name: info.name,
    status: info.status,
    reason: info.reason,
    duration: info.duration,
    at: now,
  };
}

/** Brings one segment in line with what the provider reports about it. */
function reconcileSegment(
  t: Transition,
  roomId: string,
  segment: RecordingSegment,
  found: RecordingLookup | undefined,
  now: number,
  options: DecideOptions,
) {
  const graceMs = options.reconcileGraceMs;
  if (found === "unknown") return; // could not ask: next time
  if (found === "not-found") {
    // Neither listed for the room nor readable (a definitive refusal): the provider no longer has
    // it. The segment is final, so the replay no longer waits for it (R-LIFE-4).
    if (segment.recordingId === null) return;
    onProviderEvent(
      t,
      {
        type: "recording",
        roomId,
        recordingId: segment.recordingId,
        name: segment.name,
        status: "failed",
        reason: "not found at the provider",
        duration: null,
        at: now,
      },
      options,
      now,
    );
    return;
  }
  if (found === undefined) {
    if (segment.recordingId !== null) return; // not read: nothing known
    // A start asked less than the grace period ago may still be on its way: left alone.
    const inFlight = now - Date.parse(segment.requestedAt) < graceMs;
    if (segment.status === "starting" && !inFlight) {
      // The start never reached the provider: the gap is recorded; the next client or tick resumes.
      onRecordingStartFailed(t, segment.index, "lost before reaching the provider");
    }
    return;
  }
  onProviderEvent(t, recordingReported(roomId, found, now), options, now);
  // A stop lost in a crash is sent again, unless one may still be in flight.
  if (found.status === "started" || found.status === "paused") {
    stopStray(t, found.id, graceMs, now);
  }
}

/**
 * R-LIFE-6: an ended live whose broadcast the provider still runs (a stop lost in a crash) asks
 * it to stop again, unless a stop was asked less than the grace period ago.
 */
function reconcileBroadcast(t: Transition, now: number, graceMs: number) {
  const broadcast = t.live.broadcast;
  if (t.live.phase !== "ended" || !broadcast?.broadcastId || broadcast.status !== "started") {
    return;
  }
  const stopInFlight =
    broadcast.stopRequestedAt !== undefined &&
    now - Date.parse(broadcast.stopRequestedAt) < graceMs;
  if (stopInFlight) return;
  t.record(
    "broadcast-stop-requested",
    system,
    { broadcastId: broadcast.broadcastId },
    "still broadcasting at the provider",
  );
  requestBroadcastStop(t, broadcast.broadcastId);
}

/**
 * Decides what the provider's `report` means for `session` at `now` (R-LIFE-4, R-LIFE-6): each
 * segment not settled takes the status the provider reports (adopted by its name if its start's
 * answer was lost), is failed if the provider no longer has it, or records a gap if its start
 * never reached the provider; what still records or broadcasts after the stop is stopped again.
 * Nothing is concluded from what the report does not say. The same `{ events, effects, session }`
 * as `decide`.
 */
export function decideReconcile(
  session: LiveSession,
  report: ReconcileReport,
  now: number,
  options: DecideOptions = defaultDecideOptions,
): Decision {
  const t = new Transition(session, new Date(now).toISOString());
  const roomId = session.live.roomId;
  if (roomId !== null) {
    if (report.listed !== null) {
      for (const segment of session.live.segments) {
        if (!unsettled(segment)) continue;
        reconcileSegment(t, roomId, segment, lookupOf(segment, report), now, options);
      }
    }
    reconcileBroadcast(t, now, options.reconcileGraceMs);
  }
  if (t.events.length > 0) {
    queueNotifications(t);
    markSettling(t, now, options);
  }
  return t.result();
}

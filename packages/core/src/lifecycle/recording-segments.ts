// Recording segments and the replay they make (R-LIFE-3, R-LIFE-4): statuses only move forward,
// and the replay status is derived from the segments, never stored apart from them.
import type { RecordingSegment, RecordingStatus, ReplayStatus } from "../session/model.js";

/**
 * Forward order of statuses. `started` and `paused` share a rank (a recording pauses and resumes);
 * `uploaded` may arrive before `stopped` and still wins; `expired` and `failed` are terminal.
 */
const rank: Record<RecordingStatus, number> = {
  starting: 0,
  started: 1,
  paused: 1,
  stopped: 2,
  available: 3,
  uploaded: 3,
  expired: 4,
  failed: 4,
};

/** True when moving a segment from `from` to `to` goes forward (duplicates are not moves). */
export function movesForward(from: RecordingStatus, to: RecordingStatus): boolean {
  if (from === to) return false;
  if (from === "uploaded" && to === "available") return false;
  if (from === "available" && to === "uploaded") return true;
  if ((from === "started" && to === "paused") || (from === "paused" && to === "started"))
    return true;
  return rank[to] > rank[from];
}

/** The deterministic name of a segment, so that a recording started before a crash can be adopted. */
export function segmentName(sessionId: string, index: number): string {
  return `onair-${sessionId}-${String(index).padStart(3, "0")}`;
}

/** A segment is recording (or about to) at the provider. */
export function isActive(segment: RecordingSegment): boolean {
  return (
    segment.status === "starting" || segment.status === "started" || segment.status === "paused"
  );
}

/** Segments that hold (or will hold) video: a start that never reached the provider holds nothing. */
export function holdsVideo(segment: RecordingSegment): boolean {
  return segment.recordingId !== null || segment.status === "starting";
}

export function isFinal(segment: RecordingSegment): boolean {
  return (
    segment.status === "available" ||
    segment.status === "uploaded" ||
    segment.status === "expired" ||
    segment.status === "failed"
  );
}

export function isWatchable(segment: RecordingSegment): boolean {
  return (
    segment.recordingId !== null &&
    (segment.status === "available" || segment.status === "uploaded")
  );
}

/** R-DATA-1: the watchable segments stopped at least `keepMs` before `now`, due for deletion. */
export function retentionDue(
  segments: readonly RecordingSegment[],
  now: number,
  keepMs: number,
): readonly RecordingSegment[] {
  return segments.filter(
    (s) => isWatchable(s) && s.stoppedAt !== null && now - Date.parse(s.stoppedAt) >= keepMs,
  );
}

/** Replay status once the live has ended: processing until every segment is final. */
export function replayStatusOf(segments: readonly RecordingSegment[]): ReplayStatus {
  const recorded = segments.filter(holdsVideo);
  if (recorded.length === 0) return "failed";
  if (!recorded.every(isFinal)) return "processing";
  const watchable = recorded.filter(isWatchable).length;
  if (watchable === recorded.length) return "ready";
  return watchable === 0 ? "failed" : "partial";
}

export function activeSegment(segments: readonly RecordingSegment[]): RecordingSegment | undefined {
  return segments.find(isActive);
}

export function newSegment(sessionId: string, index: number, at: string): RecordingSegment {
  return {
    index,
    name: segmentName(sessionId, index),
    recordingId: null,
    status: "starting",
    requestedAt: at,
    startedAt: null,
    stoppedAt: null,
    reason: null,
    duration: null,
    uploaded: false,
    stopRequestedAt: null,
  };
}

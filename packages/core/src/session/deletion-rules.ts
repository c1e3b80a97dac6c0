// Deleting a session, as a pure decision (R-DATA-1): what must be deleted, what is refused and why.
// The service runs the effects: the recordings go first, then the session (its history kept,
// pseudonymised).
import { LiveError } from "../errors.js";
import { isFinal } from "../lifecycle/recording-segments.js";
import type { Actor, LiveEvent, LiveSession, RecordingSegment } from "./model.js";

export type DeletionEffect =
  /** Recordings to delete at the provider (also a start under a segment's name never saved). */
  | { readonly type: "delete-recordings"; readonly segments: readonly RecordingSegment[] }
  /** The session and its presence go; its history stays, pseudonymised. */
  | { readonly type: "delete-session"; readonly expectedVersion: number };

export interface DeletionDecision {
  readonly events: readonly LiveEvent[];
  readonly effects: readonly DeletionEffect[];
}

/** Seconds a refused deletion waits before it is worth asking again, at least one. */
function retryAfterSeconds(session: LiveSession, now: number, graceMs: number): number {
  const due = session.live.settleDueAt;
  const wait = due === undefined ? graceMs : Date.parse(due) - now;
  return Math.max(1, Math.ceil(wait / 1000));
}

/**
 * Decides the deletion of `session` at `now`. Refused while the live runs (LIVE_IN_PROGRESS), and,
 * once it ended, while a recording is not settled at the provider (still recording, stopping, or
 * processing): the provider refuses to delete those, and deleting the session would leave them
 * behind. That refusal is RECORDING_PROCESSING, retriable, with the seconds to wait; the tick
 * settles the recordings meanwhile (R-LIFE-6).
 */
export function decideDeletion(
  session: LiveSession,
  actor: Actor,
  now: number,
  graceMs: number,
): DeletionDecision {
  if (session.live.phase === "live") {
    throw new LiveError("LIVE_IN_PROGRESS", "This session cannot be deleted while it is live.");
  }
  const processing = session.live.segments.filter((s) => !isFinal(s));
  if (session.live.phase === "ended" && processing.length > 0) {
    throw new LiveError(
      "RECORDING_PROCESSING",
      "The recording of this session is still processing at the video provider; delete it again later.",
      { retriable: true, retryAfterSeconds: retryAfterSeconds(session, now, graceMs) },
    );
  }
  const event: LiveEvent = {
    sessionId: session.id,
    type: "session-deleted",
    actor,
    at: new Date(now).toISOString(),
    reason: null,
    data: {},
  };
  return {
    events: [event],
    effects: [
      { type: "delete-recordings", segments: session.live.segments },
      { type: "delete-session", expectedVersion: session.version },
    ],
  };
}

// Tells every listener (on every instance, for shared implementations) that a session changed.
// `runChangeFeedContract` (@onair/testing/contracts) holds every implementation to the rules below.
import type { LiveEvent } from "../session/model.js";

export interface SessionChange {
  readonly sessionId: string;
  /** The session version after the change. */
  readonly version: number;
  /** What happened, in order (the history entries of the change). */
  readonly events: readonly LiveEvent[];
}

export type ChangeListener = (change: SessionChange) => void;

/**
 * What every implementation promises:
 * - delivery: a published change reaches every listener of its session and every `'*'` listener
 *   (on every instance sharing the feed), whole: same session, version and events, however large;
 *   a session's listeners hear only that session;
 * - order: per session, listeners receive versions in increasing order, each once; a change
 *   published again, or after a later version of its session, is not delivered again;
 * - subscription: a listener hears what is published after it subscribed, and nothing after it
 *   unsubscribed (unsubscribing twice is harmless);
 * - isolation: a listener that throws stops neither the other listeners nor the publisher;
 * - privacy (R-DATA-1): what travels between instances carries no email; listeners still get the
 *   whole change;
 * - a feed backed by the store (PostgreSQL) also delivers versions that were saved but never
 *   announced (a publisher that crashed), in order, before the next one or at its periodic
 *   resync (R-LIFE-6); a feed that can be closed delivers nothing once closed.
 */
export interface ChangeFeed {
  publish(sessionId: string, change: SessionChange): Promise<void>;
  /** `'*'` listens to every session. Returns an unsubscribe function. */
  subscribe(sessionId: string | "*", listener: ChangeListener): () => void;
}

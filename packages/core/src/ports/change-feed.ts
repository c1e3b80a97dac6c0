// Tells every listener (on every instance, for shared implementations) that a session changed.
import type { LiveEvent } from "../session/model.js";

export interface SessionChange {
  readonly sessionId: string;
  /** The session version after the change. */
  readonly version: number;
  /** What happened, in order (the history entries of the change). */
  readonly events: readonly LiveEvent[];
}

export type ChangeListener = (change: SessionChange) => void;

export interface ChangeFeed {
  publish(sessionId: string, change: SessionChange): Promise<void>;
  /** `'*'` listens to every session. Returns an unsubscribe function. */
  subscribe(sessionId: string | "*", listener: ChangeListener): () => void;
}

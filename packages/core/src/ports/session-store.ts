// Where sessions, their history and presence leases live. Implementations run runStoreContract.
import type { LiveEvent, LiveSession, Role } from "../session/model.js";

/** Distinct people connected to a session, by the role they are connected with. */
export interface PresenceCount {
  readonly moderators: number;
  readonly speakers: number;
  readonly audience: number;
}

/** One connection's presence lease, as `touchPresenceMany` renews it. */
export interface PresenceLease {
  readonly personKey: string;
  readonly role: Role;
  readonly connectionId: string;
}

export interface HistoryEntry extends LiveEvent {
  /** Position in the session's history, from 1, increasing. */
  readonly seq: number;
}

export interface SessionStore {
  get(sessionId: string): Promise<LiveSession | null>;
  /** Finds the session that owns a provider room. */
  findByRoomId(roomId: string): Promise<LiveSession | null>;
  /**
   * Ids of the sessions whose live is on (`live.phase` is `"live"`), in no particular order: what
   * `tickAll` ticks, so an instance that restarts during a live still follows it.
   */
  liveSessionIds(): Promise<readonly string[]>;
  /**
   * Ids of the ended sessions still settling with the provider (`live.settleDueAt` is set: an
   * output not confirmed stopped, or a replay still processing), in no particular order: `tickAll`
   * ticks them too, so a stop lost in a failure or a crash is completed by any instance (R-LIFE-6).
   */
  settlingSessionIds(): Promise<readonly string[]>;
  /** Stores a new session (version 1). Throws CONFLICT when the id exists. */
  create(session: LiveSession, history?: readonly LiveEvent[]): Promise<void>;
  /**
   * Compare-and-set: stores `session` (whose version must be `expectedVersion + 1`) only if the
   * stored version is `expectedVersion`, and appends `history` in the same atomic step.
   * A stale version throws CONFLICT; a missing session throws SESSION_NOT_FOUND.
   */
  update(
    session: LiveSession,
    expectedVersion: number,
    history?: readonly LiveEvent[],
  ): Promise<void>;
  /**
   * Deletes the session and its presence; its history is kept, pseudonymised (R-DATA-1): every
   * email in an entry's `data.email` and every admin actor's id go through `pseudonymise`. With
   * `expectedVersion`, only if the stored version is still that one (else CONFLICT): a live that
   * started meanwhile is never deleted.
   */
  delete(
    sessionId: string,
    pseudonymise: (email: string) => string,
    expectedVersion?: number,
  ): Promise<void>;
  appendHistory(sessionId: string, events: readonly LiveEvent[]): Promise<void>;
  /** History in order; `afterSeq` returns only the entries after that position. */
  history(sessionId: string, options?: { afterSeq?: number }): Promise<readonly HistoryEntry[]>;
  /** Drops history entries older than `before` (ISO instant); returns how many. */
  purgeHistory(before: string): Promise<number>;
  /** Creates or renews a presence lease for a connection (idempotent). */
  touchPresence(
    sessionId: string,
    personKey: string,
    role: Role,
    connectionId: string,
    now: number,
  ): Promise<void>;
  /**
   * `touchPresence` for many connections of one session in one step (e.g. every SSE viewer's
   * heartbeat). A connection listed twice keeps its last lease. An empty list does nothing.
   */
  touchPresenceMany(
    sessionId: string,
    leases: readonly PresenceLease[],
    now: number,
  ): Promise<void>;
  /** Ends a connection's lease (idempotent). */
  dropPresence(sessionId: string, connectionId: string): Promise<void>;
  /** Distinct people whose lease was renewed within `ttlMs` before `now`. */
  countPresence(sessionId: string, now: number, ttlMs: number): Promise<PresenceCount>;
}

// The embedded SessionStore: one process, no persistence. Each call is atomic (no await inside),
// and values are copied in and out so callers can never mutate stored state.
import { LiveError } from "../errors.js";
import type { HistoryEntry, PresenceCount, SessionStore } from "../ports/session-store.js";
import type { Actor, LiveEvent, LiveSession, Role } from "../session/model.js";
import { checkPseudonym, parseInstant } from "./store-inputs.js";

interface Lease {
  readonly personKey: string;
  readonly role: Role;
  readonly at: number;
}

/** Everything the store holds, shared by its parts. */
interface MemoryState {
  readonly sessions: Map<string, LiveSession>;
  /** Room id → session id. */
  readonly rooms: Map<string, string>;
  readonly histories: Map<string, HistoryEntry[]>;
  /** Last position given per session: positions are never reused, even after a purge. */
  readonly lastSeq: Map<string, number>;
  /** Session id → connection id → lease. */
  readonly presence: Map<string, Map<string, Lease>>;
  /** Sessions whose phase is `live`, and ended ones still settling (R-LIFE-6). */
  readonly live: Set<string>;
  readonly settling: Set<string>;
}

export function createInMemoryStore(): SessionStore {
  const state: MemoryState = {
    sessions: new Map(),
    rooms: new Map(),
    histories: new Map(),
    lastSeq: new Map(),
    presence: new Map(),
    live: new Set(),
    settling: new Set(),
  };
  const history = historyPart(state);
  return {
    ...sessionsPart(state, history),
    appendHistory: history.appendHistory,
    history: history.history,
    purgeHistory: history.purgeHistory,
    ...presencePart(state),
  };
}

type HistoryPart = ReturnType<typeof historyPart>;

/** Sessions, with compare-and-set updates, and the indexes by room, phase and settling. */
function sessionsPart(
  state: MemoryState,
  history: HistoryPart,
): Omit<
  SessionStore,
  | "appendHistory"
  | "history"
  | "purgeHistory"
  | "touchPresence"
  | "touchPresenceMany"
  | "dropPresence"
  | "countPresence"
> {
  const { sessions, rooms, live, settling, presence } = state;
  const { append } = history;
  const copy = copyData;

  const index = (session: LiveSession, previous?: LiveSession) => {
    const before = previous?.live.roomId ?? null;
    if (before !== null && before !== session.live.roomId) rooms.delete(before);
    if (session.live.roomId !== null) rooms.set(session.live.roomId, session.id);
    // The sets hold what the stored state says: written only when that changes.
    const isLive = session.live.phase === "live";
    if (previous === undefined || isLive !== (previous.live.phase === "live")) {
      if (isLive) live.add(session.id);
      else live.delete(session.id);
    }
    const isSettling = session.live.settleDueAt !== undefined;
    if (previous === undefined || isSettling !== (previous.live.settleDueAt !== undefined)) {
      if (isSettling) settling.add(session.id);
      else settling.delete(session.id);
    }
  };

  return {
    async get(sessionId) {
      const session = sessions.get(sessionId);
      return session === undefined ? null : copy(session);
    },
    async findByRoomId(roomId) {
      const sessionId = rooms.get(roomId);
      const session = sessionId === undefined ? undefined : sessions.get(sessionId);
      return session === undefined ? null : copy(session);
    },
    async liveSessionIds() {
      return [...live];
    },
    async settlingSessionIds() {
      return [...settling];
    },
    async create(session, events = []) {
      if (sessions.has(session.id)) {
        throw new LiveError("CONFLICT", `A session with id ${session.id} already exists.`);
      }
      sessions.set(session.id, copy(session));
      index(session);
      append(session.id, events);
    },
    async update(session, expectedVersion, events = []) {
      const current = sessions.get(session.id);
      if (current === undefined) {
        throw new LiveError("SESSION_NOT_FOUND", `Session ${session.id} does not exist.`);
      }
      if (current.version !== expectedVersion || session.version !== expectedVersion + 1) {
        throw new LiveError("CONFLICT", "The session changed meanwhile; reload and try again.", {
          retriable: true,
        });
      }
      sessions.set(session.id, copy(session));
      index(session, current);
      append(session.id, events);
    },
    async delete(sessionId, pseudonymise, expectedVersion) {
      const session = sessions.get(sessionId);
      if (session === undefined) {
        throw new LiveError("SESSION_NOT_FOUND", `Session ${sessionId} does not exist.`);
      }
      if (expectedVersion !== undefined && session.version !== expectedVersion) {
        throw new LiveError("CONFLICT", "The session changed meanwhile; reload and try again.", {
          retriable: true,
        });
      }
      // Every pseudonym is asked for and checked first: a failure deletes nothing.
      const pseudonyms = history.pseudonymsOf(sessionId, pseudonymise);
      sessions.delete(sessionId);
      if (session.live.roomId !== null) rooms.delete(session.live.roomId);
      live.delete(sessionId);
      settling.delete(sessionId);
      presence.delete(sessionId);
      history.pseudonymise(sessionId, pseudonyms);
    },
  };
}

/** The history of each session: positions never reused, purged by age, pseudonymised (R-DATA-1). */
function historyPart(state: MemoryState) {
  const { histories, lastSeq } = state;
  const copy = copyData;

  const append = (sessionId: string, events: readonly LiveEvent[]) => {
    if (events.length === 0) return;
    const list = histories.get(sessionId) ?? [];
    let seq = lastSeq.get(sessionId) ?? 0;
    for (const event of events) {
      // The copy is this store's own: its position is written on it, not on a second copy.
      const entry = copy(event) as LiveEvent & { seq: number };
      entry.seq = ++seq;
      list.push(entry);
    }
    lastSeq.set(sessionId, seq);
    histories.set(sessionId, list);
  };

  /** The checked pseudonym of every email and admin id in a session's history. */
  const pseudonymsOf = (sessionId: string, pseudonymise: (email: string) => string) => {
    const pseudonyms = new Map<string, string>();
    for (const entry of histories.get(sessionId) ?? []) {
      // Emails in participant events and admin ids of history actors are personal data.
      const email = entry.data.email;
      const adminId = entry.actor.kind === "admin" ? entry.actor.id : undefined;
      for (const value of [email, adminId]) {
        if (typeof value !== "string" || pseudonyms.has(value)) continue;
        pseudonyms.set(value, checkPseudonym(value, pseudonymise(value)));
      }
    }
    return pseudonyms;
  };

  const pseudonymise = (sessionId: string, pseudonyms: ReadonlyMap<string, string>) => {
    const list = histories.get(sessionId);
    if (list === undefined) return;
    histories.set(
      sessionId,
      list.map((entry) => pseudonymiseEntry(entry, (email) => pseudonyms.get(email) ?? email)),
    );
  };

  const store: Pick<SessionStore, "appendHistory" | "history" | "purgeHistory"> = {
    async appendHistory(sessionId, events) {
      append(sessionId, events);
    },
    async history(sessionId, options = {}) {
      const list = histories.get(sessionId) ?? [];
      const after = options.afterSeq ?? 0;
      return copy(list.filter((entry) => entry.seq > after));
    },
    async purgeHistory(before) {
      const limit = parseInstant(before);
      // Refused rather than read loosely: "9999" or a typo must never empty the history.
      if (limit === undefined) {
        throw new LiveError("INVALID_INPUT", "The retention limit must be an ISO 8601 instant.", {
          issues: [{ path: "before", message: "Not an instant." }],
        });
      }
      let purged = 0;
      for (const [sessionId, list] of histories) {
        const kept = list.filter((entry) => Date.parse(entry.at) >= limit);
        purged += list.length - kept.length;
        if (kept.length === 0) histories.delete(sessionId);
        else histories.set(sessionId, kept);
      }
      return purged;
    },
  };
  return { ...store, append, pseudonymsOf, pseudonymise };
}

/** Presence leases per connection, counted per person while they last (R-PERM-6). */
function presencePart(
  state: MemoryState,
): Pick<SessionStore, "touchPresence" | "touchPresenceMany" | "dropPresence" | "countPresence"> {
  const { presence } = state;
  return {
    async touchPresence(sessionId, personKey, role, connectionId, now) {
      const leases = presence.get(sessionId) ?? new Map<string, Lease>();
      leases.set(connectionId, { personKey, role, at: now });
      presence.set(sessionId, leases);
    },
    async touchPresenceMany(sessionId, list, now) {
      if (list.length === 0) return;
      const leases = presence.get(sessionId) ?? new Map<string, Lease>();
      for (const { personKey, role, connectionId } of list) {
        leases.set(connectionId, { personKey, role, at: now });
      }
      presence.set(sessionId, leases);
    },
    async dropPresence(sessionId, connectionId) {
      presence.get(sessionId)?.delete(connectionId);
    },
    async countPresence(sessionId, now, ttlMs) {
      const leases = presence.get(sessionId);
      if (leases === undefined) return countPeople([], now, ttlMs);
      // Expired leases (a disconnect the provider never reported) are dropped, not kept forever.
      for (const [connectionId, lease] of leases) {
        if (now - lease.at > ttlMs) leases.delete(connectionId);
      }
      return countPeople(leases.values(), now, ttlMs);
    },
  };
}

/**
 * Deep copy of plain data (objects, arrays, primitives), which is all sessions and history hold.
 * Several times faster than `structuredClone` on these small objects, and it is on every call.
 */
export function copyData<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const list: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      list[i] = typeof item === "object" && item !== null ? copyData(item) : item;
    }
    return list as T;
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const field = (value as Record<string, unknown>)[key];
    // Most fields are strings, numbers or null: kept as they are, without a call.
    const item = typeof field === "object" && field !== null ? copyData(field) : field;
    // An own "__proto__" key must stay a key, never become the copy's prototype.
    if (key === "__proto__")
      Object.defineProperty(out, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[key] = item;
  }
  return out as T;
}

/** Counts distinct people with a live lease; a person is counted once, under their highest role. */
export function countPeople(leases: Iterable<Lease>, now: number, ttlMs: number): PresenceCount {
  const rank: Record<Role, number> = { attendee: 0, speaker: 1, moderator: 2 };
  const people = new Map<string, Role>();
  for (const lease of leases) {
    if (now - lease.at > ttlMs) continue;
    const known = people.get(lease.personKey);
    if (known === undefined || rank[lease.role] > rank[known])
      people.set(lease.personKey, lease.role);
  }
  const count = { moderators: 0, speakers: 0, audience: 0 };
  for (const role of people.values()) {
    if (role === "moderator") count.moderators++;
    else if (role === "speaker") count.speakers++;
    else count.audience++;
  }
  return count;
}

/**
 * Replaces every email in a history entry's data, and an admin actor's id, by its pseudonym
 * (R-DATA-1).
 */
export function pseudonymiseEntry<T extends LiveEvent>(
  entry: T,
  pseudonymise: (email: string) => string,
): T {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry.data)) {
    data[key] = key === "email" && typeof value === "string" ? pseudonymise(value) : value;
  }
  const actor: Actor =
    entry.actor.kind === "admin"
      ? { kind: "admin", id: pseudonymise(entry.actor.id) }
      : entry.actor;
  return { ...entry, actor, data };
}

// The demo platform's list of sessions. onair's store answers by id only (a platform keeps its
// own programme), so the demo wraps the store and remembers which sessions exist.
import type { LiveSession, SessionStore } from "@onair/core";

export interface SessionCatalogue {
  /** The store to give the live service: every call goes to the wrapped store. */
  readonly store: SessionStore;
  /** Every session that exists, by start time then title. */
  list(): Promise<LiveSession[]>;
}

export function createSessionCatalogue(inner: SessionStore): SessionCatalogue {
  const ids = new Set<string>();

  const store: SessionStore = {
    get: (sessionId) => inner.get(sessionId),
    findByRoomId: (roomId) => inner.findByRoomId(roomId),
    liveSessionIds: () => inner.liveSessionIds(),
    settlingSessionIds: () => inner.settlingSessionIds(),
    async create(session, history) {
      await inner.create(session, history);
      ids.add(session.id);
    },
    update: (session, expectedVersion, history) => inner.update(session, expectedVersion, history),
    async delete(sessionId, pseudonymise, expectedVersion) {
      await inner.delete(sessionId, pseudonymise, expectedVersion);
      ids.delete(sessionId);
    },
    appendHistory: (sessionId, events) => inner.appendHistory(sessionId, events),
    history: (sessionId, options) => inner.history(sessionId, options),
    purgeHistory: (before) => inner.purgeHistory(before),
    touchPresence: (sessionId, personKey, role, connectionId, now) =>
      inner.touchPresence(sessionId, personKey, role, connectionId, now),
    touchPresenceMany: (sessionId, leases, now) => inner.touchPresenceMany(sessionId, leases, now),
    dropPresence: (sessionId, connectionId) => inner.dropPresence(sessionId, connectionId),
    countPresence: (sessionId, now, ttlMs) => inner.countPresence(sessionId, now, ttlMs),
  };

  return {
    store,
    async list() {
      const found = await Promise.all([...ids].map((sessionId) => inner.get(sessionId)));
      return found
        .filter((session): session is LiveSession => session !== null)
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.title.localeCompare(b.title));
    },
  };
}

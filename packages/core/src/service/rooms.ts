// The provider room of a session, created on first need, once per session even for simultaneous
// first joins on this instance; the compare-and-set keeps one room across instances.
import type { LiveEvent, LiveSession } from "../session/model.js";
import type { ServiceContext } from "./context.js";
import type { Commit } from "./live-service.js";

export function createRooms(parts: ServiceContext & Commit) {
  const { provider, iso, commit } = parts;
  /** Rooms being created by this instance: concurrent first joins share one provider call. */
  const roomCreations = new Map<string, Promise<LiveSession>>();

  async function ensureRoom(session: LiveSession): Promise<LiveSession> {
    // Asked only for a session that can have a live (decideJoin and startLive check it first):
    // any other gets no provider room, and no history entry for one.
    if (session.live.roomId !== null) return session;
    const pending = roomCreations.get(session.id);
    if (pending !== undefined) return pending;
    const creation = createRoom(session);
    roomCreations.set(session.id, creation);
    try {
      return await creation;
    } finally {
      roomCreations.delete(session.id);
    }
  }

  async function createRoom(session: LiveSession): Promise<LiveSession> {
    const { roomId } = await provider.createRoom(session.id);
    const { after } = await commit(session.id, (latest) => {
      if (latest.live.roomId !== null) return { session: latest, events: [] };
      const event: LiveEvent = {
        sessionId: latest.id,
        type: "room-created",
        actor: { kind: "system" },
        at: iso(),
        reason: null,
        data: { roomId },
      };
      return { session: { ...latest, live: { ...latest.live, roomId } }, events: [event] };
    });
    return after;
  }
  return { ensureRoom };
}

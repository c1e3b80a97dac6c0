// What the provider reports (verified webhooks): handled in arrival order per room, presence
// first; events of unknown rooms are ignored (R-SEC-1).
import type { ProviderEvent } from "../ports/live-provider.js";
import type { LiveSession } from "../session/model.js";
import { guardStore } from "./context.js";
import type { Parts } from "./live-service.js";
import type { LiveService } from "./types.js";

export function createProviderEvents(parts: Parts) {
  const { store, clock, logger, execute } = parts;
  const queues = new Map<string, Promise<unknown>>();
  function inOrder<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = queues.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return run;
  }

  /**
   * R-PERM-6: leases follow fresh evidence only: a connection's lease starts when the decision
   * accepted its `connection-created` (never for a ghost, a removed participant's old token or an
   * audience connection) and ends when the connection leaves the live state (its end, the room's
   * destruction, or a newer connection of the same person taking over).
   */
  async function trackPresence(before: LiveSession, after: LiveSession, event: ProviderEvent) {
    const kept = new Set(after.live.connections.map((c) => c.connectionId));
    const gone = before.live.connections
      .map((c) => c.connectionId)
      .filter((connectionId) => !kept.has(connectionId));
    if (event.type === "connection-destroyed") gone.push(event.connectionId);
    for (const connectionId of new Set(gone)) {
      await guardStore(() => store.dropPresence(after.id, connectionId));
    }
    if (event.type === "connection-created") {
      const accepted = after.live.connections.find((c) => c.connectionId === event.connectionId);
      if (accepted !== undefined) {
        const { personKey, role, connectionId } = accepted;
        await guardStore(() =>
          store.touchPresence(after.id, personKey, role, connectionId, clock.now()),
        );
      }
    }
  }

  const providerEvents: Pick<LiveService, "handleProviderEvent"> = {
    handleProviderEvent(event) {
      // Events of one room are handled in arrival order on this instance (fewer CAS retries, a
      // history in the provider's order); decide copes with any order across instances.
      return inOrder(event.roomId, async () => {
        const session = await guardStore(() => store.findByRoomId(event.roomId));
        if (session === null) {
          // R-SEC-1: events for unknown sessions are acknowledged and ignored.
          logger.debug(
            { roomId: event.roomId, type: event.type },
            "provider event for an unknown room",
          );
          return;
        }
        const after = await execute(session.id, { type: "provider-event", event }, 0, session);
        await trackPresence(session, after, event);
      });
    },
  };
  return providerEvents;
}

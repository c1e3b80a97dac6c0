// What the provider reports (verified webhooks): handled in arrival order per room, presence
// first; events of unknown rooms are ignored (R-SEC-1).
import { decodeConnectionData } from "../lifecycle/connection-data.js";
import type { ProviderEvent } from "../ports/live-provider.js";
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

  async function trackPresence(sessionId: string, event: ProviderEvent) {
    if (event.type === "connection-created") {
      const who = decodeConnectionData(event.connectionData);
      // The audience is counted by its viewers' leases (touchAudience), renewed while they watch;
      // counting their provider connections too would count each attendee twice.
      if (who !== null && who.role !== "attendee") {
        await guardStore(() =>
          store.touchPresence(sessionId, who.personKey, who.role, event.connectionId, clock.now()),
        );
      }
    } else if (event.type === "connection-destroyed") {
      await guardStore(() => store.dropPresence(sessionId, event.connectionId));
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
        await trackPresence(session.id, event);
        await execute(session.id, { type: "provider-event", event });
      });
    },
  };
  return providerEvents;
}

// The embedded ChangeFeed: listeners in this process only. A throwing listener never stops the others.
import type { ChangeFeed, ChangeListener } from "../ports/change-feed.js";

export function createInMemoryChangeFeed(): ChangeFeed {
  const listeners = new Map<string, Set<ChangeListener>>();
  /** Highest version delivered per session: a repeated or late change is not delivered again. */
  const delivered = new Map<string, number>();

  return {
    async publish(sessionId, change) {
      const last = delivered.get(sessionId);
      if (last !== undefined && change.version <= last) return;
      delivered.set(sessionId, change.version);
      for (const key of [sessionId, "*"]) {
        for (const listener of [...(listeners.get(key) ?? [])]) {
          try {
            listener(change);
          } catch {
            // A listener's failure is its own; the change is still delivered to the rest.
          }
        }
      }
    },
    subscribe(sessionId, listener) {
      const set = listeners.get(sessionId) ?? new Set<ChangeListener>();
      set.add(listener);
      listeners.set(sessionId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(sessionId) === set) listeners.delete(sessionId);
      };
    },
  };
}

// Load, decide, compare-and-set with retries, publish the change: how every command is saved, so
// that two instances never both save a transition from the same version (R-LIFE-5).
import { isLiveError, LiveError } from "../errors.js";
import type { LiveEvent, LiveSession } from "../session/model.js";
import { describe, type ServiceContext, storeFailure } from "./context.js";

export function createCommit(parts: ServiceContext) {
  const { store, changes, logger, maxRetries, iso } = parts;
  async function load(sessionId: string): Promise<LiveSession> {
    let session: LiveSession | null;
    try {
      session = await store.get(sessionId);
    } catch (error) {
      throw storeFailure(error);
    }
    if (session === null) throw new LiveError("SESSION_NOT_FOUND", "This session does not exist.");
    return session;
  }

  async function publishChange(session: LiveSession, events: readonly LiveEvent[]) {
    try {
      await changes.publish(session.id, {
        sessionId: session.id,
        version: session.version,
        events,
      });
    } catch (error) {
      logger.warn({ sessionId: session.id, err: describe(error) }, "change feed publish failed");
    }
  }

  /**
   * Applies `change` to the latest version with compare-and-set, retrying on CONFLICT: two
   * instances can never both save a transition from the same version (R-LIFE-5).
   */
  async function commit<T extends { session: LiveSession; events: readonly LiveEvent[] }>(
    sessionId: string,
    change: (session: LiveSession) => T,
    known?: LiveSession,
  ): Promise<{ before: LiveSession; after: LiveSession; result: T }> {
    // `known` is a state this instance just saved or read: deciding on it spares a read, and the
    // compare-and-set still refuses it if it is stale. A no-op is only trusted on a fresh read.
    let candidate = known;
    for (let attempt = 0; ; attempt++) {
      const before = candidate ?? (await load(sessionId));
      const trusted = candidate === undefined;
      candidate = undefined;
      const result = change(before);
      if (result.events.length === 0) {
        if (trusted) return { before, after: before, result };
        attempt--;
        continue;
      }
      const after: LiveSession = {
        ...result.session,
        version: before.version + 1,
        updatedAt: iso(),
      };
      try {
        await store.update(after, before.version, result.events);
      } catch (error) {
        if (isLiveError(error, "CONFLICT") && attempt < maxRetries) continue;
        throw storeFailure(error);
      }
      await publishChange(after, result.events);
      return { before, after, result };
    }
  }
  return { load, publishChange, commit };
}

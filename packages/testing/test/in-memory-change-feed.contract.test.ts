// The core's embedded change feed honours the ChangeFeed contract (one process: the publisher and
// the listeners share one feed; it keeps no store, so the recovery rules do not apply).
import { createInMemoryChangeFeed, type SessionChange } from "@onair/core";
import { runChangeFeedContract } from "../src/contracts.js";

runChangeFeedContract("in-memory", () => {
  const feed = createInMemoryChangeFeed();
  const versions = new Map<string, number>();
  return {
    publisher: feed,
    listening: feed,
    async createSession(sessionId) {
      versions.set(sessionId, 1);
    },
    async saveNext(sessionId, events): Promise<SessionChange> {
      const version = (versions.get(sessionId) ?? 0) + 1;
      versions.set(sessionId, version);
      return { sessionId, version, events };
    },
  };
});

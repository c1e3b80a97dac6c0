// Wires a live service on the in-memory store with a controllable clock and the fake provider.

import type { SessionStore } from "../src/ports/session-store.js";
import {
  createLiveService,
  type LiveNotification,
  type LiveServiceOptions,
} from "../src/service/live-service.js";
import type { LiveSession } from "../src/session/model.js";
import { createInMemoryChangeFeed } from "../src/store/in-memory-change-feed.js";
import { createInMemoryStore } from "../src/store/in-memory-store.js";
import { fakeProvider } from "./fake-provider.js";
import { aSession, T0 } from "./fixtures.js";

export function harness(options: LiveServiceOptions & { store?: SessionStore } = {}) {
  let now = T0;
  let counter = 0;
  const { store: given, ...serviceOptions } = options;
  const store = given ?? createInMemoryStore();
  const changes = createInMemoryChangeFeed();
  const fake = fakeProvider();
  const notifications: LiveNotification[] = [];
  const logs: unknown[] = [];
  const log = (...args: unknown[]) => logs.push(args);
  const service = createLiveService({
    store,
    provider: fake.provider,
    changes,
    clock: { now: () => now },
    ids: { next: (prefix) => `${prefix}-${++counter}` },
    logger: { debug: log, info: log, warn: log, error: log },
    ...serviceOptions,
    onNotification: (n) => void notifications.push(n),
  });
  return {
    service,
    store,
    changes,
    fake,
    notifications,
    logs,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
    /** Stores a session as the back office would have left it (room ready by default). */
    async seed(session: LiveSession = aSession()) {
      await store.create(session);
      return session;
    },
  };
}

export const mod = { email: "mod@example.com" };
export const spk = { email: "speaker@example.com" };
export const both = { email: "both@example.com" };
export const stranger = { email: "stranger@example.com" };

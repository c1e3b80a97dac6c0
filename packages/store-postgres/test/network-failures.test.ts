// What a network that swallows packets (a dead NAT entry, a failover that leaves the old address
// silent) does to the feed and the store: no error ever comes, so only timeouts can tell.
import { type LiveSession, silentLogger } from "@onair/core";
import {
  aLiveEvent,
  aLiveSession,
  createTestScheduler,
  expectLiveError,
  type TestScheduler,
} from "@onair/testing";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createPostgresChangeFeed,
  createPostgresStore,
  fromPgPool,
  type PostgresChangeFeed,
  type PostgresStore,
} from "../src/index.js";
import { errorCode } from "../src/store-errors.js";
import { createServerStore, onServer, type ServerStore, serverUrl } from "./databases.js";
import { eventually } from "./eventually.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

const newId = (label: string) =>
  `ses_${label}_${globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;

describe.skipIf(serverUrl === undefined)(`a network that swallows packets ${onServer}`, () => {
  let server: ServerStore;
  let proxy: TcpProxy;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    server = await createServerStore("net");
  });
  afterAll(async () => server.dispose());
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  });

  async function proxiedPool() {
    proxy = await startTcpProxy(serverUrl!);
    const pool = new pg.Pool({ connectionString: proxy.url, max: 10 });
    pool.on("error", () => {});
    // Undone in reverse: the proxy closes first, failing the connects still waiting, so the pool
    // can end.
    cleanups.push(() => pool.end());
    cleanups.push(() => proxy.close());
    return pool;
  }

  function feedThrough(
    pool: pg.Pool,
    extra: { healthCheckMs?: number; scheduler?: TestScheduler } = {},
  ) {
    let drops = 0;
    const feed = createPostgresChangeFeed({
      store: server.store,
      connection: { database: fromPgPool(pool, false, { listenTimeoutMs: 300 }) },
      resyncMs: 0,
      reconnect: { minDelayMs: 50, maxDelayMs: 200 },
      logger: {
        ...silentLogger,
        warn: (_details: unknown, message?: string) => {
          if (message?.includes("connection lost")) drops++;
        },
      },
      ...extra,
    });
    cleanups.push(() => feed.close());
    return { feed, dropped: () => drops > 0 };
  }

  async function saveNext(store: PostgresStore, session: LiveSession) {
    const next = { ...session, version: session.version + 1 };
    const events = [aLiveEvent({ sessionId: session.id })];
    await store.update(next, session.version, events);
    return { session: next, change: { sessionId: session.id, version: next.version, events } };
  }

  it("the health check finds a listening link that went silent, and the feed listens again", async () => {
    const pool = await proxiedPool();
    const scheduler = createTestScheduler();
    const { feed, dropped } = feedThrough(pool, { healthCheckMs: 200, scheduler });
    const publisher: PostgresChangeFeed = createPostgresChangeFeed({
      store: server.store,
      healthCheckMs: 0,
      resyncMs: 0,
    });
    cleanups.push(() => publisher.close());
    const session = aLiveSession({ id: newId("silent") });
    await server.store.create(session);
    const received: number[] = [];
    feed.subscribe(session.id, (change) => void received.push(change.version));
    await feed.ready();

    proxy.swallowOpenConnections();
    const v2 = await saveNext(server.store, session);
    await publisher.publish(session.id, v2.change);
    // The check goes out at 200 ms and gets no answer by 400 ms: the link is dropped, without
    // waiting for any of it in real time.
    scheduler.advance(200);
    expect(dropped()).toBe(false);
    scheduler.advance(200);
    await eventually(dropped, { what: "the silent link to be dropped", timeoutMs: 3_000 });
    // The reconnect delay (at most 200 ms) passes.
    scheduler.advance(200);
    // Listening again through a new connection: the change sent into the void is resynced.
    await eventually(() => received.includes(2), { what: "v2 after the reconnect" });
    await feed.ready();
    const v3 = await saveNext(server.store, v2.session);
    await publisher.publish(session.id, v3.change);
    await eventually(() => received.includes(3), { what: "v3 on the new link" });
    expect(received).toEqual([2, 3]);
  });

  it("close() returns although UNLISTEN gets no answer", async () => {
    const pool = await proxiedPool();
    const { feed } = feedThrough(pool, { healthCheckMs: 0 });
    await feed.ready();
    proxy.swallowOpenConnections();
    const started = Date.now();
    await feed.close();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("a connect that never completes is given up and retried, so the feed listens once it can", async () => {
    const pool = await proxiedPool();
    proxy.swallowNewConnections(true);
    const { feed } = feedThrough(pool, { healthCheckMs: 0 });
    let ready = false;
    void feed.ready().then(() => {
      ready = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(ready).toBe(false);
    proxy.swallowNewConnections(false);
    await eventually(() => ready, { what: "the feed to listen", timeoutMs: 4_000 });
  });

  it("a store made from a connection string gives up a connect that never completes", async () => {
    proxy = await startTcpProxy(serverUrl!);
    cleanups.push(() => proxy.close());
    proxy.swallowNewConnections(true);
    const store = createPostgresStore(
      { connectionString: proxy.url, timeouts: { connectMs: 300 } },
      { schema: server.store.schema },
    );
    cleanups.push(() => store.close());
    const started = Date.now();
    const error = await expectLiveError(store.get("ses_none"), "STORE_FAILED");
    expect(error.retriable).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("a store made from a connection string stops a statement that runs too long", async () => {
    const store = createPostgresStore(
      { connectionString: serverUrl!, timeouts: { statementMs: 200 } },
      { schema: server.store.schema },
    );
    cleanups.push(() => store.close());
    const started = Date.now();
    const failure = await store.database.query("SELECT pg_sleep(3)").catch((error) => error);
    expect(errorCode(failure)).toBe("57014");
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});

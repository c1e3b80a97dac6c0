// The LISTEN/NOTIFY change feed between two instances: on PGlite (one embedded database, two
// feeds) and on a real server (two pools, as two processes would have), where the listening
// connection is also killed to prove the resync.
import { type LiveEvent, type LiveSession, type SessionChange, silentLogger } from "@onair/core";
import { aLiveEvent, aLiveSession, createTestScheduler, expectLiveError } from "@onair/testing";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createPostgresChangeFeed,
  createPostgresStore,
  type PostgresChangeFeed,
  type PostgresChangeFeedOptions,
  type PostgresStore,
} from "../src/index.js";
import {
  createPgliteStore,
  onServer,
  type PgliteStore,
  serverUrl,
  uniqueSchema,
} from "./databases.js";
import { eventually, settle } from "./eventually.js";

interface Instances {
  /** The store of instance A and of instance B (one database). */
  readonly a: PostgresStore;
  readonly b: PostgresStore;
}

const newId = (label: string) =>
  `ses_${label}_${globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;

/** Records what a listener receives. */
function recorder() {
  const changes: SessionChange[] = [];
  return { changes, listener: (change: SessionChange) => void changes.push(change) };
}

/** Saves the next version of a session with its history, as the service does before publishing. */
async function saveNext(
  store: PostgresStore,
  session: LiveSession,
  events: readonly LiveEvent[],
): Promise<{ session: LiveSession; change: SessionChange }> {
  const next = { ...session, version: session.version + 1, title: `v${session.version + 1}` };
  await store.update(next, session.version, events);
  return { session: next, change: { sessionId: session.id, version: next.version, events } };
}

function feedSuite(label: string, instances: () => Instances) {
  const feeds: PostgresChangeFeed[] = [];
  const feedOf = (store: PostgresStore, extra: Partial<PostgresChangeFeedOptions> = {}) => {
    const feed = createPostgresChangeFeed({ store, ...extra });
    feeds.push(feed);
    return feed;
  };
  afterEach(async () => {
    await Promise.all(feeds.splice(0).map((feed) => feed.close()));
  });

  async function twoInstances() {
    const { a, b } = instances();
    const feedA = feedOf(a);
    const feedB = feedOf(b);
    const session = aLiveSession({ id: newId(label) });
    await a.create(session);
    return { a, b, feedA, feedB, session };
  }

  it("delivers a change published on instance A to listeners on A and on B", async () => {
    const { a, feedA, feedB, session } = await twoInstances();
    const onA = recorder();
    const onB = recorder();
    feedA.subscribe(session.id, onA.listener);
    feedB.subscribe(session.id, onB.listener);
    await Promise.all([feedA.ready(), feedB.ready()]);

    const event = aLiveEvent({ sessionId: session.id, type: "live-stopped", reason: "done" });
    const { change } = await saveNext(a, session, [event]);
    await feedA.publish(session.id, change);

    await eventually(() => onB.changes.length === 1, { what: "B's change" });
    await eventually(() => onA.changes.length === 1, { what: "A's change" });
    expect(onB.changes).toEqual([change]);
    expect(onA.changes).toEqual([change]);
  });

  it("'*' listeners receive every session's changes; others only their session's", async () => {
    const { a, feedA, feedB, session } = await twoInstances();
    const other = aLiveSession({ id: newId(`${label}_other`) });
    await a.create(other);
    const all = recorder();
    const mine = recorder();
    feedB.subscribe("*", all.listener);
    feedB.subscribe(session.id, mine.listener);
    await feedB.ready();

    const first = await saveNext(a, session, [aLiveEvent({ sessionId: session.id })]);
    await feedA.publish(session.id, first.change);
    const second = await saveNext(a, other, [aLiveEvent({ sessionId: other.id })]);
    await feedA.publish(other.id, second.change);

    await eventually(() => all.changes.length === 2, { what: "both changes" });
    expect(all.changes).toEqual([first.change, second.change]);
    await settle();
    expect(mine.changes).toEqual([first.change]);
  });

  it("a change too large for NOTIFY (8000 bytes) arrives whole, read back from the store", async () => {
    const { a, feedA, feedB, session } = await twoInstances();
    const onB = recorder();
    feedB.subscribe(session.id, onB.listener);
    await feedB.ready();

    const big = aLiveEvent({
      sessionId: session.id,
      type: "stage-changed",
      data: {
        reason: "é".repeat(6_000),
        streamIds: Array.from({ length: 50 }, (_, i) => `str_${i}`),
      },
    });
    const { change } = await saveNext(a, session, [big, aLiveEvent({ sessionId: session.id })]);
    expect(new TextEncoder().encode(JSON.stringify(change)).length).toBeGreaterThan(8_000);
    await feedA.publish(session.id, change);

    await eventually(() => onB.changes.length === 1, { what: "the large change" });
    expect(onB.changes).toEqual([change]);
  });

  it("a version no notification announced is delivered from the store, before the next one", async () => {
    const { a, feedA, feedB, session } = await twoInstances();
    const onB = recorder();
    feedB.subscribe(session.id, onB.listener);
    await feedB.ready();

    // v2 is saved but its publisher died before NOTIFY; v3 is announced.
    const v2 = await saveNext(a, session, [
      aLiveEvent({ sessionId: session.id, type: "live-started" }),
    ]);
    const v3 = await saveNext(a, v2.session, [
      aLiveEvent({ sessionId: session.id, type: "live-stopped" }),
    ]);
    await feedA.publish(session.id, v3.change);

    await eventually(() => onB.changes.length === 2, { what: "v2 and v3" });
    expect(onB.changes).toEqual([v2.change, v3.change]);
  });

  it("changes announced out of order (two publishers) are delivered in order, each once", async () => {
    const { a, feedA, feedB, session } = await twoInstances();
    const onB = recorder();
    feedB.subscribe(session.id, onB.listener);
    await feedB.ready();

    const v2 = await saveNext(a, session, [
      aLiveEvent({ sessionId: session.id, type: "live-started" }),
    ]);
    const v3 = await saveNext(a, v2.session, [
      aLiveEvent({ sessionId: session.id, type: "live-stopped" }),
    ]);
    await feedA.publish(session.id, v3.change);
    await feedA.publish(session.id, v2.change);

    await eventually(() => onB.changes.length === 2, { what: "v2 and v3" });
    await settle();
    expect(onB.changes.map((change) => change.version)).toEqual([2, 3]);
    expect(onB.changes).toEqual([v2.change, v3.change]);
  });

  it("a throwing listener does not stop the others; an unsubscribed one hears nothing more", async () => {
    const { a, feedA, feedB, session } = await twoInstances();
    const kept = recorder();
    const gone = recorder();
    feedB.subscribe(session.id, () => {
      throw new Error("listener failure");
    });
    feedB.subscribe(session.id, kept.listener);
    const unsubscribe = feedB.subscribe(session.id, gone.listener);
    await feedB.ready();

    const v2 = await saveNext(a, session, [aLiveEvent({ sessionId: session.id })]);
    await feedA.publish(session.id, v2.change);
    await eventually(() => gone.changes.length === 1, { what: "the first change" });
    unsubscribe();
    const v3 = await saveNext(a, v2.session, [aLiveEvent({ sessionId: session.id })]);
    await feedA.publish(session.id, v3.change);

    await eventually(() => kept.changes.length === 2, { what: "the second change" });
    expect(kept.changes).toEqual([v2.change, v3.change]);
    expect(gone.changes).toEqual([v2.change]);
  });

  it("ignores payloads on the channel that are not changes, and keeps delivering", async () => {
    const { a, feedA, feedB, session } = await twoInstances();
    const onB = recorder();
    feedB.subscribe(session.id, onB.listener);
    await feedB.ready();
    for (const junk of [
      "not json",
      "{}",
      JSON.stringify({ sessionId: session.id, version: "2" }),
    ]) {
      await a.database.query("SELECT pg_notify($1, $2)", [`${a.schema}_changes`, junk]);
    }
    const v2 = await saveNext(a, session, [aLiveEvent({ sessionId: session.id })]);
    await feedA.publish(session.id, v2.change);
    await eventually(() => onB.changes.length === 1, { what: "the change" });
    await settle();
    expect(onB.changes).toEqual([v2.change]);
  });

  it("when the store cannot be read, announced changes are still delivered and the gap is reported", async () => {
    const { a, b, feedA, session } = await twoInstances();
    const errors: unknown[] = [];
    const unreadable: PostgresStore = {
      ...b,
      changesSince: () => Promise.reject(new Error("store down")),
    };
    const feedB = feedOf(unreadable, {
      logger: { ...silentLogger, error: (details: unknown) => void errors.push(details) },
    });
    const onB = recorder();
    feedB.subscribe(session.id, onB.listener);
    await feedB.ready();

    const v2 = await saveNext(a, session, [aLiveEvent({ sessionId: session.id })]);
    const v3 = await saveNext(a, v2.session, [
      aLiveEvent({ sessionId: session.id, data: { reason: "x".repeat(9_000) } }),
    ]);
    await feedA.publish(session.id, v3.change);

    await eventually(() => onB.changes.length === 1, { what: "v3 without its events" });
    expect(onB.changes).toEqual([{ sessionId: session.id, version: 3, events: [] }]);
    expect(errors).toEqual([expect.objectContaining({ sessionId: session.id, from: 2, to: 2 })]);
  });

  it("a repeated or late notification is not delivered again: versions increase, each once", async () => {
    const { a, feedA, feedB, session } = await twoInstances();
    const onB = recorder();
    feedB.subscribe(session.id, onB.listener);
    await feedB.ready();
    const v2 = await saveNext(a, session, [aLiveEvent({ sessionId: session.id })]);
    const v3 = await saveNext(a, v2.session, [aLiveEvent({ sessionId: session.id })]);
    // v3 first (v2 comes from the store), then v2 late, v3 again, v2 again.
    for (const change of [v3.change, v2.change, v3.change, v2.change]) {
      await feedA.publish(session.id, change);
    }
    await eventually(() => onB.changes.length >= 2, { what: "v2 and v3" });
    await settle(300);
    expect(onB.changes.map((change) => change.version)).toEqual([2, 3]);
    expect(onB.changes).toEqual([v2.change, v3.change]);
  });

  it("R-DATA-1: no email travels in a notification; listeners still get the whole change", async () => {
    const { a, feedA, feedB, session } = await twoInstances();
    const payloads: string[] = [];
    const raw = await a.database.listen(`${a.schema}_changes`, {
      onNotification: (payload) => void payloads.push(payload),
      onLost: () => {},
    });
    try {
      const onB = recorder();
      feedB.subscribe(session.id, onB.listener);
      await feedB.ready();
      const added = aLiveEvent({
        sessionId: session.id,
        type: "participant-added",
        data: { email: "new.speaker@example.com", role: "speaker", personKey: "p_new" },
      });
      const { change } = await saveNext(a, session, [added]);
      await feedA.publish(session.id, change);
      await eventually(() => onB.changes.length === 1, { what: "the change" });
      expect(onB.changes).toEqual([change]);
      await eventually(() => payloads.length >= 1, { what: "the raw notification" });
      expect(payloads.join("\n")).not.toContain("@");
    } finally {
      await raw.close();
    }
  });

  it("R-LIFE-6: a change saved but never announced (publisher crashed) is delivered within the resync interval", async () => {
    const { a } = instances();
    const scheduler = createTestScheduler();
    const feedB = feedOf(instances().b, { resyncMs: 15_000, scheduler });
    const session = aLiveSession({ id: newId(label) });
    await a.create(session);
    const onB = recorder();
    feedB.subscribe(session.id, onB.listener);
    await feedB.ready();
    const v2 = await saveNext(a, session, [aLiveEvent({ sessionId: session.id })]);
    // Not before the resync is due, and then without waiting for it in real time.
    scheduler.advance(14_999);
    await settle();
    expect(onB.changes).toEqual([]);
    scheduler.advance(1);
    await eventually(() => onB.changes.length === 1, { what: "v2 without a notification" });
    expect(onB.changes).toEqual([v2.change]);
    // Its deletion, never announced either, arrives too (read from the kept history).
    const deleted = aLiveEvent({ sessionId: session.id, type: "session-deleted" });
    await a.appendHistory(session.id, [deleted]);
    await a.delete(session.id, () => "anon");
    scheduler.advance(15_000);
    await eventually(() => onB.changes.length === 2, { what: "the deletion" });
    expect(onB.changes[1]).toEqual({ sessionId: session.id, version: 3, events: [deleted] });
    // Further resyncs find nothing new to deliver.
    scheduler.advance(15_000);
    await settle();
    scheduler.advance(15_000);
    await settle();
    expect(onB.changes).toHaveLength(2);
  });

  it("R-LIFE-6: a '*' listener gets a session created and never announced, and nothing older", async () => {
    const { a } = instances();
    const before = aLiveSession({ id: newId(`${label}_before`) });
    await a.create(before);
    const scheduler = createTestScheduler();
    const feedB = feedOf(instances().b, { resyncMs: 15_000, scheduler });
    const all = recorder();
    feedB.subscribe("*", all.listener);
    await feedB.ready();
    const session = aLiveSession({ id: newId(`${label}_silent`) });
    const created = aLiveEvent({ sessionId: session.id, type: "session-created" });
    await a.create(session, [created]);
    scheduler.advance(15_000);
    await eventually(() => all.changes.some((change) => change.sessionId === session.id), {
      what: "the new session",
    });
    scheduler.advance(15_000);
    await settle(300);
    expect(all.changes.filter((change) => change.sessionId === session.id)).toEqual([
      { sessionId: session.id, version: 1, events: [created] },
    ]);
    // Saved before the listener came: not handed over as if it had been missed.
    expect(all.changes.filter((change) => change.sessionId === before.id)).toEqual([]);
  });

  it("sessions followed for '*' alone are bounded, and the resync reads the store at most 8 at a time", async () => {
    const { a, b } = instances();
    const compared: number[] = [];
    let reading = 0;
    let mostReading = 0;
    const watched: PostgresStore = {
      ...b,
      versionsOf: (ids) => {
        compared.push(ids.length);
        return b.versionsOf(ids);
      },
      changesSince: async (sessionId, after) => {
        reading++;
        mostReading = Math.max(mostReading, reading);
        try {
          return await b.changesSince(sessionId, after);
        } finally {
          reading--;
        }
      },
    };
    const scheduler = createTestScheduler();
    const feedA = feedOf(a, { resyncMs: 0 });
    const feedB = feedOf(watched, { resyncMs: 15_000, maxWildcardSessions: 5, scheduler });
    const sessions = Array.from({ length: 20 }, (_, i) =>
      aLiveSession({ id: newId(`${label}_many${i}`) }),
    );
    for (const session of sessions) await a.create(session);
    const all = recorder();
    feedB.subscribe("*", all.listener);
    const mine = sessions.map(() => recorder());
    for (const [i, session] of sessions.entries()) feedB.subscribe(session.id, mine[i]!.listener);
    await feedB.ready();
    // Twelve other sessions announced to '*' only: only the five most recent stay followed.
    const others = Array.from({ length: 12 }, (_, i) =>
      aLiveSession({ id: newId(`${label}_star${i}`) }),
    );
    for (const other of others) {
      await a.create(other);
      const { change } = await saveNext(a, other, []);
      await feedA.publish(other.id, change);
    }
    await eventually(() => others.every((o) => all.changes.some((c) => c.sessionId === o.id)), {
      what: "the '*' changes",
    });
    // Twenty sessions saved without a notification: caught up from the store, 8 reads at most.
    for (const session of sessions) await saveNext(a, session, []);
    scheduler.advance(15_000);
    await eventually(() => mine.every((r) => r.changes.length === 1), {
      what: "the silent changes",
    });
    expect(mostReading).toBeLessThanOrEqual(8);
    compared.length = 0;
    scheduler.advance(15_000);
    await eventually(() => compared.length > 0, { what: "a comparison" });
    // The twenty subscribed sessions, and at most five followed for '*' alone.
    expect(compared[0]).toBeLessThanOrEqual(20 + 5);
    expect(compared[0]).toBeGreaterThanOrEqual(20);
  });

  it("a deleted session's last change (its history pseudonymised) still reaches listeners", async () => {
    const { a, feedA, feedB, session } = await twoInstances();
    const onB = recorder();
    feedB.subscribe(session.id, onB.listener);
    await feedB.ready();
    // As the service deletes: the deletion is recorded, the session removed, version + 1 announced.
    const deleted = aLiveEvent({ sessionId: session.id, type: "session-deleted" });
    await a.appendHistory(session.id, [deleted]);
    await a.delete(session.id, () => "anon");
    // v2 announced first without events: B reads it back from the history of the deleted session.
    await feedA.publish(session.id, { sessionId: session.id, version: 2, events: [deleted] });
    await eventually(() => onB.changes.length === 1, { what: "the deletion" });
    expect(onB.changes).toEqual([{ sessionId: session.id, version: 2, events: [deleted] }]);
  });
}

describe("PostgresChangeFeed on PGlite", () => {
  let embedded: PgliteStore;
  // Starting the WebAssembly database can take a while on a busy machine.
  beforeAll(async () => {
    embedded = await createPgliteStore();
  }, 60_000);
  afterAll(async () => embedded.pglite.close());
  feedSuite("lite", () => ({ a: embedded.store, b: embedded.store }));
});

describe.skipIf(serverUrl === undefined)(`PostgresChangeFeed ${onServer}`, () => {
  const schema = uniqueSchema("feed");
  const pools: pg.Pool[] = [];
  let a: PostgresStore;
  let b: PostgresStore;
  const newPool = () => {
    const pool = new pg.Pool({ connectionString: serverUrl, max: 5 });
    pool.on("error", () => {});
    pools.push(pool);
    return pool;
  };

  beforeAll(async () => {
    a = createPostgresStore({ pool: newPool() }, { schema });
    b = createPostgresStore({ pool: newPool() }, { schema });
    await Promise.all([a.migrate(), b.migrate()]);
  });
  afterAll(async () => {
    await pools[0]?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all(pools.map((pool) => pool.end()));
  });

  feedSuite("server", () => ({ a, b }));

  /** Kills the backend that LISTENs for `b`'s feed and waits until the feed noticed. */
  async function killListener(lost: () => boolean) {
    const killed = await a.database.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
       WHERE datname = current_database() AND query = $1`,
      [`LISTEN "${schema}_changes"`],
    );
    expect(killed.rows.length).toBeGreaterThan(0);
    await eventually(lost, { what: "the feed to notice the drop" });
  }

  /** Two feeds on a test scheduler: B's reconnect waits until the test moves time on. */
  function watchedFeeds() {
    const scheduler = createTestScheduler();
    let drops = 0;
    const logger = {
      debug: () => {},
      info: () => {},
      error: () => {},
      warn: (_obj: unknown, message?: string) => {
        if (typeof message === "string" && message.includes("connection lost")) drops++;
      },
    };
    const feeds = [
      createPostgresChangeFeed({ store: a, healthCheckMs: 0, scheduler }),
      createPostgresChangeFeed({
        store: b,
        logger,
        healthCheckMs: 0,
        reconnect: { minDelayMs: 400, maxDelayMs: 800 },
        scheduler,
      }),
    ] as const;
    return { feeds, scheduler, dropped: () => drops > 0 };
  }

  it("after its listening connection is killed, B reconnects and delivers every missed change, in order, once", async () => {
    const { feeds, scheduler, dropped } = watchedFeeds();
    const [feedA, feedB] = feeds;
    try {
      const session = aLiveSession({ id: newId("kill") });
      await a.create(session);
      const onB = recorder();
      feedB.subscribe(session.id, onB.listener);
      await Promise.all([feedA.ready(), feedB.ready()]);

      const v2 = await saveNext(a, session, [
        aLiveEvent({ sessionId: session.id, type: "live-started" }),
      ]);
      await feedA.publish(session.id, v2.change);
      await eventually(() => onB.changes.length === 1, { what: "v2 before the drop" });

      // Only LISTEN sessions of this schema match: the killed one is B's (A's was opened too,
      // and both are killed, which is the harder case).
      await killListener(dropped);
      const v3 = await saveNext(a, v2.session, [
        aLiveEvent({ sessionId: session.id, type: "stage-changed" }),
      ]);
      await feedA.publish(session.id, v3.change).catch(() => {});
      const v4 = await saveNext(a, v3.session, [
        aLiveEvent({ sessionId: session.id, type: "live-stopped" }),
      ]);
      await feedA.publish(session.id, v4.change).catch(() => {});
      // Nothing comes back before the reconnect delay (at most 800 ms) has passed.
      await settle();
      expect(onB.changes).toEqual([v2.change]);
      scheduler.advance(800);

      await eventually(() => onB.changes.length >= 3, {
        what: "the missed changes",
        timeoutMs: 8_000,
      });
      await feedB.ready();
      const v5 = await saveNext(a, v4.session, [
        aLiveEvent({ sessionId: session.id, type: "replay-status" }),
      ]);
      await feedA.publish(session.id, v5.change);
      await eventually(() => onB.changes.length >= 4, { what: "v5 after the reconnect" });
      await settle(300);
      expect(onB.changes).toEqual([v2.change, v3.change, v4.change, v5.change]);
    } finally {
      await Promise.all(feeds.map((feed) => feed.close()));
    }
  });

  it("after a drop, a '*' listener hears of sessions created meanwhile", async () => {
    const { feeds, scheduler, dropped } = watchedFeeds();
    const [, feedB] = feeds;
    try {
      const all = recorder();
      feedB.subscribe("*", all.listener);
      await feedB.ready();
      await killListener(dropped);
      const session = aLiveSession({ id: newId("star") });
      const created = aLiveEvent({ sessionId: session.id, type: "session-created" });
      await a.create(session, [created]);
      // A's listening connection was killed too: both reconnect once time moves on.
      scheduler.advance(800);
      await eventually(() => all.changes.find((change) => change.sessionId === session.id), {
        what: "the new session",
        timeoutMs: 8_000,
      });
      expect(all.changes.filter((change) => change.sessionId === session.id)).toEqual([
        { sessionId: session.id, version: 1, events: [created] },
      ]);
    } finally {
      await Promise.all(feeds.map((feed) => feed.close()));
    }
  });

  it("after a drop, sessions a '*' listener saw are compared in one query, not read one by one", async () => {
    let reads = 0;
    const counting: PostgresStore = {
      ...b,
      get: (sessionId) => {
        reads++;
        return b.get(sessionId);
      },
      changesSince: (sessionId, after) => {
        reads++;
        return b.changesSince(sessionId, after);
      },
    };
    let drops = 0;
    const scheduler = createTestScheduler();
    const feedA = createPostgresChangeFeed({ store: a, healthCheckMs: 0, resyncMs: 0, scheduler });
    const feedB = createPostgresChangeFeed({
      store: counting,
      healthCheckMs: 0,
      resyncMs: 0,
      reconnect: { minDelayMs: 400, maxDelayMs: 800 },
      scheduler,
      logger: {
        ...silentLogger,
        warn: (_details: unknown, message?: string) => {
          if (message?.includes("connection lost")) drops++;
        },
      },
    });
    try {
      const all = recorder();
      feedB.subscribe("*", all.listener);
      await Promise.all([feedA.ready(), feedB.ready()]);
      const sessions = Array.from({ length: 30 }, (_, i) =>
        aLiveSession({ id: newId(`seen${i}`) }),
      );
      for (const session of sessions) {
        await a.create(session);
        await feedA.publish(session.id, { sessionId: session.id, version: 1, events: [] });
      }
      await eventually(
        () => sessions.every((s) => all.changes.some((change) => change.sessionId === s.id)),
        { what: "the thirty sessions" },
      );
      reads = 0;
      await killListener(() => drops > 0);
      const changed = await saveNext(a, sessions[0]!, [aLiveEvent({ sessionId: sessions[0]!.id })]);
      scheduler.advance(800);
      await eventually(
        () =>
          all.changes.find(
            (change) => change.sessionId === changed.change.sessionId && change.version === 2,
          ),
        { what: "the change made during the drop", timeoutMs: 8_000 },
      );
      await feedB.ready();
      // Only the session that changed is read back.
      expect(reads).toBeLessThanOrEqual(2);
    } finally {
      await Promise.all([feedA.close(), feedB.close()]);
    }
  });
});

describe("PostgresChangeFeed without a reachable server", () => {
  it("publish fails with a retriable STORE_FAILED that reveals no connection detail", async () => {
    const store = createPostgresStore({
      connectionString: "postgres://someone:s3cret-pass@127.0.0.1:1/nowhere",
    });
    const feed = createPostgresChangeFeed({
      store,
      reconnect: { minDelayMs: 50, maxDelayMs: 100 },
    });
    try {
      const error = await expectLiveError(
        feed.publish("ses_x", { sessionId: "ses_x", version: 2, events: [] }),
        "STORE_FAILED",
      );
      expect(error.retriable).toBe(true);
      const shown = `${error.message} ${String((error.cause as Error).message)}`;
      for (const secret of ["s3cret", "someone", "127.0.0.1", "nowhere", "SELECT"]) {
        expect(shown).not.toContain(secret);
      }
    } finally {
      await feed.close();
      await store.close();
    }
  });
});

// What the Postgres store adds to the shared contract: migrations, the versioned history the change
// feed resyncs from, retention, SQL-side pseudonymisation, and errors that reveal nothing.
import { PGlite } from "@electric-sql/pglite";
import { LiveError, type LiveSession } from "@onair/core";
import { aLiveEvent, aLiveSession, expectLiveError } from "@onair/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresStore, fromPglite, type PostgresStore } from "../src/index.js";
import { runMigrations } from "../src/migrate.js";
import { migrations } from "../src/migrations.js";
import {
  createPgliteStore,
  createServerStore,
  onServer,
  type PgliteStore,
  type ServerStore,
  serverUrl,
  uniqueSchema,
} from "./databases.js";

const newId = (label: string) =>
  `ses_${label}_${globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;

const next = (session: LiveSession, changes: Partial<LiveSession> = {}): LiveSession => ({
  ...session,
  ...changes,
  version: session.version + 1,
});

function storeSuite(store: () => PostgresStore) {
  it("migrate() is idempotent: a second run applies nothing", async () => {
    expect(await store().migrate()).toEqual({ applied: [] });
    const session = aLiveSession({ id: newId("mig") });
    await store().create(session);
    expect(await store().get(session.id)).toEqual(session);
  });

  it("a provider room belongs to one session: a second one gets CONFLICT", async () => {
    const roomId = `room_${newId("r")}`;
    await store().create(aLiveSession({ id: newId("r1"), live: { roomId } }));
    const other = aLiveSession({ id: newId("r2") });
    await store().create(other);
    await expectLiveError(
      store().create(aLiveSession({ id: newId("r3"), live: { roomId } })),
      "CONFLICT",
    );
    await expectLiveError(
      store().update(next(other, { live: { ...other.live, roomId } }), 1),
      "CONFLICT",
    );
    expect(await store().get(other.id)).toEqual(other);
  });

  describe("versioned history (what the change feed resyncs from)", () => {
    it("gives one change per version after the one asked, with that version's entries", async () => {
      const s = store();
      const v1 = aLiveSession({ id: newId("cs") });
      const created = aLiveEvent({ sessionId: v1.id, type: "session-created" });
      await s.create(v1, [created]);
      const v2 = next(v1);
      const started = aLiveEvent({ sessionId: v1.id, type: "live-started" });
      const requested = aLiveEvent({ sessionId: v1.id, type: "recording-requested" });
      await s.update(v2, 1, [started, requested]);
      const v3 = next(v2);
      await s.update(v3, 2); // an update that records nothing is still a version
      expect(await s.changesSince(v1.id, 0)).toEqual([
        { sessionId: v1.id, version: 1, events: [created] },
        { sessionId: v1.id, version: 2, events: [started, requested] },
        { sessionId: v1.id, version: 3, events: [] },
      ]);
      expect(await s.changesSince(v1.id, 2)).toEqual([
        { sessionId: v1.id, version: 3, events: [] },
      ]);
      expect(await s.changesSince(v1.id, 3)).toEqual([]);
      expect(await s.changesSince(newId("none"), 0)).toEqual([]);
    });

    it("entries appended outside an update belong to the next version, as the service announces them", async () => {
      const s = store();
      const session = aLiveSession({ id: newId("app") });
      await s.create(session);
      const gap = aLiveEvent({ sessionId: session.id, type: "recording-gap" });
      await s.appendHistory(session.id, [gap]);
      // Not delivered before the session reaches that version...
      expect(await s.changesSince(session.id, 1)).toEqual([]);
      const stopped = aLiveEvent({ sessionId: session.id, type: "live-stopped" });
      await s.update(next(session), 1, [stopped]);
      expect(await s.changesSince(session.id, 1)).toEqual([
        { sessionId: session.id, version: 2, events: [gap, stopped] },
      ]);
    });

    it("a deleted session's changes end with the deletion recorded before it", async () => {
      const s = store();
      const session = aLiveSession({ id: newId("del") });
      await s.create(session);
      const deleted = aLiveEvent({ sessionId: session.id, type: "session-deleted" });
      await s.appendHistory(session.id, [deleted]);
      await s.delete(session.id, () => "anon");
      expect(await s.changesSince(session.id, 1)).toEqual([
        { sessionId: session.id, version: 2, events: [deleted] },
      ]);
    });

    it("versionsOf gives, in one query, each session's version, a deleted one's last, and skips unknown ids", async () => {
      const s = store();
      const live = aLiveSession({ id: newId("ver") });
      await s.create(live);
      await s.update(next(live), 1);
      const gone = aLiveSession({ id: newId("vergone") });
      await s.create(gone);
      await s.appendHistory(gone.id, [aLiveEvent({ sessionId: gone.id, type: "session-deleted" })]);
      await s.delete(gone.id, () => "anon");
      const versions = await s.versionsOf([live.id, gone.id, newId("never"), live.id]);
      expect([...versions].sort((x, y) => x.sessionId.localeCompare(y.sessionId))).toEqual(
        [
          { sessionId: live.id, version: 2 },
          { sessionId: gone.id, version: 2 },
        ].sort((x, y) => x.sessionId.localeCompare(y.sessionId)),
      );
      expect(await s.versionsOf([])).toEqual([]);
    });

    it("positions are never reused after a purge", async () => {
      const s = store();
      const session = aLiveSession({ id: newId("seq") });
      await s.create(session, [
        aLiveEvent({ sessionId: session.id, at: "2001-01-01T00:00:00.000Z" }),
        aLiveEvent({ sessionId: session.id, at: "2001-01-02T00:00:00.000Z" }),
      ]);
      await s.purgeHistory("2001-06-01T00:00:00.000Z");
      await s.appendHistory(session.id, [
        aLiveEvent({ sessionId: session.id, type: "live-started" }),
      ]);
      const history = await s.history(session.id);
      expect(history.map((entry) => [entry.seq, entry.type])).toEqual([[3, "live-started"]]);
      expect(await s.history(session.id, { afterSeq: 2 })).toEqual(history);
    });

    it("an entry's instant comes back in the canonical ISO form whatever offset it was given in", async () => {
      const s = store();
      const session = aLiveSession({ id: newId("iso") });
      await s.create(session, [
        aLiveEvent({ sessionId: session.id, at: "2026-01-01T11:30:00+01:00" }),
      ]);
      expect((await s.history(session.id))[0]?.at).toBe("2026-01-01T10:30:00.000Z");
    });
  });

  describe("retention and pseudonymisation (R-DATA-1)", () => {
    it("R-DATA-1: rewrites every entry of each distinct email in SQL, and only string emails", async () => {
      const s = store();
      const session = aLiveSession({ id: newId("pse") });
      const keep = aLiveSession({ id: newId("keep") });
      const added = (email: unknown) =>
        aLiveEvent({
          sessionId: session.id,
          type: "participant-added",
          data: { email, role: "speaker" },
        });
      await s.create(session, [
        added("a@example.com"),
        added("b@example.com"),
        added("a@example.com"),
        added(42),
        aLiveEvent({
          sessionId: session.id,
          data: { note: "a@example.com", nested: { email: "b@example.com" } },
        }),
      ]);
      await s.create(keep, [
        aLiveEvent({
          sessionId: keep.id,
          type: "participant-added",
          data: { email: "a@example.com" },
        }),
      ]);
      const asked: string[] = [];
      await s.delete(session.id, (email) => {
        asked.push(email);
        return `anon_${email[0]}`;
      });
      expect(asked.sort()).toEqual(["a@example.com", "b@example.com"]);
      expect((await s.history(session.id)).map((entry) => entry.data)).toEqual([
        { email: "anon_a", role: "speaker" },
        { email: "anon_b", role: "speaker" },
        { email: "anon_a", role: "speaker" },
        { email: 42, role: "speaker" },
        // Only the `email` field is the identity the history keeps, as in the in-memory store.
        { note: "a@example.com", nested: { email: "b@example.com" } },
      ]);
      expect((await s.history(keep.id))[0]?.data).toEqual({ email: "a@example.com" });
    });

    it("R-DATA-1: a failing pseudonym function deletes nothing (one transaction)", async () => {
      const s = store();
      const session = aLiveSession({ id: newId("atomic") });
      await s.create(session, [
        aLiveEvent({
          sessionId: session.id,
          type: "participant-added",
          data: { email: "a@example.com" },
        }),
      ]);
      await s.touchPresence(session.id, "p_mod", "moderator", "con_1", 1_000);
      await expect(
        s.delete(session.id, () => {
          throw new Error("no key");
        }),
      ).rejects.toThrow();
      expect(await s.get(session.id)).toEqual(session);
      expect((await s.countPresence(session.id, 1_000, 60_000)).moderators).toBe(1);
      expect((await s.history(session.id))[0]?.data).toEqual({ email: "a@example.com" });
    });

    it("R-DATA-1: a pseudonym function that throws is not reported as the store being away, and reveals nothing", async () => {
      const s = store();
      const session = aLiveSession({ id: newId("bug") });
      await s.create(session, [
        aLiveEvent({
          sessionId: session.id,
          type: "participant-added",
          data: { email: "ann@example.com" },
        }),
      ]);
      for (const failure of [
        new TypeError("Cannot read properties of undefined (ann@example.com)"),
        new Error("no key for ann@example.com"),
      ]) {
        const error = await expectLiveError(
          s.delete(session.id, () => {
            throw failure;
          }),
          "STORE_FAILED",
        );
        expect(error.retriable).toBe(false);
        expect(error.message).not.toMatch(/unavailable/);
        const shown = `${error.message} ${(error.cause as Error).message} ${JSON.stringify(error)}`;
        expect(shown).not.toContain("ann@example.com");
      }
      expect(await s.get(session.id)).toEqual(session);
    });

    it("a value that breaks a rule of the tables is INVALID_INPUT, not a failure to retry", async () => {
      const id = newId("role");
      const error = await expectLiveError(
        store().touchPresence(id, "p_1", "owner" as never, "con_1", 1_000),
        "INVALID_INPUT",
      );
      expect(error.retriable).toBe(false);
      expect((error.cause as Error).message).toBe("database error 23514");
    });

    it("refuses a retention limit that is not an instant instead of purging everything", async () => {
      const s = store();
      const session = aLiveSession({ id: newId("keep") });
      await s.create(session, [aLiveEvent({ sessionId: session.id })]);
      await expectLiveError(s.purgeHistory("last year"), "INVALID_INPUT");
      expect(await s.history(session.id)).toHaveLength(1);
    });

    it("purgePresence drops leases renewed before the limit and says how many", async () => {
      const s = store();
      const id = newId("pp");
      await s.touchPresence(id, "p_1", "attendee", "con_1", 1_000);
      await s.touchPresence(id, "p_2", "attendee", "con_2", 5_000);
      expect(await s.purgePresence(5_000)).toBeGreaterThanOrEqual(1);
      expect(await s.countPresence(id, 5_000, 10_000)).toEqual({
        moderators: 0,
        speakers: 0,
        audience: 1,
      });
    });
  });
}

describe("upgrading a schema", () => {
  it("R-LIFE-6: a schema at version 2 with ended sessions still settling migrates to version 3 and lists them", async () => {
    const pglite = new PGlite();
    try {
      const db = fromPglite(pglite);
      expect(await runMigrations(db, "onair", '"onair"', migrations.slice(0, 2))).toEqual({
        applied: [1, 2],
      });
      const store = createPostgresStore({ database: db });
      const settling = aLiveSession({
        id: newId("up_settling"),
        live: { phase: "ended", settleDueAt: "2026-01-01T00:00:30.000Z" },
      });
      await store.create(settling);
      await store.create(aLiveSession({ id: newId("up_ended"), live: { phase: "ended" } }));
      expect(await store.migrate()).toEqual({ applied: [3] });
      expect(await store.settlingSessionIds()).toEqual([settling.id]);
      const indexes = await pglite.query<{ indexdef: string }>(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = 'onair' AND indexname = 'sessions_settling'",
      );
      expect(indexes.rows[0]?.indexdef).toContain(
        "WHERE ((session #>> '{live,settleDueAt}'::text[]) IS NOT NULL)",
      );
    } finally {
      await pglite.close();
    }
  }, 30_000);

  it("a schema at version 1 with live sessions migrates to version 2 and lists them", async () => {
    const pglite = new PGlite();
    try {
      const db = fromPglite(pglite);
      expect(await runMigrations(db, "onair", '"onair"', migrations.slice(0, 1))).toEqual({
        applied: [1],
      });
      const store = createPostgresStore({ database: db });
      const live = aLiveSession({ id: newId("up_live"), live: { phase: "live" } });
      await store.create(live);
      await store.create(aLiveSession({ id: newId("up_sched") }));
      expect(await store.migrate()).toEqual({ applied: [2, 3] });
      expect(await store.liveSessionIds()).toEqual([live.id]);
      // The query above is the one the index was made for (same expression, same predicate).
      const indexes = await pglite.query<{ indexdef: string }>(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = 'onair' AND indexname = 'sessions_live'",
      );
      expect(indexes.rows[0]?.indexdef).toContain(
        "WHERE ((session #>> '{live,phase}'::text[]) = 'live'::text)",
      );
    } finally {
      await pglite.close();
    }
    // A fresh PGlite database and two migrations: longer than 5 s on a loaded machine.
  }, 60_000);
});

describe("PostgresStore on PGlite", () => {
  let embedded: PgliteStore;
  beforeAll(async () => {
    embedded = await createPgliteStore();
  });
  afterAll(async () => embedded.pglite.close());

  storeSuite(() => embedded.store);

  it("keeps two schemas of one database apart", async () => {
    const other = createPostgresStore(
      { database: fromPglite(embedded.pglite) },
      { schema: "onair_other" },
    );
    await other.migrate();
    const session = aLiveSession({ id: newId("schema") });
    await other.create(session);
    expect(await other.get(session.id)).toEqual(session);
    expect(await embedded.store.get(session.id)).toBeNull();
  });

  it("refuses a schema name that is not a plain identifier, before any SQL", () => {
    for (const schema of ['onair"; DROP TABLE x; --', "Onair", "", "a".repeat(64), "1abc"]) {
      expect(() =>
        createPostgresStore({ database: fromPglite(embedded.pglite) }, { schema }),
      ).toThrow(LiveError);
    }
  });

  it("a store whose tables were never created says to run migrate(), not to try again, without SQL", async () => {
    const unmigrated = createPostgresStore(
      { database: fromPglite(embedded.pglite) },
      { schema: "onair_empty" },
    );
    const error = await expectLiveError(unmigrated.get("ses_1"), "STORE_FAILED");
    expect(error.retriable).toBe(false);
    expect(error.message).toContain("migrate()");
    expect(error.message).not.toMatch(/select|onair_empty|sessions/i);
    expect((error.cause as Error).message).toBe("database error 42P01");
  });
});

describe.skipIf(serverUrl === undefined)(`PostgresStore ${onServer}`, () => {
  let server: ServerStore;
  beforeAll(async () => {
    server = await createServerStore("store");
  });
  afterAll(async () => server.dispose());

  storeSuite(() => server.store);

  it("two instances migrating a fresh schema together apply each version once", async () => {
    const schema = uniqueSchema("migrate");
    const pools = [0, 1, 2].map(() => new pg.Pool({ connectionString: serverUrl, max: 2 }));
    try {
      const stores = pools.map((pool) => createPostgresStore({ pool }, { schema }));
      const reports = await Promise.all(stores.map((store) => store.migrate()));
      expect(reports.map((report) => report.applied).sort()).toEqual([[], [], [1, 2, 3]]);
      const recorded = await pools[0]!.query(
        `SELECT version FROM "${schema}".migrations ORDER BY version`,
      );
      expect(recorded.rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    } finally {
      await pools[0]!.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it("R-LIFE-5: of concurrent updates from two instances (two pools), exactly one wins", async () => {
    const otherPool = new pg.Pool({ connectionString: serverUrl, max: 10 });
    try {
      const other = createPostgresStore({ pool: otherPool }, { schema: server.store.schema });
      const session = aLiveSession({ id: newId("race") });
      await server.store.create(session);
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? server.store : other).update(next(session, { title: `racer ${i}` }), 1, [
            aLiveEvent({ sessionId: session.id, type: "live-started", data: { racer: i } }),
          ]),
        ),
      );
      const won = results.flatMap((result, i) => (result.status === "fulfilled" ? [i] : []));
      expect(won).toHaveLength(1);
      for (const result of results) {
        if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "CONFLICT" });
      }
      expect((await other.get(session.id))?.title).toBe(`racer ${won[0]}`);
      expect((await other.history(session.id)).map((entry) => entry.data)).toEqual([
        { racer: won[0] },
      ]);
    } finally {
      await otherPool.end();
    }
  });

  /** Waits until a statement on this test file's schema waits for a lock (or gives up quietly). */
  async function untilWaitingOnLock() {
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      const waiting = await server.pool.query(
        `SELECT 1 FROM pg_stat_activity
         WHERE wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'`,
        [server.store.schema],
      );
      if (waiting.rows.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("an entry appended while an update is in flight belongs to the version after that update", async () => {
    const s = server.store;
    const q = `"${s.schema}"`;
    for (const updateRecords of [true, false]) {
      const session = aLiveSession({ id: newId("appendrace") });
      await s.create(session);
      const v2 = next(session);
      // An update from another instance, held open between its write and its commit.
      const other = await server.pool.connect();
      let appending: Promise<void> | undefined;
      try {
        await other.query("BEGIN");
        await other.query(
          `UPDATE ${q}.sessions SET version = 2, session = $2::jsonb, updated_at = now() WHERE id = $1`,
          [session.id, JSON.stringify(v2)],
        );
        if (updateRecords) {
          await other.query(
            `INSERT INTO ${q}.history_positions AS p (session_id, last_seq) VALUES ($1, 1)
             ON CONFLICT (session_id) DO UPDATE SET last_seq = p.last_seq + 1`,
            [session.id],
          );
          await other.query(
            `INSERT INTO ${q}.history (session_id, seq, version, type, actor, at, reason, data)
             VALUES ($1, 1, 2, 'live-started', '{"kind":"system"}', now(), NULL, '{}')`,
            [session.id],
          );
        }
        appending = s.appendHistory(session.id, [
          aLiveEvent({ sessionId: session.id, type: "recording-gap" }),
        ]);
        await untilWaitingOnLock();
        await other.query("COMMIT");
      } finally {
        other.release();
      }
      await appending;
      // Version 2 is what the other instance announced: the appended entry is not part of it...
      const typesOf = async (after: number) =>
        (await s.changesSince(session.id, after)).map((change) => [
          change.version,
          change.events.map((event) => event.type),
        ]);
      expect(await typesOf(1)).toEqual([[2, updateRecords ? ["live-started"] : []]]);
      // ...it comes with version 3, the next one announced.
      await s.update(next(v2), 2);
      expect(await typesOf(2)).toEqual([[3, ["recording-gap"]]]);
    }
  });

  it("R-PERM-6: heartbeat batches listing the same connections in different orders never deadlock", async () => {
    const otherPool = new pg.Pool({ connectionString: serverUrl, max: 4 });
    try {
      const other = createPostgresStore({ pool: otherPool }, { schema: server.store.schema });
      const id = newId("deadlock");
      const leases = Array.from({ length: 500 }, (_, i) => ({
        personKey: `a_${i}`,
        role: "attendee" as const,
        connectionId: `con_${String(i).padStart(4, "0")}`,
      }));
      await server.store.touchPresenceMany(id, leases, 1_000);
      const reversed = [...leases].reverse();
      const shuffled = [...leases].sort(() => Math.random() - 0.5);
      for (let round = 1; round <= 5; round++) {
        const results = await Promise.allSettled([
          server.store.touchPresenceMany(id, leases, 1_000 + round),
          other.touchPresenceMany(id, reversed, 1_000 + round),
          server.store.touchPresenceMany(id, shuffled, 1_000 + round),
        ]);
        expect(results.filter((result) => result.status === "rejected")).toEqual([]);
      }
      expect((await server.store.countPresence(id, 1_005, 60_000)).audience).toBe(500);
    } finally {
      await otherPool.end();
    }
  });

  it("R-PERM-6: purging presence while a heartbeat renews the same leases never deadlocks", async () => {
    const q = `"${server.store.schema}"`;
    for (let round = 1; round <= 5; round++) {
      const id = newId("purgelock");
      const leases = Array.from({ length: 500 }, (_, i) => ({
        personKey: `a_${i}`,
        role: "attendee" as const,
        connectionId: `con_${String(i).padStart(4, "0")}`,
      }));
      // Written last key first, so a purge that scans the table meets them in the reverse of the
      // heartbeat's order.
      await server.pool.query(
        `INSERT INTO ${q}.presence (session_id, connection_id, person_key, role, touched_at)
         SELECT $1, 'con_' || lpad(i::text, 4, '0'), 'a_' || i, 'attendee', 1000
         FROM generate_series(499, 0, -1) AS i`,
        [id],
      );
      const results = await Promise.allSettled([
        server.store.touchPresenceMany(id, leases, 10_000),
        server.store.purgePresence(5_000),
      ]);
      expect(results.filter((result) => result.status === "rejected")).toEqual([]);
      // Each lease was renewed (and counts) or purged before its renewal (and was renewed after).
      const count = await server.store.countPresence(id, 10_000, 1_000);
      expect(count.audience).toBeLessThanOrEqual(500);
    }
  });

  it("concurrent appends to one session get distinct, gap-free positions", async () => {
    const session = aLiveSession({ id: newId("append") });
    await server.store.create(session);
    await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        server.store.appendHistory(session.id, [
          aLiveEvent({ sessionId: session.id, data: { i, part: 0 } }),
          aLiveEvent({ sessionId: session.id, data: { i, part: 1 } }),
        ]),
      ),
    );
    const history = await server.store.history(session.id);
    expect(history.map((entry) => entry.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Each call's entries are adjacent and in order.
    for (let k = 0; k < 30; k += 2) {
      expect(history[k]?.data.i).toBe(history[k + 1]?.data.i);
      expect([history[k]?.data.part, history[k + 1]?.data.part]).toEqual([0, 1]);
    }
  });

  it("a store made from a connection string owns its pool and close() ends it", async () => {
    const store = createPostgresStore(
      { connectionString: serverUrl! },
      { schema: server.store.schema },
    );
    const session = aLiveSession({ id: newId("owned") });
    await store.create(session);
    await store.close();
    await expectLiveError(store.get(session.id), "STORE_FAILED");
    expect(await server.store.get(session.id)).toEqual(session);
  });

  it("a wrong password gives STORE_FAILED whose message and cause name no user, password or host", async () => {
    const url = new URL(serverUrl!);
    url.password = "wrong-Secret-1";
    const store = createPostgresStore({ connectionString: url.toString() });
    try {
      const error = await expectLiveError(store.get("ses_1"), "STORE_FAILED");
      const shown = `${error.message} ${(error.cause as Error).message} ${JSON.stringify(error)}`;
      for (const secret of ["wrong-Secret-1", url.username, url.hostname, url.pathname.slice(1)]) {
        expect(shown).not.toContain(secret);
      }
    } finally {
      await store.close();
    }
  });
});

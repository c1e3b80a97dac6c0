// The shared ChangeFeed contract on LISTEN/NOTIFY: two feeds (instances A and B) on PGlite always,
// and on a real server (two pools, as two processes would have) when DATABASE_URL is set.
import type { LiveEvent } from "@onair/core";
import { aLiveSession, createTestScheduler } from "@onair/testing";
import { type ChangeFeedContractSubject, runChangeFeedContract } from "@onair/testing/contracts";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { createPostgresChangeFeed, createPostgresStore, type PostgresStore } from "../src/index.js";
import {
  createPgliteStore,
  onServer,
  type PgliteStore,
  serverUrl,
  uniqueSchema,
} from "./databases.js";

const resyncMs = 15_000;

/** Instance A publishes, instance B listens; the periodic resync runs on a test scheduler. */
async function feedsOn(a: PostgresStore, b: PostgresStore): Promise<ChangeFeedContractSubject> {
  const scheduler = createTestScheduler();
  const publisher = createPostgresChangeFeed({ store: a, scheduler, resyncMs });
  const listening = createPostgresChangeFeed({ store: b, scheduler, resyncMs });
  // What travels between the instances, as anyone allowed to LISTEN on the database sees it.
  const sent: string[] = [];
  const raw = await a.database.listen(`${a.schema}_changes`, {
    onNotification: (payload) => void sent.push(payload),
    onLost: () => {},
  });
  const versions = new Map<string, number>();
  let closed = false;
  return {
    publisher,
    listening,
    async createSession(sessionId) {
      await a.create(aLiveSession({ id: sessionId }));
      versions.set(sessionId, 1);
    },
    async saveNext(sessionId, events: readonly LiveEvent[]) {
      const session = await a.get(sessionId);
      if (session === null) throw new Error(`no session ${sessionId}`);
      const version = session.version + 1;
      await a.update({ ...session, version, title: `v${version}` }, session.version, events);
      return { sessionId, version, events };
    },
    ready: () => Promise.all([publisher.ready(), listening.ready()]).then(() => {}),
    sent: () => sent,
    async closeListening() {
      closed = true;
      await listening.close();
    },
    resync: () => void scheduler.advance(resyncMs),
    async dispose() {
      await Promise.all([publisher.close(), closed ? undefined : listening.close(), raw.close()]);
    },
  };
}

describe("PostgresChangeFeed on PGlite", () => {
  let embedded: PgliteStore;
  // Starting the WebAssembly database can take a while on a busy machine.
  beforeAll(async () => {
    embedded = await createPgliteStore();
  }, 60_000);
  afterAll(async () => embedded.pglite.close());
  runChangeFeedContract("postgres (PGlite)", () => feedsOn(embedded.store, embedded.store));
});

describe.skipIf(serverUrl === undefined)(`PostgresChangeFeed ${onServer}`, () => {
  const schema = uniqueSchema("feedcontract");
  const pools: pg.Pool[] = [];
  let stores: Promise<[PostgresStore, PostgresStore]> | undefined;
  const newStore = () => {
    const pool = new pg.Pool({ connectionString: serverUrl, max: 5 });
    pool.on("error", () => {});
    pools.push(pool);
    return createPostgresStore({ pool }, { schema });
  };
  afterAll(async () => {
    if (stores === undefined) return;
    await pools[0]?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all(pools.map((pool) => pool.end()));
  });
  runChangeFeedContract("postgres (server)", async () => {
    stores ??= (async () => {
      const a = newStore();
      const b = newStore();
      await a.migrate();
      return [a, b];
    })();
    const [a, b] = await stores;
    return feedsOn(a, b);
  });
});

// Compare-and-set throughput of the PostgreSQL store (a real server when DATABASE_URL is set, else
// embedded PGlite) against the in-memory store measured in the same run, and the change-feed
// latency from one instance to another (goal: p99 under 100 ms).
import { performance } from "node:perf_hooks";
import { PGlite } from "@electric-sql/pglite";
import {
  createInMemoryStore,
  isLiveError,
  type LiveSession,
  type SessionChange,
  type SessionStore,
} from "@onair/core";
import {
  createPostgresChangeFeed,
  createPostgresStore,
  fromPglite,
  type PostgresStore,
} from "@onair/postgres";
import { aLiveEvent, aLiveSession } from "@onair/testing";
import { type Figure, measure, warmupOf } from "./support.js";

const serverUrl = process.env.DATABASE_URL;
const schema = `onair_bench_${process.pid}`;
let embedded: PGlite | undefined;

/** A store for one instance: its own pool on a server; the one embedded database otherwise. */
function storeFor(): PostgresStore {
  if (serverUrl !== undefined)
    return createPostgresStore({ connectionString: serverUrl }, { schema });
  embedded ??= new PGlite();
  return createPostgresStore({ database: fromPglite(embedded) }, { schema });
}

const sessionsFor = (label: string, count: number): LiveSession[] =>
  Array.from({ length: count }, (_, i) => aLiveSession({ id: `ses_${label}_${i}` }));

/** One command as the service saves it: the next version and one history entry. */
const saveNext = (store: SessionStore, session: LiveSession) =>
  store.update({ ...session, version: session.version + 1 }, session.version, [
    aLiveEvent({ sessionId: session.id, type: "stage-changed" }),
  ]);

/** N sequential compare-and-set updates, each on its own session. */
async function sequential(name: string, store: SessionStore, label: string, ops: number) {
  const sessions = sessionsFor(label, ops + warmupOf(ops));
  for (const session of sessions) await store.create(session);
  return measure(name, ops, (i) => saveNext(store, sessions[i]!));
}

/** Batches of `width` concurrent updates on distinct sessions (no contention). */
async function parallel(
  name: string,
  store: SessionStore,
  label: string,
  ops: number,
  width: number,
) {
  const sessions = sessionsFor(label, (ops + warmupOf(ops)) * width);
  for (const session of sessions) await store.create(session);
  return measure(
    name,
    ops,
    async (i) => {
      await Promise.all(
        Array.from({ length: width }, (_, k) => saveNext(store, sessions[i * width + k]!)),
      );
    },
    width,
  );
}

/** `width` callers racing on one session, each retrying on CONFLICT until its command is saved. */
async function contended(
  name: string,
  store: SessionStore,
  label: string,
  ops: number,
  width: number,
) {
  const sessions = sessionsFor(label, ops + warmupOf(ops));
  for (const session of sessions) await store.create(session);
  let conflicts = 0;
  const figure = await measure(
    name,
    ops,
    async (i) => {
      const id = sessions[i]!.id;
      await Promise.all(
        Array.from({ length: width }, async () => {
          for (;;) {
            const current = (await store.get(id))!;
            try {
              await saveNext(store, current);
              return;
            } catch (error) {
              if (!isLiveError(error, "CONFLICT")) throw error;
              conflicts++;
            }
          }
        }),
      );
    },
    width,
  );
  return { figure, conflicts };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** Publish on instance A, delivery to a listener on instance B, one change at a time. */
async function feedLatency(a: PostgresStore, b: PostgresStore, changes: number) {
  const feedA = createPostgresChangeFeed({ store: a });
  const feedB = createPostgresChangeFeed({ store: b });
  const session = aLiveSession({ id: "ses_feed" });
  await a.create(session);
  let arrived: (() => void) | undefined;
  feedB.subscribe(session.id, () => arrived?.());
  await Promise.all([feedA.ready(), feedB.ready()]);
  const latencies: number[] = [];
  const total = changes + warmupOf(changes);
  for (let i = 0; i < total; i++) {
    const change: SessionChange = {
      sessionId: session.id,
      version: i + 2,
      events: [aLiveEvent({ sessionId: session.id, type: "stage-changed", data: { i } })],
    };
    const delivered = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const start = performance.now();
    await feedA.publish(session.id, change);
    await delivered;
    if (i >= warmupOf(changes)) latencies.push(performance.now() - start);
  }
  await Promise.all([feedA.close(), feedB.close()]);
  return latencies.sort((x, y) => x - y);
}

/**
 * One heartbeat of `viewers` SSE viewers of one session: their audience leases renewed one
 * statement each (`width` at a time, as a pool would run them) against one `touchPresenceMany`.
 */
async function presenceRenewal(
  store: PostgresStore,
  viewers: number,
  rounds: number,
  width: number,
) {
  const sessionId = "ses_presence";
  const leases = Array.from({ length: viewers }, (_, i) => ({
    personKey: `viewer_${i}`,
    role: "attendee" as const,
    connectionId: `sse_${i}`,
  }));
  let now = Date.now();
  const oneByOne = await measure(
    `touchPresence × ${viewers.toLocaleString("en-US")}, ${width} at a time`,
    rounds,
    async () => {
      now++;
      for (let i = 0; i < leases.length; i += width) {
        await Promise.all(
          leases
            .slice(i, i + width)
            .map((l) => store.touchPresence(sessionId, l.personKey, l.role, l.connectionId, now)),
        );
      }
    },
  );
  const batched = await measure(
    `touchPresenceMany of ${viewers.toLocaleString("en-US")}`,
    rounds,
    async () => {
      now++;
      await store.touchPresenceMany(sessionId, leases, now);
    },
  );
  return { oneByOne, batched };
}

const onServer = serverUrl !== undefined;
console.log(
  onServer
    ? "database: PostgreSQL server (DATABASE_URL)"
    : "database: PGlite, embedded (set DATABASE_URL to measure a real server)",
);

const a = storeFor();
const b = storeFor();
try {
  await a.migrate();
  const N = onServer ? 2_000 : 1_000;
  const baseline = await sequential(
    "in-memory store, 1 caller",
    createInMemoryStore(),
    "mem",
    20_000,
  );
  const figures: Figure[] = [baseline];
  figures.push(await sequential("PostgreSQL, 1 caller", a, "seq", N));
  if (onServer) {
    figures.push(
      await parallel(
        "PostgreSQL, 16 callers (distinct sessions)",
        a,
        "par",
        Math.floor(N / 16),
        16,
      ),
    );
  }
  const race = await contended(
    "PostgreSQL, 8 callers racing on one session",
    a,
    "race",
    Math.floor(N / 16),
    8,
  );
  figures.push(race.figure);
  // Ratios as fractions: a database is two to three orders of magnitude slower than a Map, and
  // "0.00 ×" would hide by how much.
  console.table(
    figures.map((figure) => ({
      measure: figure.name,
      "commands/s": Math.round(figure.rate).toLocaleString("en-US"),
      "vs in-memory":
        figure === baseline ? "baseline" : `1/${Math.round(baseline.rate / figure.rate)}`,
    })),
  );
  console.log(`CONFLICTs retried in the race: ${race.conflicts.toLocaleString("en-US")}`);

  const latencies = await feedLatency(a, b, onServer ? 1_000 : 500);
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  console.table([
    {
      measure: "change feed A → B (publish to listener)",
      changes: latencies.length,
      "p50 ms": p50.toFixed(2),
      "p99 ms": p99.toFixed(2),
      "max ms": (latencies[latencies.length - 1] ?? Number.NaN).toFixed(2),
    },
  ]);
  console.log(`goal p99 < 100 ms: ${p99 < 100 ? "met" : "NOT met"}`);

  const viewers = onServer ? 10_000 : 2_000;
  const renewal = await presenceRenewal(a, viewers, onServer ? 5 : 3, 16);
  console.table(
    [renewal.oneByOne, renewal.batched].map((figure) => ({
      measure: figure.name,
      "ms per heartbeat": (1000 / figure.rate).toFixed(0),
      "× one by one": (figure.rate / renewal.oneByOne.rate).toFixed(1),
    })),
  );
  console.log(
    `audience presence: every SSE heartbeat renews each viewer's lease; the service saves the renewals of one turn together`,
  );
} finally {
  if (onServer) await a.database.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await Promise.all([a.close(), b.close()]);
  await embedded?.close();
}

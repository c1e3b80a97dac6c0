// Where the tests get their databases: an embedded PGlite (always) and, when DATABASE_URL is set,
// a real server, on which each test file works in a schema of its own that it drops at the end.
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createPostgresStore, fromPglite, type PostgresStore } from "../src/index.js";

export const serverUrl = process.env.DATABASE_URL;

/** Suffix for titles of suites that need a server, so a skip says how to run them. */
export const onServer = serverUrl
  ? "on a real PostgreSQL server"
  : "on a real PostgreSQL server (skipped: set DATABASE_URL to run)";

export function uniqueSchema(label: string): string {
  return `onair_t_${label}_${globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
}

export interface PgliteStore {
  readonly store: PostgresStore;
  readonly pglite: PGlite;
}

export async function createPgliteStore(schema?: string): Promise<PgliteStore> {
  const pglite = new PGlite();
  const store = createPostgresStore(
    { database: fromPglite(pglite) },
    schema === undefined ? {} : { schema },
  );
  await store.migrate();
  return { store, pglite };
}

export interface ServerStore {
  readonly store: PostgresStore;
  readonly pool: pg.Pool;
  /** Drops the schema and ends the pool. */
  dispose(): Promise<void>;
}

export async function createServerStore(label: string): Promise<ServerStore> {
  if (serverUrl === undefined) throw new Error("DATABASE_URL is not set");
  const pool = new pg.Pool({ connectionString: serverUrl, max: 20 });
  pool.on("error", () => {});
  const schema = uniqueSchema(label);
  const store = createPostgresStore({ pool }, { schema });
  await store.migrate();
  return {
    store,
    pool,
    async dispose() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

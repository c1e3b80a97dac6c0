// PostgresDatabase on an embedded PGlite instance (tests, demos, single-process apps). PGlite is
// described by shape only, so this package never loads it: it stays the application's choice.
import type { Listening, PostgresDatabase, SqlClient } from "./database.js";

interface PgliteQueryable {
  query<T>(query: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** What onair uses of a `PGlite` instance from `@electric-sql/pglite`. */
export interface PgliteLike extends PgliteQueryable {
  transaction<T>(callback: (tx: PgliteQueryable) => Promise<T>): Promise<T>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
}

const asClient = (queryable: PgliteQueryable): SqlClient => ({
  async query(text, params = []) {
    const result = await queryable.query<never>(text, [...params]);
    return { rows: result.rows };
  },
});

/**
 * Uses a PGlite database. PGlite is one connection: its `transaction` holds it exclusively, and
 * its LISTEN never drops, so the change feed has nothing to reconnect. `close()` leaves it open.
 */
export function fromPglite(db: PgliteLike): PostgresDatabase {
  const client = asClient(db);
  return {
    query: client.query,
    transaction: (work) => db.transaction((tx) => work(asClient(tx))),
    async listen(channel, handlers): Promise<Listening> {
      const unlisten = await db.listen(channel, (payload) => handlers.onNotification(payload));
      let open = true;
      return {
        async check() {
          await db.query("SELECT 1");
        },
        async close() {
          if (!open) return;
          open = false;
          await unlisten();
        },
      };
    },
    async close() {},
  };
}

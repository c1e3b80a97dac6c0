// PostgresDatabase on a node-postgres pool: transactions hold one pooled client, and LISTEN holds
// another for as long as it listens, destroyed (not returned to the pool) when its link drops.
import pg from "pg";
import type { Listening, NotificationHandlers, PostgresDatabase, SqlClient } from "./database.js";

/** What onair uses of a `pg.PoolClient`. */
export interface PgPoolClientLike {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  release(error?: Error | boolean): void;
  /** Listeners receive a notification message, an Error, or nothing (`end`), as pg sends them. */
  on(event: "notification" | "error" | "end", listener: (value: never) => void): unknown;
  removeListener(
    event: "notification" | "error" | "end",
    listener: (...args: unknown[]) => void,
  ): unknown;
}

/** What onair uses of a `pg.Pool`; a `new pg.Pool(...)` fits. */
export interface PgPoolLike {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  connect(): Promise<PgPoolClientLike>;
  end(): Promise<void>;
}

const asClient = (queryable: Pick<PgPoolLike, "query">): SqlClient => ({
  async query(text, params = []) {
    const result = await queryable.query(text, [...params]);
    return { rows: result.rows as never[] };
  },
});

/** Wraps a pool. With `owned`, `close()` ends it; otherwise the caller keeps it. */
export function fromPgPool(pool: PgPoolLike, owned = false): PostgresDatabase {
  const client = asClient(pool);
  return {
    query: client.query,

    async transaction(work) {
      const connection = await pool.connect();
      let broken: Error | undefined;
      try {
        await connection.query("BEGIN");
        const result = await work(asClient(connection));
        await connection.query("COMMIT");
        return result;
      } catch (error) {
        try {
          await connection.query("ROLLBACK");
        } catch (rollbackError) {
          // The link is gone: never hand this client to anyone else.
          broken = rollbackError instanceof Error ? rollbackError : new Error("rollback failed");
        }
        throw error;
      } finally {
        connection.release(broken ?? false);
      }
    },

    async listen(channel, handlers) {
      const connection = await pool.connect();
      return listenOn(connection, channel, handlers);
    },

    async close() {
      if (owned) await pool.end();
    },
  };
}

async function listenOn(
  connection: PgPoolClientLike,
  channel: string,
  handlers: NotificationHandlers,
): Promise<Listening> {
  let open = true;
  const onNotification = (value: unknown) => {
    const message = value as { channel: string; payload?: string };
    if (open && message.channel === channel) handlers.onNotification(message.payload ?? "");
  };
  const onError = (error: unknown) => lose(error);
  const onEnd = () => lose(new Error("listening connection ended"));
  // A lost client is destroyed with its listeners; `onError` stays until then, because pg emits
  // "error" on a client even while a query is running and an unheard "error" ends the process.
  const lose = (error: unknown) => {
    if (!open) return;
    open = false;
    connection.release(error instanceof Error ? error : new Error("listening connection ended"));
    handlers.onLost(error);
  };
  connection.on("notification", onNotification);
  connection.on("error", onError);
  connection.on("end", onEnd);
  try {
    // `channel` is a checked identifier (see identifiers.ts): LISTEN cannot take a parameter.
    await connection.query(`LISTEN "${channel}"`);
  } catch (error) {
    lose(error);
    throw error;
  }
  return {
    async check() {
      try {
        await connection.query("SELECT 1");
      } catch (error) {
        lose(error);
        throw error;
      }
    },
    async close() {
      if (!open) return;
      open = false;
      try {
        await connection.query(`UNLISTEN "${channel}"`);
        // Back to the pool (which watches idle clients itself) without this listener's handlers.
        connection.removeListener("notification", onNotification);
        connection.removeListener("end", onEnd);
        connection.release();
        connection.removeListener("error", onError);
      } catch (error) {
        connection.release(error instanceof Error ? error : true);
      }
    },
  };
}

/** Creates a pool the store owns; idle clients that lose their link are dropped, not fatal. */
export function createOwnedPool(connectionString: string): PostgresDatabase {
  const pool = new pg.Pool({ connectionString, keepAlive: true });
  // Without a listener, an idle client's error (a server restart) would crash the process.
  pool.on("error", () => {});
  return fromPgPool(pool, true);
}

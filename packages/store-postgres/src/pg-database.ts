// PostgresDatabase on a node-postgres pool: transactions hold one pooled client, and LISTEN holds
// another for as long as it listens, destroyed (not returned to the pool) when its link drops.
import pg from "pg";
import type { Listening, NotificationHandlers, PostgresDatabase, SqlClient } from "./database.js";
import { withTimeout } from "./timeout.js";

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

/** Timeouts of the connections onair opens on a pool. */
export interface PgDatabaseOptions {
  /**
   * Longest wait (ms) to get the listening connection and LISTEN on it, and to UNLISTEN when
   * closing; on expiry the attempt is given up (and retried) or the connection destroyed.
   * 0 waits forever. Default 10 s.
   */
  readonly listenTimeoutMs?: number;
}

/** Timeouts of the pool the store creates from a connection string; 0 turns one off. */
export interface PostgresTimeouts {
  /** Longest wait for a new connection (ms). Default 10 s. */
  readonly connectMs?: number;
  /** Longest run of one statement, enforced by the server (`statement_timeout`, ms). Default 30 s. */
  readonly statementMs?: number;
  /** Longest wait for the answer to one query, enforced by the client (ms). Default 30 s. */
  readonly queryMs?: number;
}

const defaultListenTimeoutMs = 10_000;

/** A rejection nobody awaits any more must not become an unhandled rejection. */
const settled = <T>(work: Promise<T>): Promise<T> => {
  work.catch(() => {});
  return work;
};

/**
 * Wraps a pool. With `owned`, `close()` ends it; otherwise the caller keeps it. Give your pool a
 * `connectionTimeoutMillis` and a `query_timeout` too: onair bounds only the listening connection.
 */
export function fromPgPool(
  pool: PgPoolLike,
  owned = false,
  options: PgDatabaseOptions = {},
): PostgresDatabase {
  const client = asClient(pool);
  const listenTimeoutMs = options.listenTimeoutMs ?? defaultListenTimeoutMs;
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
      // A pool that cannot connect (server unreachable, a network that swallows packets) must not
      // hold the feed forever: the attempt is given up, and retried by the listening connection.
      const connecting = pool.connect();
      let connection: PgPoolClientLike;
      try {
        connection = await withTimeout(settled(connecting), listenTimeoutMs, "listen connect");
      } catch (error) {
        // Should the connection come after all, it goes straight back, destroyed.
        connecting.then(
          (late) => late.release(new Error("listening connection given up")),
          () => {},
        );
        throw error;
      }
      return listenOn(connection, channel, handlers, listenTimeoutMs);
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
  timeoutMs: number,
): Promise<Listening> {
  let open = true;
  const onNotification = (value: unknown) => {
    const message = value as { channel: string; payload?: string };
    if (open && message.channel === channel) handlers.onNotification(message.payload ?? "");
  };
  const onError = (error: unknown) => lose(error);
  const onEnd = () => lose(new Error("listening connection ended"));
  // A lost client is destroyed with its listeners (pg ends a released-with-error client, cutting
  // its socket when a query hangs on it); `onError` stays until then, because pg emits "error" on
  // a client even while a query is running and an unheard "error" ends the process.
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
    await withTimeout(settled(connection.query(`LISTEN "${channel}"`)), timeoutMs, "LISTEN");
  } catch (error) {
    lose(error);
    throw error;
  }
  return {
    async check(checkTimeoutMs = timeoutMs) {
      if (!open) throw new Error("listening connection closed");
      try {
        await withTimeout(settled(connection.query("SELECT 1")), checkTimeoutMs, "health check");
      } catch (error) {
        // No answer in time: the link is dead even if no error said so. Destroying the client
        // also ends the round trip still waiting on it.
        lose(error);
        throw error;
      }
    },
    async close() {
      if (!open) return;
      open = false;
      try {
        await withTimeout(
          settled(connection.query(`UNLISTEN "${channel}"`)),
          timeoutMs,
          "UNLISTEN",
        );
        // Back to the pool (which watches idle clients itself) without this listener's handlers.
        connection.removeListener("notification", onNotification);
        connection.removeListener("end", onEnd);
        connection.release();
        connection.removeListener("error", onError);
      } catch (error) {
        // A link that does not answer is destroyed rather than waited for.
        connection.release(error instanceof Error ? error : true);
      }
    },
  };
}

/** The pool settings the store uses for a connection string it was given. */
export function ownedPoolConfig(connectionString: string, timeouts: PostgresTimeouts = {}) {
  const connectMs = timeouts.connectMs ?? 10_000;
  const statementMs = timeouts.statementMs ?? 30_000;
  const queryMs = timeouts.queryMs ?? 30_000;
  return {
    connectionString,
    keepAlive: true,
    ...(connectMs > 0 ? { connectionTimeoutMillis: connectMs } : {}),
    ...(statementMs > 0 ? { statement_timeout: statementMs } : {}),
    ...(queryMs > 0 ? { query_timeout: queryMs } : {}),
  };
}

/** Creates a pool the store owns; idle clients that lose their link are dropped, not fatal. */
export function createOwnedPool(
  connectionString: string,
  timeouts: PostgresTimeouts = {},
): PostgresDatabase {
  const pool = new pg.Pool(ownedPoolConfig(connectionString, timeouts));
  // Without a listener, an idle client's error (a server restart) would crash the process.
  pool.on("error", () => {});
  const connectMs = timeouts.connectMs ?? 10_000;
  return fromPgPool(pool, true, { listenTimeoutMs: connectMs });
}

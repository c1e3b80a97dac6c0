// The ways to give the store and the change feed a database: a pool the application owns, a
// connection string (the store then owns its pool), or any PostgresDatabase (e.g. `fromPglite`).
import type { PostgresDatabase } from "./database.js";
import {
  createOwnedPool,
  fromPgPool,
  type PgPoolLike,
  type PostgresTimeouts,
} from "./pg-database.js";

export type PostgresConnectionOptions =
  | { readonly pool: PgPoolLike }
  | {
      readonly connectionString: string;
      /** Timeouts of the pool created from it (defaults: connect 10 s, statement and query 30 s). */
      readonly timeouts?: PostgresTimeouts;
    }
  | { readonly database: PostgresDatabase };

export function resolveDatabase(options: PostgresConnectionOptions): PostgresDatabase {
  if ("database" in options) return options.database;
  if ("pool" in options) return fromPgPool(options.pool);
  return createOwnedPool(options.connectionString, options.timeouts);
}

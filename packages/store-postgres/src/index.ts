// @onair/postgres — the SessionStore and ChangeFeed ports on PostgreSQL, for several instances.
// Public exports are listed by name: nothing is public by accident.

export type { PostgresConnectionOptions } from "./connection-options.js";
export type {
  Listening,
  NotificationHandlers,
  PostgresDatabase,
  SqlClient,
  SqlResult,
  SqlRow,
} from "./database.js";
export type { ReconnectOptions } from "./listening-connection.js";
export type { MigrationReport } from "./migrate.js";
export type {
  PgDatabaseOptions,
  PgPoolClientLike,
  PgPoolLike,
  PostgresTimeouts,
} from "./pg-database.js";
export { fromPgPool } from "./pg-database.js";
export type { PgliteLike } from "./pglite-database.js";
export { fromPglite } from "./pglite-database.js";
export type { PostgresChangeFeed, PostgresChangeFeedOptions } from "./postgres-change-feed.js";
export { createPostgresChangeFeed } from "./postgres-change-feed.js";
export type { PostgresStore, PostgresStoreOptions, SessionVersion } from "./postgres-store.js";
export { createPostgresStore } from "./postgres-store.js";

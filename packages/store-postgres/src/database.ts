// The few things the store and the change feed need from a PostgreSQL connection, so that the
// same SQL runs on a `pg` pool (a real server) and on an embedded PGlite database.

export type SqlRow = Record<string, unknown>;

export interface SqlResult<Row extends SqlRow = SqlRow> {
  readonly rows: Row[];
}

/** Runs one parameterised statement. Input always travels in `params`, never in `text`. */
export interface SqlClient {
  query<Row extends SqlRow = SqlRow>(
    text: string,
    params?: readonly unknown[],
  ): Promise<SqlResult<Row>>;
}

export interface NotificationHandlers {
  onNotification(payload: string): void;
  /** The listening connection dropped; nothing more will be delivered through it. */
  onLost(error: unknown): void;
}

/** One open LISTEN on a dedicated connection. */
export interface Listening {
  /**
   * Round trip on the listening connection: detects a silently dead link. Rejects when no answer
   * comes within `timeoutMs` (when given); the connection is then lost (`onLost`).
   */
  check(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface PostgresDatabase extends SqlClient {
  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if not. */
  transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T>;
  /** Opens a dedicated connection that LISTENs on `channel` (a checked identifier). */
  listen(channel: string, handlers: NotificationHandlers): Promise<Listening>;
  /** Releases what this object opened itself (a pool it created); a borrowed pool stays open. */
  close(): Promise<void>;
}

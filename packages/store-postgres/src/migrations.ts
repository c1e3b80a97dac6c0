// The versioned schema of the store. A migration, once released, is never edited: changes come as a
// new version. Each statement is separate because PGlite runs one statement per query.

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Statements, given the quoted schema name. */
  readonly statements: (schema: string) => readonly string[];
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "sessions, history and presence",
    statements: (s) => [
      `CREATE TABLE ${s}.sessions (
        id text PRIMARY KEY,
        room_id text UNIQUE,
        version integer NOT NULL,
        session jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX sessions_updated_at ON ${s}.sessions (updated_at)`,
      // Append-only. `version` is the session version the entry belongs to (entries appended
      // outside an update belong to the next version), which is how the change feed resyncs.
      `CREATE TABLE ${s}.history (
        session_id text NOT NULL,
        seq integer NOT NULL,
        version integer NOT NULL,
        type text NOT NULL,
        actor jsonb NOT NULL,
        at timestamptz NOT NULL,
        reason text,
        data jsonb NOT NULL,
        PRIMARY KEY (session_id, seq)
      )`,
      `CREATE INDEX history_at ON ${s}.history (at)`,
      `CREATE INDEX history_session_version ON ${s}.history (session_id, version)`,
      // One row per session ever written to: taking the next positions locks it, so concurrent
      // appends get distinct, gap-free positions, and positions are never reused after a purge.
      `CREATE TABLE ${s}.history_positions (
        session_id text PRIMARY KEY,
        last_seq integer NOT NULL
      )`,
      // touched_at is epoch milliseconds from the service's injected clock, not the database's.
      `CREATE TABLE ${s}.presence (
        session_id text NOT NULL,
        connection_id text NOT NULL,
        person_key text NOT NULL,
        role text NOT NULL CHECK (role IN ('moderator', 'speaker', 'attendee')),
        touched_at double precision NOT NULL,
        PRIMARY KEY (session_id, connection_id)
      )`,
      `CREATE INDEX presence_touched_at ON ${s}.presence (touched_at)`,
    ],
  },
  {
    version: 2,
    name: "index of the sessions whose live is on",
    // Only live sessions are in it: it stays as small as the number of lives running at once.
    // Built inside the migration's transaction (so not CONCURRENTLY): writes to sessions wait
    // while it builds, which takes a while only on a large table (see docs/scaling.md).
    statements: (s) => [
      `CREATE INDEX sessions_live ON ${s}.sessions (id) WHERE (session #>> '{live,phase}') = 'live'`,
    ],
  },
  {
    version: 3,
    name: "index of the ended sessions still settling with the provider",
    // Only ended lives with an output not confirmed stopped, or a replay processing, are in it
    // (`live.settleDueAt` set): what tickAll settles after a stop that failed or a crash.
    statements: (s) => [
      `CREATE INDEX sessions_settling ON ${s}.sessions (id) WHERE (session #>> '{live,settleDueAt}') IS NOT NULL`,
    ],
  },
];

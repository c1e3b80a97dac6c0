// The SessionStore port on PostgreSQL, with the in-memory store's semantics: compare-and-set on a
// version column, history appended in the same transaction, presence as leases, all in SQL.
import {
  checkPseudonym,
  type HistoryEntry,
  LiveError,
  type LiveEvent,
  type LiveSession,
  type PresenceCount,
  parseInstant,
  type SessionChange,
  type SessionStore,
} from "@onair/core";
import { type PostgresConnectionOptions, resolveDatabase } from "./connection-options.js";
import type { PostgresDatabase, SqlClient } from "./database.js";
import {
  changesFromRows,
  type HistoryRow,
  historyColumns,
  toHistoryEntry,
} from "./history-rows.js";
import { quoteIdentifier } from "./identifiers.js";
import { type MigrationReport, runMigrations } from "./migrate.js";
import { migrations } from "./migrations.js";
import { guarded, unexpectedFailure } from "./store-errors.js";

export interface PostgresStoreOptions {
  /** PostgreSQL schema holding the tables; created by `migrate()`. Default `onair`. */
  readonly schema?: string;
}

/** A session and the version it is at, as listed by `recentlyChanged`. */
export interface SessionVersion {
  readonly sessionId: string;
  readonly version: number;
}

export interface PostgresStore extends SessionStore {
  /** The schema name (unquoted). */
  readonly schema: string;
  /** The connection the store runs on; the change feed may share it. */
  readonly database: PostgresDatabase;
  /** Creates or upgrades the tables; safe to call from every instance at start-up. */
  migrate(): Promise<MigrationReport>;
  /** The changes after `afterVersion`, one per version, with their history entries. */
  changesSince(sessionId: string, afterVersion: number): Promise<SessionChange[]>;
  /** Sessions saved within the last `withinMs` milliseconds (measured on the database's clock). */
  recentlyChanged(withinMs: number): Promise<SessionVersion[]>;
  /**
   * The version each listed session is at, in one query; for a deleted session, the last version
   * its history reached (as `changesSince` counts it). Ids never written to are left out.
   */
  versionsOf(sessionIds: readonly string[]): Promise<SessionVersion[]>;
  /** Drops presence leases last renewed before `before` (epoch ms); returns how many. */
  purgePresence(before: number): Promise<number>;
  /** Ends the pool when the store created it (from a connection string). */
  close(): Promise<void>;
}

const roleRank = `CASE role WHEN 'moderator' THEN 2 WHEN 'speaker' THEN 1 ELSE 0 END`;
/** Leases deleted per statement by `purgePresence`. */
const purgeBatch = 5_000;

export function createPostgresStore(
  connection: PostgresConnectionOptions,
  options: PostgresStoreOptions = {},
): PostgresStore {
  const schema = options.schema ?? "onair";
  const s = quoteIdentifier(schema, "schema");
  const db = resolveDatabase(connection);

  const conflict = () =>
    new LiveError("CONFLICT", "The session changed meanwhile; reload and try again.", {
      retriable: true,
    });
  const notFound = (sessionId: string) =>
    new LiveError("SESSION_NOT_FOUND", `Session ${sessionId} does not exist.`);

  // Positions come from history_positions (row-locked by the upsert), so concurrent appends to one
  // session never collide. Every entry is labelled with the session version it belongs to.
  const appendSql = `
    WITH position AS (
      INSERT INTO ${s}.history_positions AS p (session_id, last_seq) VALUES ($1, $2::int)
      ON CONFLICT (session_id) DO UPDATE SET last_seq = p.last_seq + EXCLUDED.last_seq
      RETURNING last_seq
    )
    INSERT INTO ${s}.history (session_id, seq, version, type, actor, at, reason, data)
    SELECT $1, position.last_seq - $2::int + e.ord, $4::int,
      e.value->>'type', e.value->'actor', (e.value->>'at')::timestamptz, e.value->>'reason',
      COALESCE(e.value->'data', '{}'::jsonb)
    FROM position, jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(value, ord)`;

  const append = async (
    client: SqlClient,
    sessionId: string,
    events: readonly LiveEvent[],
    version: number,
  ) => {
    if (events.length === 0) return;
    await client.query(appendSql, [sessionId, events.length, JSON.stringify(events), version]);
  };

  /**
   * Entries appended outside an update belong to the next version. The session row is read with
   * FOR SHARE, in its own statement: an update in flight is waited for and its version is seen
   * (a statement snapshot taken before the wait would give a version already announced, whose
   * changes were already read), and no update can commit until these entries are.
   */
  const appendOutsideUpdate = async (
    tx: SqlClient,
    sessionId: string,
    events: readonly LiveEvent[],
  ) => {
    const current = await tx.query<{ version: number }>(
      `SELECT version FROM ${s}.sessions WHERE id = $1 FOR SHARE`,
      [sessionId],
    );
    let version: number;
    if (current.rows[0] !== undefined) version = Number(current.rows[0].version) + 1;
    else {
      // A deleted session (or one never created): its history says how far it went.
      const last = await tx.query<{ version: number | null }>(
        `SELECT max(version) AS version FROM ${s}.history WHERE session_id = $1`,
        [sessionId],
      );
      version = Number(last.rows[0]?.version ?? 1);
    }
    await append(tx, sessionId, events, version);
  };

  const exists = async (client: SqlClient, sessionId: string) =>
    (await client.query(`SELECT 1 FROM ${s}.sessions WHERE id = $1`, [sessionId])).rows.length > 0;

  return {
    schema,
    database: db,

    migrate: () => guarded(() => runMigrations(db, schema, s, migrations)),

    get: (sessionId) =>
      guarded(async () => {
        const result = await db.query<{ session: LiveSession }>(
          `SELECT session FROM ${s}.sessions WHERE id = $1`,
          [sessionId],
        );
        return result.rows[0]?.session ?? null;
      }),

    findByRoomId: (roomId) =>
      guarded(async () => {
        const result = await db.query<{ session: LiveSession }>(
          `SELECT session FROM ${s}.sessions WHERE room_id = $1`,
          [roomId],
        );
        return result.rows[0]?.session ?? null;
      }),

    liveSessionIds: () =>
      guarded(async () => {
        // Served by the partial index sessions_live (migration 2).
        const result = await db.query<{ id: string }>(
          `SELECT id FROM ${s}.sessions WHERE (session #>> '{live,phase}') = 'live'`,
        );
        return result.rows.map((row) => row.id);
      }),

    settlingSessionIds: () =>
      guarded(async () => {
        // Served by the partial index sessions_settling (migration 3).
        const result = await db.query<{ id: string }>(
          `SELECT id FROM ${s}.sessions WHERE (session #>> '{live,settleDueAt}') IS NOT NULL`,
        );
        return result.rows.map((row) => row.id);
      }),

    create: (session, history = []) =>
      guarded(() =>
        db.transaction(async (tx) => {
          const inserted = await tx.query(
            `INSERT INTO ${s}.sessions (id, room_id, version, session) VALUES ($1, $2, $3, $4::jsonb)
             ON CONFLICT (id) DO NOTHING RETURNING id`,
            [session.id, session.live.roomId, session.version, JSON.stringify(session)],
          );
          if (inserted.rows.length === 0) {
            throw new LiveError("CONFLICT", `A session with id ${session.id} already exists.`);
          }
          await append(tx, session.id, history, session.version);
        }),
      ),

    update: (session, expectedVersion, history = []) =>
      guarded(
        () =>
          db.transaction(async (tx) => {
            if (session.version !== expectedVersion + 1) {
              throw (await exists(tx, session.id)) ? conflict() : notFound(session.id);
            }
            const updated = await tx.query(
              `UPDATE ${s}.sessions
               SET version = $3, room_id = $4, session = $5::jsonb, updated_at = now()
               WHERE id = $1 AND version = $2 RETURNING id`,
              [
                session.id,
                expectedVersion,
                session.version,
                session.live.roomId,
                JSON.stringify(session),
              ],
            );
            if (updated.rows.length === 0) {
              throw (await exists(tx, session.id)) ? conflict() : notFound(session.id);
            }
            await append(tx, session.id, history, session.version);
          }),
        { compareAndSet: true },
      ),

    delete: (sessionId, pseudonymise, expectedVersion) =>
      guarded(
        () =>
          db.transaction(async (tx) => {
            const deleted = await tx.query(
              `DELETE FROM ${s}.sessions WHERE id = $1 AND ($2::integer IS NULL OR version = $2)
               RETURNING id`,
              [sessionId, expectedVersion ?? null],
            );
            if (deleted.rows.length === 0) {
              throw (await exists(tx, sessionId)) ? conflict() : notFound(sessionId);
            }
            await tx.query(`DELETE FROM ${s}.presence WHERE session_id = $1`, [sessionId]);
            // Every append locks this row: once this transaction holds it, an entry is either
            // committed (and read below) or waits until the rewrite is committed too, so no email
            // appended meanwhile escapes it.
            await tx.query(
              `SELECT last_seq FROM ${s}.history_positions WHERE session_id = $1 FOR UPDATE`,
              [sessionId],
            );
            // R-DATA-1: the pseudonym comes from the caller's function, the rewrite happens in SQL.
            // Emails in participant events and admin ids of history actors are personal data.
            const values = await tx.query<{ value: string }>(
              `SELECT data->>'email' AS value FROM ${s}.history
               WHERE session_id = $1 AND jsonb_typeof(data->'email') = 'string'
               UNION
               SELECT actor->>'id' AS value FROM ${s}.history
               WHERE session_id = $1 AND actor->>'kind' = 'admin'
                 AND jsonb_typeof(actor->'id') = 'string'`,
              [sessionId],
            );
            if (values.rows.length === 0) return;
            const pseudonyms: Record<string, string> = {};
            for (const { value } of values.rows) {
              let pseudonym: unknown;
              try {
                pseudonym = pseudonymise(value);
              } catch (error) {
                throw unexpectedFailure(
                  error,
                  "The pseudonymise function failed; nothing was deleted.",
                );
              }
              pseudonyms[value] = checkPseudonym(value, pseudonym);
            }
            await tx.query(
              `UPDATE ${s}.history AS h SET data = jsonb_set(h.data, '{email}', to_jsonb(m.pseudonym))
               FROM jsonb_each_text($2::jsonb) AS m(email, pseudonym)
               WHERE h.session_id = $1 AND jsonb_typeof(h.data->'email') = 'string'
                 AND h.data->>'email' = m.email`,
              [sessionId, JSON.stringify(pseudonyms)],
            );
            await tx.query(
              `UPDATE ${s}.history AS h SET actor = jsonb_set(h.actor, '{id}', to_jsonb(m.pseudonym))
               FROM jsonb_each_text($2::jsonb) AS m(id, pseudonym)
               WHERE h.session_id = $1 AND h.actor->>'kind' = 'admin' AND h.actor->>'id' = m.id`,
              [sessionId, JSON.stringify(pseudonyms)],
            );
          }),
        { compareAndSet: expectedVersion !== undefined },
      ),

    appendHistory: (sessionId, events) =>
      guarded(async () => {
        if (events.length === 0) return;
        await db.transaction((tx) => appendOutsideUpdate(tx, sessionId, events));
      }),

    history: (sessionId, options = {}) =>
      guarded(async () => {
        const result = await db.query<HistoryRow>(
          `SELECT ${historyColumns} FROM ${s}.history
           WHERE session_id = $1 AND seq > $2 ORDER BY seq`,
          [sessionId, options.afterSeq ?? 0],
        );
        return result.rows.map(toHistoryEntry) satisfies HistoryEntry[];
      }),

    purgeHistory: (before) =>
      guarded(async () => {
        const limit = parseInstant(before);
        // Refused rather than read loosely: "9999" or a typo must never empty the history.
        if (limit === undefined) {
          throw new LiveError("INVALID_INPUT", "The retention limit must be an ISO 8601 instant.", {
            issues: [{ path: "before", message: "not an ISO 8601 instant" }],
          });
        }
        const result = await db.query<{ count: number }>(
          `WITH purged AS (DELETE FROM ${s}.history WHERE at < $1::timestamptz RETURNING 1)
           SELECT count(*)::int AS count FROM purged`,
          [new Date(limit).toISOString()],
        );
        return Number(result.rows[0]?.count ?? 0);
      }),

    touchPresence: (sessionId, personKey, role, connectionId, now) =>
      guarded(async () => {
        await db.query(
          `INSERT INTO ${s}.presence (session_id, connection_id, person_key, role, touched_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (session_id, connection_id) DO UPDATE
           SET person_key = EXCLUDED.person_key, role = EXCLUDED.role, touched_at = EXCLUDED.touched_at`,
          [sessionId, connectionId, personKey, role, now],
        );
      }),

    touchPresenceMany: (sessionId, leases, now) =>
      guarded(async () => {
        // One row per connection (the last lease given wins): ON CONFLICT may not touch a row twice.
        const byConnection = new Map(leases.map((lease) => [lease.connectionId, lease]));
        if (byConnection.size === 0) return;
        const list = [...byConnection.values()];
        // Three array parameters, whatever the number of leases: one statement, one round trip.
        // Rows are locked in key order, so two batches (or a purge) never wait on each other in a
        // cycle, whatever order their leases were given in.
        await db.query(
          `INSERT INTO ${s}.presence (session_id, connection_id, person_key, role, touched_at)
           SELECT $1, lease.connection_id, lease.person_key, lease.role, $5
           FROM unnest($2::text[], $3::text[], $4::text[]) AS lease (connection_id, person_key, role)
           ORDER BY lease.connection_id
           ON CONFLICT (session_id, connection_id) DO UPDATE
           SET person_key = EXCLUDED.person_key, role = EXCLUDED.role, touched_at = EXCLUDED.touched_at`,
          [
            sessionId,
            list.map((lease) => lease.connectionId),
            list.map((lease) => lease.personKey),
            list.map((lease) => lease.role),
            now,
          ],
        );
      }),

    dropPresence: (sessionId, connectionId) =>
      guarded(async () => {
        await db.query(`DELETE FROM ${s}.presence WHERE session_id = $1 AND connection_id = $2`, [
          sessionId,
          connectionId,
        ]);
      }),

    countPresence: (sessionId, now, ttlMs) =>
      guarded(async () => {
        // A person counts once, under the highest role of their live leases (R-PERM-6).
        const result = await db.query<{ moderators: number; speakers: number; audience: number }>(
          `SELECT count(*) FILTER (WHERE rank = 2)::int AS moderators,
                  count(*) FILTER (WHERE rank = 1)::int AS speakers,
                  count(*) FILTER (WHERE rank = 0)::int AS audience
           FROM (
             SELECT person_key, max(${roleRank}) AS rank FROM ${s}.presence
             WHERE session_id = $1 AND touched_at >= $2::float8
             GROUP BY person_key
           ) AS people`,
          [sessionId, now - ttlMs],
        );
        const row = result.rows[0];
        return {
          moderators: Number(row?.moderators ?? 0),
          speakers: Number(row?.speakers ?? 0),
          audience: Number(row?.audience ?? 0),
        } satisfies PresenceCount;
      }),

    purgePresence: (before) =>
      guarded(async () => {
        // In batches, in key order, skipping the leases being renewed at that moment (they are not
        // stale): the purge never waits on a heartbeat's batch, so the two can never deadlock.
        let total = 0;
        for (;;) {
          const result = await db.query<{ count: number }>(
            `WITH doomed AS (
               SELECT session_id, connection_id FROM ${s}.presence
               WHERE touched_at < $1::float8
               ORDER BY session_id, connection_id
               LIMIT $2
               FOR UPDATE SKIP LOCKED
             ), purged AS (
               DELETE FROM ${s}.presence AS p USING doomed AS d
               WHERE p.session_id = d.session_id AND p.connection_id = d.connection_id
               RETURNING 1
             )
             SELECT count(*)::int AS count FROM purged`,
            [before, purgeBatch],
          );
          const count = Number(result.rows[0]?.count ?? 0);
          total += count;
          if (count < purgeBatch) return total;
        }
      }),

    changesSince: (sessionId, afterVersion) =>
      guarded(async () => {
        // The session row is read first: every entry of a version it has reached is committed.
        const current = await db.query<{ version: number }>(
          `SELECT version FROM ${s}.sessions WHERE id = $1`,
          [sessionId],
        );
        const rows = await db.query<HistoryRow>(
          `SELECT ${historyColumns} FROM ${s}.history
           WHERE session_id = $1 AND version > $2 ORDER BY seq`,
          [sessionId, afterVersion],
        );
        const stored = current.rows[0];
        // A deleted session has no row left; its history says how far it went.
        const until =
          stored !== undefined
            ? Number(stored.version)
            : rows.rows.reduce((max, row) => Math.max(max, Number(row.version)), afterVersion);
        return changesFromRows(sessionId, rows.rows, afterVersion, until);
      }),

    recentlyChanged: (withinMs) =>
      guarded(async () => {
        // A duration, not an instant: the caller's clock and the database's need not agree.
        const result = await db.query<{ id: string; version: number }>(
          `SELECT id, version FROM ${s}.sessions
           WHERE updated_at >= now() - make_interval(secs => $1::float8 / 1000)`,
          [withinMs],
        );
        return result.rows.map((row) => ({ sessionId: row.id, version: Number(row.version) }));
      }),

    versionsOf: (sessionIds) =>
      guarded(async () => {
        if (sessionIds.length === 0) return [];
        const result = await db.query<{ id: string; version: number | null }>(
          `SELECT ids.id, COALESCE(
             s.version,
             (SELECT max(h.version) FROM ${s}.history AS h WHERE h.session_id = ids.id)
           ) AS version
           FROM unnest($1::text[]) AS ids(id) LEFT JOIN ${s}.sessions AS s ON s.id = ids.id`,
          [[...new Set(sessionIds)]],
        );
        return result.rows.flatMap((row) =>
          row.version === null ? [] : [{ sessionId: row.id, version: Number(row.version) }],
        );
      }),

    close: () => db.close(),
  };
}

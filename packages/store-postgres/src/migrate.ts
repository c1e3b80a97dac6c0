// Applies the pending migrations in one transaction under an advisory lock, so instances that start
// together apply each version once and the others wait, then find nothing left to do.
import type { PostgresDatabase } from "./database.js";
import type { Migration } from "./migrations.js";

export interface MigrationReport {
  /** Versions applied by this call (empty when the schema was already up to date). */
  readonly applied: readonly number[];
}

export async function runMigrations(
  db: PostgresDatabase,
  schemaName: string,
  quotedSchema: string,
  list: readonly Migration[],
): Promise<MigrationReport> {
  return db.transaction(async (tx) => {
    // Held until commit; keyed by schema so two onair schemas in one database don't wait on each other.
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`onair:migrate:${schemaName}`]);
    // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE right even when the schema
    // exists, and a database owner may have created it for a less privileged role.
    const schema = await tx.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schemaName]);
    if (schema.rows.length === 0) await tx.query(`CREATE SCHEMA ${quotedSchema}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${quotedSchema}.migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const done = await tx.query<{ version: number }>(
      `SELECT version FROM ${quotedSchema}.migrations`,
    );
    const known = new Set(done.rows.map((row) => Number(row.version)));
    const applied: number[] = [];
    for (const migration of [...list].sort((a, b) => a.version - b.version)) {
      if (known.has(migration.version)) continue;
      for (const statement of migration.statements(quotedSchema)) await tx.query(statement);
      await tx.query(`INSERT INTO ${quotedSchema}.migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return { applied };
  });
}

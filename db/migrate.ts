/**
 * Applies the drizzle-kit migrations of db/migrations/<dialect> in ONE transaction. The schema
 * version is the number of applied migrations: SQLite keeps it in `user_version`, Postgres in
 * `tracker_migrations`. Generated SQL is read as-is (split on drizzle's statement breakpoints).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import type { PoolClient } from 'pg';

export type Dialect = 'sqlite' | 'postgres';

/** The folder holding db/migrations/{sqlite,pg}; override when the code is bundled elsewhere. */
export function defaultMigrationsRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'migrations');
}

/** The known migrations of a dialect, oldest first. */
export function readMigrations(dialect: Dialect, root = defaultMigrationsRoot()): MigrationMeta[] {
  return readMigrationFiles({ migrationsFolder: join(root, dialect === 'sqlite' ? 'sqlite' : 'pg') });
}

/**
 * Applies the SQLite migrations after `fromVersion` and sets `user_version` and `application_id`,
 * all in one transaction. Returns the new version.
 */
export function migrateSqlite(db: BetterSqlite3.Database, migrations: MigrationMeta[], applicationId: number): number {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from >= migrations.length && (db.pragma('application_id', { simple: true }) as number) === applicationId)
    return from;
  db.transaction(() => {
    for (const m of migrations.slice(from)) for (const stmt of m.sql) if (stmt.trim()) db.exec(stmt);
    // PRAGMA values are integers we own, never user data.
    db.exec(`PRAGMA user_version = ${migrations.length}`);
    db.exec(`PRAGMA application_id = ${applicationId}`);
  }).immediate();
  return migrations.length;
}

const PG_LOCK_KEY = 0x4f534d54;

/** The Postgres schema version (0 when the database is empty). */
export async function pgSchemaVersion(client: PoolClient): Promise<number> {
  const reg = await client.query<{ t: string | null }>("SELECT to_regclass('tracker_migrations')::text AS t");
  if (!reg.rows[0]?.t) return 0;
  const res = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM tracker_migrations');
  return res.rows[0]?.n ?? 0;
}

/** Applies the pending Postgres migrations in one transaction under an advisory lock. */
export async function migratePg(client: PoolClient, migrations: MigrationMeta[]): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PG_LOCK_KEY]);
    // Created only when missing: even `IF NOT EXISTS` needs CREATE on the schema, which a team
    // database's app role does not have (docs/database.md, Team database).
    const reg = await client.query<{ t: string | null }>("SELECT to_regclass('tracker_migrations')::text AS t");
    if (!reg.rows[0]?.t)
      await client.query(
        'CREATE TABLE tracker_migrations (idx integer PRIMARY KEY, hash text NOT NULL, applied_at bigint NOT NULL)',
      );
    const from = await pgSchemaVersion(client);
    for (const [i, m] of migrations.entries()) {
      if (i < from) continue;
      for (const stmt of m.sql) if (stmt.trim()) await client.query(stmt);
      await client.query('INSERT INTO tracker_migrations (idx, hash, applied_at) VALUES ($1, $2, $3)', [
        i,
        m.hash,
        Date.now(),
      ]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return migrations.length;
}

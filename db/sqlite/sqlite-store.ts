/**
 * Opens the SQLite store: read-only start-up checks, then pragmas, migrations in one transaction,
 * the filter's SQL functions, the batch writer, periodic verified backups and a backup at close.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { AppError } from '../../electron/contract/errors.js';
import { registerSqliteFilterFunctions } from '../filter/index.js';
import { migrateSqlite, readMigrations } from '../migrate.js';
import { createSqlStore, type SqlRunner } from '../sql-store.js';
import type { Store } from '../store.js';
import type { OsmObject } from '../../electron/contract/domain.js';
import { findNewestVerifiedBackup, setAside, takeBackup } from './sqlite-backups.js';
import { APPLICATION_ID, checkSqliteFile } from './sqlite-file-checks.js';
import { applySqlitePragmas } from './sqlite-pragmas.js';
import { createSqliteBatchWriter } from './sqlite-writer.js';

/** Minimal logger shape (core/log's scoped logger satisfies it). */
export interface StoreLog {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Backup settings (config.backup): folder, seconds between backups (0 = off), how many to keep. */
export interface BackupOptions {
  dir?: string;
  intervalS?: number;
  keep?: number;
  /** Take a backup when the store closes (default true). */
  onClose?: boolean;
}

export interface SqliteStoreOptions {
  /** Backups default to `<dirname(path)>/backups`. */
  backup?: BackupOptions;
  log?: StoreLog;
  staleAfterMs?: number;
  /** Folder holding migrations/{sqlite,pg} when the code runs bundled. */
  migrationsDir?: string;
}

const STATEMENT_CACHE = 200;

const iso = (column: string): string => `strftime('%Y-%m-%dT%H:%M:%fZ', o.${column} / 1000.0, 'unixepoch')`;
/**
 * One OsmObject as JSON text, built by SQLite: the stored tags/geom are JSON written by the batch
 * writer and are spliced in as-is; every other text goes through json_quote. strftime's
 * millisecond ISO form equals Date#toISOString for every epoch-ms value we store.
 */
const OBJECT_JSON = sql.raw(
  `'{"id":' || json_quote(o.id) || ',"osm_id":' || json_quote(o.osm_id) || ',"type":' || json_quote(o.type) ||
  ',"tags":' || o.tags || ',"geom":' || o.geom || ',"source_id":' || json_quote(o.source_id) ||
  ',"tainted":' || (CASE WHEN o.tainted THEN 'true' ELSE 'false' END) ||
  ',"observed_at":"' || ${iso('observed_at')} || '","created_at":"' || ${iso('created_at')} ||
  '","updated_at":"' || ${iso('updated_at')} || '"}'`,
);

/** Fails with the error for a refused file; a damaged one is set aside first and a backup offered. */
function refuse(
  path: string,
  check: Extract<ReturnType<typeof checkSqliteFile>, { ok: false }>,
  backupDir: string,
): never {
  if (check.problem === 'foreign') {
    throw new AppError(
      'STORE_FOREIGN',
      `Database file '${path}' is not an OSM Object Tracker database because ${check.reason}, so it was not opened.`,
      {
        details: { path, reason: check.reason },
      },
    );
  }
  if (check.problem === 'unavailable') {
    throw new AppError(
      'UNAVAILABLE',
      `Database file '${path}' cannot be opened because ${check.reason}, so it was left as it is.`,
      {
        details: { path, reason: check.reason },
      },
    );
  }
  if (check.problem === 'newer') {
    throw new AppError(
      'STORE_NEWER_SCHEMA',
      `Database file '${path}' was written by a newer version of the app (${check.reason}), so it was not opened.`,
      {
        details: { path, reason: check.reason, version: check.version },
      },
    );
  }
  const aside = setAside(path, 'damaged');
  const backup = findNewestVerifiedBackup(backupDir);
  const offer = backup
    ? `the newest verified backup is '${backup}' (put it in place with \`npm run db:restore\`)`
    : 'no verified backup was found';
  throw new AppError(
    'STORE_DAMAGED',
    `Database file '${path}' is damaged because ${check.reason}, so it was set aside as '${aside}' unchanged and ${offer}.`,
    {
      details: { path, reason: check.reason, setAsidePath: aside, backup },
    },
  );
}

function createRunner(db: Database.Database, path: string): SqlRunner {
  const dialect = new SQLiteSyncDialect();
  const cache = new Map<string, Database.Statement>();
  const prepare = (text: string): Database.Statement => {
    let stmt = cache.get(text);
    if (!stmt) {
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
      stmt = db.prepare(text);
      cache.set(text, stmt);
    }
    return stmt;
  };
  return {
    dialect: 'sqlite',
    all<T>(query: SQL): Promise<T[]> {
      const { sql: text, params } = dialect.sqlToQuery(query);
      const stmt = prepare(text);
      const bound = params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
      return Promise.resolve((stmt.reader ? stmt.all(...bound) : (stmt.run(...bound), [])) as T[]);
    },
    allRaw(query: SQL): Promise<unknown[][]> {
      const { sql: text, params } = dialect.sqlToQuery(query);
      const stmt = prepare(`/* raw */ ${text}`).raw(true);
      return Promise.resolve(stmt.all(...params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p))) as unknown[][]);
    },
    // Listing 1,000 objects: one JSON document from SQLite and one JSON.parse, instead of
    // decoding two JSON columns and three times per row in JS (the filter-query bench).
    async objects(inner: SQL): Promise<OsmObject[]> {
      const [row] = await this.all<{ j: string }>(
        sql`SELECT '[' || coalesce(group_concat(${OBJECT_JSON}, ','), '') || ']' AS j FROM (${inner}) o`,
      );
      return JSON.parse(row?.j ?? '[]') as OsmObject[];
    },
    json: (value) => JSON.stringify(value),
    bool: (value) => (value ? 1 : 0),
    decodeJson: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
    databaseBytes: () => {
      let bytes = statSync(path).size;
      try {
        bytes += statSync(`${path}-wal`).size;
      } catch {
        // no WAL file right now
      }
      return Promise.resolve(bytes);
    },
  };
}

/** Opens (creating when missing) the SQLite database at `path` as a Store. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const migrations = readMigrations('sqlite', options.migrationsDir);
  const backupDir = options.backup?.dir ?? join(dirname(path), 'backups');
  const check = checkSqliteFile(path, migrations.length);
  if (!check.ok) refuse(path, check, backupDir);
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    applySqlitePragmas(db);
    const version = migrateSqlite(db, migrations, APPLICATION_ID);
    options.log?.info('SQLite store opened', { path, version, from: check.version });
    registerSqliteFilterFunctions(db);
  } catch (err) {
    db.close();
    throw err;
  }
  const writeBatch = createSqliteBatchWriter(db);
  const keep = options.backup?.keep ?? 5;
  const backup = (): Promise<string> => takeBackup(db, backupDir, keep);
  const intervalS = options.backup?.intervalS ?? 0;
  const timer =
    intervalS > 0
      ? setInterval(() => {
          backup().then(
            (file) => options.log?.info('Backup written', { file }),
            (err: unknown) => options.log?.error('Backup failed', { error: String(err) }),
          );
        }, intervalS * 1000)
      : undefined;
  timer?.unref();
  let closed = false;

  return createSqlStore(
    createRunner(db, path),
    {
      dialect: 'sqlite',
      location: `sqlite:${path}`,
      applyBatch: (ops) => {
        try {
          return Promise.resolve(writeBatch(ops));
        } catch (err) {
          return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
      },
      backup,
      async close() {
        if (closed) return;
        closed = true;
        if (timer) clearInterval(timer);
        try {
          if (options.backup?.onClose !== false) await backup();
        } catch (err) {
          options.log?.error('Backup at close failed', { error: String(err) });
        } finally {
          db.close();
        }
      },
    },
    { staleAfterMs: options.staleAfterMs ?? 300_000 },
  );
}

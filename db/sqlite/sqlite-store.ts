/**
 * Opens the SQLite store: read-only start-up checks, then pragmas, migrations in one transaction,
 * the filter's SQL functions, the writer thread and its checkpointer, periodic verified backups and
 * a backup at close. Reads run on this thread's connection; every object write on the writer thread.
 */
import { DEFAULT_STALE_AFTER_S, type StaleThresholds } from '../../electron/contract/staleness.js';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../electron/contract/errors.js';
import type { Logger } from '../../electron/contract/logger.js';
import { registerSqliteFilterFunctions } from '../filter/index.js';
import { migrateSqlite, readMigrations } from '../migrate.js';
import { createSqlStore } from '../sql-store.js';
import type { Store } from '../store.js';
import { findNewestVerifiedBackup, makeBackupsPrivate, setAside, takeBackup } from './sqlite-backups.js';
import { ensurePrivateDir, makeSqliteFilesPrivate } from '../private-files.js';
import { APPLICATION_ID, checkSqliteFile } from './sqlite-file-checks.js';
import { createSqliteOsmReplication } from './sqlite-osm-replication.js';
import { applyReaderPragmas } from './sqlite-pragmas.js';
import { createSqliteRunner } from './sqlite-runner.js';
import { createSqliteTeamReplica } from './sqlite-team-replica.js';
import { createWorkerWriter, type WorkerWriter } from './writer/worker-writer.js';

/** The logger the stores use (a scoped core logger, or a quiet one in tests). */
export type StoreLog = Pick<Logger, 'info' | 'warn' | 'error'>;

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
  /** The stale thresholds for filters without a context (see OpenStoreOptions). */
  staleAfter?: () => StaleThresholds;
  /** Folder holding migrations/{sqlite,pg} when the code runs bundled. */
  migrationsDir?: string;
  /** A desktop syncing through a team database: local changes go to the outbox, `replica` is set. */
  teamOutbox?: boolean;
}

/**
 * The SQLite store. `applyBatch` runs on its writer thread, which starts the next batch the moment
 * it commits one, so two batches may be in flight (see Store.maxBatchesInFlight).
 */
export interface SqliteStore extends Store {
  readonly dialect: 'sqlite';
  readonly maxBatchesInFlight: 2;
  /** The database file. */
  readonly path: string;
  /** Caps the database size in pages (null lifts it); at or below the current size every write fails as full. */
  setMaxPageCount(pages: number | null): Promise<void>;
  /** Stops the writer thread now (a batch in flight fails as UNAVAILABLE); the next batch starts a new one, e.g. after a restore. */
  restart(): Promise<void>;
}

const quietLog: StoreLog = { info() {}, warn() {}, error() {} };

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

/** Opens the database file and applies pragmas, migrations and the filter's SQL functions. */
function openMain(path: string, options: SqliteStoreOptions): Database.Database {
  const migrations = readMigrations('sqlite', options.migrationsDir);
  const backupDir = options.backup?.dir ?? join(dirname(path), 'backups');
  const check = checkSqliteFile(path, migrations.length);
  if (!check.ok) refuse(path, check, backupDir);
  // A new folder is 0700; the file (and so its -wal/-shm) 0600 before SQLite writes a byte (docs/security.md).
  ensurePrivateDir(dirname(path), false);
  makeSqliteFilesPrivate(path);
  const db = new Database(path);
  try {
    applyReaderPragmas(db);
    const version = migrateSqlite(db, migrations, APPLICATION_ID);
    options.log?.info('SQLite store opened', { path, version, from: check.version });
    registerSqliteFilterFunctions(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Starts periodic verified backups (intervalS > 0); returns stop(). */
function startBackups(backup: () => Promise<string>, intervalS: number, log: StoreLog): () => void {
  if (intervalS <= 0) return () => {};
  const timer = setInterval(() => {
    backup().then(
      (file) => log.info('Backup written', { file }),
      (err: unknown) => log.error('Backup failed', { error: String(err) }),
    );
  }, intervalS * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The writer thread, started at the first write: a process that only reads (an export, a restore,
 * a query tool) never starts the writer or its checkpointer. A start that fails is forgotten, so the
 * next write tries again (ingest pauses meanwhile as UNAVAILABLE).
 */
function lazyWriter(
  path: string,
  log: StoreLog,
  outbox: boolean,
): { get(): Promise<WorkerWriter>; current(): WorkerWriter | undefined } {
  let started: Promise<WorkerWriter> | undefined;
  let writer: WorkerWriter | undefined;
  const start = async (): Promise<WorkerWriter> => {
    const w = createWorkerWriter({ path, log, outbox });
    writer = w;
    try {
      await w.ready;
      return w;
    } catch (err) {
      writer = undefined;
      started = undefined;
      await w.close().catch(() => undefined);
      throw err;
    }
  };
  return { get: () => (started ??= start()), current: () => writer };
}

/**
 * The store's close(), once: the writer first (it still applies what it was sent) and with it the
 * checkpointer, then the backup at close of everything committed, then the reading connection.
 */
function closeOnce(
  steps: {
    writer: () => WorkerWriter | undefined;
    db: Database.Database;
    backup?: () => Promise<string>;
    stopBackups(): void;
  },
  log: StoreLog,
): () => Promise<void> {
  let closing: Promise<void> | undefined;
  const run = async (): Promise<void> => {
    steps.stopBackups();
    await steps
      .writer()
      ?.close()
      .catch((err: unknown) => log.error('Closing the writer failed', { error: String(err) }));
    try {
      await steps.backup?.();
    } catch (err) {
      log.error('Backup at close failed', { error: String(err) });
    } finally {
      steps.db.close();
    }
  };
  return () => (closing ??= run());
}

/**
 * Opens (creating when missing) the SQLite database at `path` as a Store; its writer thread starts
 * with the first write.
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  const db = openMain(path, options);
  const log = options.log ?? quietLog;
  const writer = lazyWriter(path, log, options.teamOutbox === true);
  const backupDir = options.backup?.dir ?? join(dirname(path), 'backups');
  makeBackupsPrivate(backupDir);
  const backup = (): Promise<string> => takeBackup(db, backupDir, options.backup?.keep ?? 5);
  const stopBackups = startBackups(backup, options.backup?.intervalS ?? 0, log);
  const atClose = options.backup?.onClose !== false ? backup : undefined;
  const store = createSqlStore(
    createSqliteRunner(db, path),
    {
      dialect: 'sqlite',
      location: `sqlite:${path}`,
      // One hop to the started writer (no async wrapper): every batch takes the same path, so call order holds.
      applyBatch: (ops) => writer.get().then((w) => w.apply(ops)),
      pruneStep: (step) => writer.get().then((w) => w.prune(step)),
      commitRuleEffects: (write) => writer.get().then((w) => w.commitRuleEffects(write)),
      osm: createSqliteOsmReplication(db),
      ...(options.teamOutbox
        ? { replica: createSqliteTeamReplica(db, (ops, seq) => writer.get().then((w) => w.applyInbound(ops, seq))) }
        : {}),
      backup,
      close: closeOnce({ writer: writer.current, db, backup: atClose, stopBackups }, log),
    },
    { staleAfter: options.staleAfter ?? (() => DEFAULT_STALE_AFTER_S) },
  );
  return Object.assign(store, {
    dialect: 'sqlite' as const,
    maxBatchesInFlight: 2 as const,
    path,
    setMaxPageCount: async (pages: number | null) => (await writer.get()).setMaxPageCount(pages),
    restart: async () => writer.current()?.restart(),
  });
}

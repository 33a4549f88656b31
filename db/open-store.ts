/**
 * `openStore(url)`: a path or `sqlite:`/`file:` URL (default `<dataDir>/tracker.db`) opens the
 * SQLite store (with its writer thread), `postgres://`/`postgresql://` the Postgres store. Start-up
 * checks run before any write.
 */
import type { StaleThresholds } from '../electron/contract/staleness.js';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../electron/contract/errors.js';
import { openPgStore } from './pg/pg-store.js';
import { ensurePrivateDir } from './private-files.js';
import { openSqliteStore, type BackupOptions, type SqliteStore, type StoreLog } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export { restoreBackup, findNewestVerifiedBackup, listBackups } from './sqlite/sqlite-backups.js';
export { APPLICATION_ID } from './sqlite/sqlite-file-checks.js';
export type { BackupOptions, SqliteStore, StoreLog };

export interface OpenStoreOptions {
  /** The data directory: default database file and `backups/` live here. */
  dataDir: string;
  log?: StoreLog;
  /** SQLite only; `dir` defaults to `<dataDir>/backups`. */
  backup?: BackupOptions;
  /**
   * The stale thresholds for filters without a context: the app's setting as it is now (it may change
   * while the store is open); DEFAULT_STALE_AFTER_S when absent.
   */
  staleAfter?: () => StaleThresholds;
  /** Folder holding migrations/{sqlite,pg} when the code runs bundled. */
  migrationsDir?: string;
  /** SQLite only: a desktop syncing through a team database records its changes in an outbox. */
  teamOutbox?: boolean;
  /** Postgres only: this instance's id in the team change log (default a new one per open). */
  instanceId?: string;
  /** Postgres only: this instance's label as a connector lease holder (default `<host>/<pid>`). */
  instanceLabel?: string;
}

/** Resolves a SQLite location (path, `sqlite:path`, `file:` URL, or empty) to an absolute file path. */
export function sqlitePathOf(url: string | undefined, dataDir: string): string {
  if (!url || url === 'sqlite:' || url === 'sqlite://') return join(resolve(dataDir), 'tracker.db');
  if (url.startsWith('file:')) return fileURLToPath(url);
  const path = url.startsWith('sqlite://')
    ? url.slice('sqlite://'.length)
    : url.startsWith('sqlite:')
      ? url.slice('sqlite:'.length)
      : url;
  return isAbsolute(path) ? path : resolve(dataDir, path);
}

/**
 * Opens the store named by `url`. Throws AppError STORE_DAMAGED (file set aside, backup named),
 * STORE_FOREIGN, STORE_NEWER_SCHEMA or UNAVAILABLE, each with a one-sentence message.
 */
export async function openStore(url: string | undefined, options: OpenStoreOptions): Promise<Store> {
  const staleAfter = options.staleAfter;
  // The data folder is private: created 0700, and tightened to 0700 when it exists wider (docs/security.md).
  ensurePrivateDir(resolve(options.dataDir));
  if (url && /^postgres(ql)?:\/\//i.test(url)) {
    return openPgStore(url, {
      log: options.log,
      staleAfter,
      migrationsDir: options.migrationsDir,
      ...(options.instanceLabel === undefined ? {} : { instanceLabel: options.instanceLabel }),
      ...(options.instanceId === undefined ? {} : { instanceId: options.instanceId }),
    });
  }
  if (url && /^[a-z][a-z0-9+.-]+:\/\//i.test(url) && !/^(sqlite|file):/i.test(url)) {
    throw new AppError(
      'INVALID_INPUT',
      `Database URL scheme '${url.split(':')[0]}' is not supported; use a file path, sqlite: or postgres://.`,
    );
  }
  const path = sqlitePathOf(url, options.dataDir);
  return openSqliteStore(path, {
    log: options.log,
    staleAfter,
    migrationsDir: options.migrationsDir,
    ...(options.teamOutbox ? { teamOutbox: true } : {}),
    backup: { ...options.backup, dir: options.backup?.dir ?? join(resolve(options.dataDir), 'backups') },
  });
}

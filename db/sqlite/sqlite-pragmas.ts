/**
 * The connection settings every SQLite connection uses (ARCHITECTURE §9): WAL with
 * synchronous=FULL (acknowledged rows survive power loss), foreign keys on, a busy timeout.
 */
import type Database from 'better-sqlite3';

/** Milliseconds a connection waits for another writer before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** Page cache per connection in KiB (64 MiB): a 1M-object listing then reads no pages from the OS. */
export const CACHE_KIB = 65536;

/** Applies the pragmas to a freshly opened read-write connection. */
export function applySqlitePragmas(db: Database.Database): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`cache_size = -${CACHE_KIB}`);
}

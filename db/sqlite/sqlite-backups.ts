/**
 * Online backups of the SQLite database with `db.backup()`: written to a temp name, switched to
 * rollback-journal mode, verified (read-only open, quick_check, application_id), renamed, rotated.
 */
import { chmodSync, copyFileSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../electron/contract/errors.js';
import { ensurePrivateDir, makeSqliteFilesPrivate, tightenMode } from '../private-files.js';
import { verifySqliteCopy } from './sqlite-file-checks.js';

const BACKUP_RE = /^tracker-\d{8}T\d{9}Z(-\d+)?\.db$/;

/** A sortable, filesystem-safe UTC stamp: 20261126T180000123Z. */
export function fileStamp(now = new Date()): string {
  return now.toISOString().replace(/[-:.]/g, '');
}

/** Backup files in `dir`, newest first. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => BACKUP_RE.test(f))
    .sort()
    .reverse()
    .map((f) => join(dir, f));
}

/** The newest backup in `dir` that passes verification, or undefined. Never writes. */
export function findNewestVerifiedBackup(dir: string): string | undefined {
  return listBackups(dir).find((file) => verifySqliteCopy(file) === undefined);
}

/** Tightens an existing backup folder to 0700 and its backups to 0600 (left wide by an older version). */
export function makeBackupsPrivate(dir: string): void {
  if (!existsSync(dir)) return;
  ensurePrivateDir(dir);
  for (const old of listBackups(dir)) tightenMode(old, 0o600);
}

/**
 * Takes a verified backup of an open database into `dir`, keeping the newest `keep` files.
 * Returns the backup's path; throws AppError('UNAVAILABLE') when the copy fails verification.
 * The folder is 0700 and every backup 0600, older ones tightened too (docs/security.md).
 */
export async function takeBackup(db: Database.Database, dir: string, keep: number): Promise<string> {
  ensurePrivateDir(dir);
  makeBackupsPrivate(dir);
  let name = `tracker-${fileStamp()}.db`;
  for (let i = 1; existsSync(join(dir, name)); i++) name = `tracker-${fileStamp()}-${i}.db`;
  const target = join(dir, name);
  const tmp = `${target}.tmp`;
  try {
    // Created 0600 before a byte is copied; the rollback journal below gets the same mode from SQLite.
    makeSqliteFilesPrivate(tmp);
    await db.backup(tmp);
    // A standalone copy: rollback journal, so it opens read-only without -wal/-shm files.
    const copy = new Database(tmp);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    const problem = verifySqliteCopy(tmp);
    if (problem) throw new AppError('UNAVAILABLE', `Backup '${tmp}' failed verification because ${problem}.`);
    renameSync(tmp, target);
  } finally {
    for (const s of ['', '-wal', '-shm', '-journal']) rmSync(tmp + s, { force: true });
  }
  for (const old of listBackups(dir).slice(Math.max(1, keep))) rmSync(old, { force: true });
  return target;
}

/** Renames `path` (and its -wal/-shm files) next to itself with `suffix`, bytes unchanged; returns the new path. */
export function setAside(path: string, suffix: string): string {
  let aside = `${path}.${suffix}-${fileStamp()}`;
  for (let i = 1; existsSync(aside); i++) aside = `${path}.${suffix}-${fileStamp()}-${i}`;
  for (const s of ['-wal', '-shm']) if (existsSync(path + s)) renameSync(path + s, aside + s);
  renameSync(path, aside);
  return aside;
}

/**
 * Restores a verified backup to `targetPath`. An existing target (and its -wal/-shm) is first set
 * aside as `<target>.replaced-<stamp>`; the copy is written to a temp file and renamed into place.
 * Returns the set-aside path of the replaced file, if any.
 */
export function restoreBackup(backupPath: string, targetPath: string): string | undefined {
  const problem = verifySqliteCopy(backupPath);
  if (problem) throw new AppError('INVALID_INPUT', `Backup '${backupPath}' cannot be restored because ${problem}.`);
  ensurePrivateDir(dirname(targetPath), false);
  const tmp = join(dirname(targetPath), `.${basename(targetPath)}.restoring`);
  copyFileSync(backupPath, tmp);
  chmodSync(tmp, 0o600);
  let aside: string | undefined;
  if (existsSync(targetPath)) aside = setAside(targetPath, 'replaced');
  else for (const s of ['-wal', '-shm']) rmSync(targetPath + s, { force: true });
  renameSync(tmp, targetPath);
  return aside;
}

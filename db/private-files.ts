/**
 * Private by default: folders the app writes are 0700, files 0600, also when they existed wider
 * (docs/security.md). The store and core both use it; it needs nothing but node:fs. (Windows has no
 * POSIX modes; chmod there only toggles read-only, so these are no-ops in effect.)
 */
import { chmodSync, mkdirSync, openSync, closeSync } from 'node:fs';

/** Mode of every folder the app creates or owns. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of every file the app writes. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and missing parents) 0700; with `tightenExisting` (default), an existing `dir` with
 * wider bits becomes 0700. A folder we do not own (EPERM) is left as it is.
 */
export function ensurePrivateDir(dir: string, tightenExisting = true): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (tightenExisting) tightenMode(dir, PRIVATE_DIR_MODE);
}

/** Tightens an existing file to 0600; a missing file is fine. */
export function makePrivateFile(path: string): void {
  tightenMode(path, PRIVATE_FILE_MODE);
}

/** Creates `path` empty with 0600 when it is missing (so data is never written into a wider file). */
export function touchPrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  makePrivateFile(path);
}

/**
 * Makes a SQLite database private before SQLite writes to it: created empty 0600 when missing, the file
 * and its -wal/-shm/-journal tightened to 0600. SQLite gives new -wal/-shm files the database file's
 * mode, so they follow (also on the writer thread's and the checkpointer's connections).
 */
export function makeSqliteFilesPrivate(path: string): void {
  touchPrivateFile(path);
  for (const suffix of ['-wal', '-shm', '-journal']) makePrivateFile(path + suffix);
}

/** chmod that ignores a missing file and a file we do not own. */
export function tightenMode(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Missing: nothing to protect. EPERM: a folder the user gave us but does not own (e.g. /tmp).
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}

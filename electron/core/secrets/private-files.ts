/**
 * Private by default: folders the app writes are 0700, files 0600, also when they existed wider.
 * (Windows has no POSIX modes; chmod there only toggles read-only, so these are no-ops in effect.)
 */
import { chmodSync, mkdirSync, openSync, closeSync } from 'node:fs';

/** Mode of every folder the app creates or owns. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of every file the app writes. */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) 0700 and tightens `dir` itself to 0700 if it existed wider. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
}

/** Tightens an existing file to 0600; a missing file is fine. */
export function makePrivateFile(path: string): void {
  tighten(path, PRIVATE_FILE_MODE);
}

/** Creates `path` empty with 0600 when it is missing (so data is never written into a wider file). */
export function touchPrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  makePrivateFile(path);
}

function tighten(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Missing: nothing to protect. EPERM: a folder the user gave us but does not own (e.g. /tmp).
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}

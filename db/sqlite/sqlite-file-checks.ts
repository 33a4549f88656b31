/**
 * Start-up checks of a SQLite file, all read-only (ARCHITECTURE §9): header sanity, quick_check,
 * our application_id and the schema version. A failing file is reported, never written to.
 */
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

/** `PRAGMA application_id` of every OSM Object Tracker database: ASCII "OSMT". */
export const APPLICATION_ID = 0x4f534d54;

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** What a file check found. */
export type SqliteFileCheck =
  | { ok: true; state: 'missing' | 'blank' | 'ours'; version: number }
  | { ok: false; problem: 'damaged' | 'foreign' | 'newer' | 'unavailable'; reason: string; version?: number };

function readHead(path: string, size: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, 512));
    readSync(fd, buf, 0, buf.length, 0);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** Checks the 100-byte header; returns a problem or undefined when it looks like a sane SQLite file. */
function checkHeader(head: Buffer, size: number): SqliteFileCheck | undefined {
  if (head.length < 100 || !head.subarray(0, 16).equals(MAGIC)) {
    // Page 1's b-tree header starts at byte 100 (0x0d leaf / 0x05 interior): a SQLite file whose
    // header was overwritten still has it, a text file or another format does not.
    const looksPaged = size >= 512 && size % 512 === 0 && (head[100] === 0x0d || head[100] === 0x05);
    return looksPaged
      ? { ok: false, problem: 'damaged', reason: 'its header is damaged' }
      : { ok: false, problem: 'foreign', reason: 'it is not a SQLite database' };
  }
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const sane =
    pageSize >= 512 &&
    (pageSize & (pageSize - 1)) === 0 &&
    [1, 2].includes(head[18]!) &&
    [1, 2].includes(head[19]!) &&
    head[21] === 64 &&
    head[22] === 32 &&
    head[23] === 32 &&
    size % pageSize === 0;
  return sane ? undefined : { ok: false, problem: 'damaged', reason: 'its header is damaged' };
}

/**
 * Inspects `path` without writing to it: `missing` (create new), `blank` (an empty SQLite file,
 * safe to initialize), `ours` (with its schema version), or a problem for an error message.
 */
export function checkSqliteFile(path: string, knownVersion: number): SqliteFileCheck {
  if (!existsSync(path)) return { ok: true, state: 'missing', version: 0 };
  const size = statSync(path).size;
  if (size === 0) return { ok: false, problem: 'damaged', reason: 'it is empty (zero bytes)' };
  let head: Buffer;
  try {
    head = readHead(path, size);
  } catch (err) {
    return { ok: false, problem: 'unavailable', reason: `it cannot be read (${(err as Error).message})` };
  }
  const headerProblem = checkHeader(head, size);
  if (headerProblem) return headerProblem;
  const sidecars = ['-wal', '-shm'].filter((s) => !existsSync(path + s));
  let db: Database.Database | undefined;
  let result: SqliteFileCheck;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: 1000 });
    result = inspectOpen(db, knownVersion);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Only corruption means damaged; a locked or unreadable file is left alone, never set aside.
    const code = (err as { code?: unknown }).code;
    const corrupt = typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
    result = { ok: false, problem: corrupt ? 'damaged' : 'unavailable', reason: `SQLite reported "${message}"` };
  } finally {
    db?.close();
  }
  // Remove the -wal/-shm files the read-only check created, so a refused file is left as found.
  if (!result.ok) for (const s of sidecars) rmSync(path + s, { force: true });
  return result;
}

function inspectOpen(db: Database.Database, knownVersion: number): SqliteFileCheck {
  const check = db.pragma('quick_check', { simple: true }) as string;
  if (check !== 'ok') return { ok: false, problem: 'damaged', reason: `quick_check reported "${check}"` };
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (appId !== APPLICATION_ID) {
    const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
    return appId === 0 && version === 0 && objects === 0
      ? { ok: true, state: 'blank', version: 0 }
      : { ok: false, problem: 'foreign', reason: `its application_id is ${appId}, not ${APPLICATION_ID}` };
  }
  if (version > knownVersion) {
    return {
      ok: false,
      problem: 'newer',
      reason: `its schema version ${version} is newer than ${knownVersion}`,
      version,
    };
  }
  return { ok: true, state: 'ours', version };
}

/** Verifies a backup copy: opens it read-only, quick_check, application_id. Returns a reason or undefined. */
export function verifySqliteCopy(path: string): string | undefined {
  const check = checkSqliteFile(path, Number.MAX_SAFE_INTEGER);
  if (!check.ok) return check.reason;
  return check.state === 'ours' ? undefined : 'it is not an OSM Object Tracker database';
}

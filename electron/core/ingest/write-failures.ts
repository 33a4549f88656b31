/**
 * How ingest treats a failed commit: pause and retry (`full`, `transient`) or fail the batch
 * (`fatal`), judged by the error's code across SQLite, Postgres, errno and AppError.
 */

/** How a failed commit is handled: pause and retry (`full`, `transient`) or fail the batch (`fatal`). */
export type WriteFailureKind = 'full' | 'transient' | 'fatal';

const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'STORE_FULL', '53100']);
const TRANSIENT_CODES = new Set([
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_PROTOCOL',
  'SQLITE_CANTOPEN',
  'UNAVAILABLE',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '53200',
  '53300',
]);

/** Classifies a commit failure by its `code` (SQLite, Postgres, errno or AppError code). */
export function classifyWriteError(err: unknown): WriteFailureKind {
  const code = errorCode(err);
  if (code !== undefined) {
    if (FULL_CODES.has(code)) return 'full';
    if (TRANSIENT_CODES.has(code) || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_BUSY'))
      return 'transient';
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/database or disk is full|no space left on device/i.test(message)) return 'full';
  // `pg` throws these without a code: a pooled client whose connection dropped before its query
  // ("… is not queryable"), a pool that could not connect in time.
  if (
    /Connection terminated|connection refused|is not queryable|timeout exceeded when trying to connect/i.test(message)
  )
    return 'transient';
  return 'fatal';
}

/** The `code` property of an error-like value, when it is a string. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

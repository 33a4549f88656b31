/**
 * The write side of the ingest pipeline: something that applies one batch in one transaction.
 * Postgres uses the store directly (async I/O); SQLite uses a worker-thread writer (worker-writer.ts).
 */
import type { IngestOp, IngestOpResult, Store } from '../../../db/store.js';

/** Applies one batch of ops in one transaction and resolves with the results after commit. */
export interface IngestWriter {
  apply(ops: IngestOp[]): Promise<IngestOpResult[]>;
  close(): Promise<void>;
  /**
   * Batches ingest may hand over before the oldest settles (default 1). Above 1 the writer must
   * settle batches in the order it got them and, once one fails, refuse (reject) every batch handed
   * over before that failure was reported, so a batch never commits ahead of an earlier one.
   */
  maxInFlight?: number;
}

/** A writer that calls `store.applyBatch` on the current thread (Postgres, or SQLite in tests). */
export function createStoreWriter(store: Pick<Store, 'applyBatch'>): IngestWriter {
  return {
    apply: (ops) => store.applyBatch(ops),
    close: async () => {},
  };
}

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
  if (/Connection terminated|connection refused/i.test(message)) return 'transient';
  return 'fatal';
}

/** The `code` property of an error-like value, when it is a string. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

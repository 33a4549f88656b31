/**
 * Imports one file: its reader thread (import-worker-client.ts) parses and validates it, and the
 * chunks of ops go through the one ingest pipeline under a new `file` data source named after the
 * file, created with the first object. A bad record is skipped with its reason. An import that
 * fails or is cancelled removes everything it stored, and its error says so.
 */
import { AppError } from '../../../contract/errors.js';
import type { IngestOpResult } from '../../../../db/store.js';
import type { Ingest } from '../../ingest/types.js';
import type { CsvOptions, ImportFormat, ImportInput } from './import-types.js';
import { startImportWorker } from './import-worker-client.js';
import type { ImportChunk } from './import-worker-protocol.js';
import type { ReadLimits } from './read-import.js';

/** At most this many skip reasons are reported one by one; the count is always exact. */
const MAX_REASONS = 1000;
/**
 * A chunk is at most this many records or about this many bytes. Chunks submitted and not yet
 * committed are at most IN_FLIGHT; the reader waits beyond. Little in flight keeps every thread's
 * heap small (measured: 1,000 records × 4 in flight of 2 KB rows raised the peak RSS by ~150 MB),
 * and costs no speed: the writer commits one chunk while the next is read.
 */
const CHUNK = 1000;
const CHUNK_BYTES = 256 * 1024;
const IN_FLIGHT = 2;

export interface ImportProgress {
  bytes: number;
  total_bytes: number;
  imported: number;
  skipped: number;
}

export interface ImportReport {
  source_id: string;
  format: ImportFormat;
  imported: number;
  skipped: number;
  skipped_reasons: Array<{ index: number; reason: string }>;
}

export interface ImportFileOptions {
  input: ImportInput;
  format: ImportFormat;
  csv?: CsvOptions;
  ingest: Ingest;
  limits: ReadLimits & { workerHeapMb: number };
  /** Creates the `file` source for this import and returns its id (called with the first object). */
  createSource: () => Promise<string>;
  /** Removes the source and every object stored under it; resolves with the objects removed. */
  dropSource: (id: string) => Promise<number>;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** Override the reader thread's entry (tests). */
  workerEntry?: string | URL;
}

/** Runs the import and reports "imported N, skipped M" with the reason for each skip. */
export async function importFile(options: ImportFileOptions): Promise<ImportReport> {
  const { input, ingest, limits } = options;
  const reader = startImportWorker({
    input,
    format: options.format,
    csv: options.csv,
    limits,
    heapMb: limits.workerHeapMb,
    credits: IN_FLIGHT,
    chunkRecords: CHUNK,
    chunkBytes: CHUNK_BYTES,
    ...(options.workerEntry ? { entry: options.workerEntry } : {}),
  });
  const report: ImportReport = { source_id: '', format: options.format, imported: 0, skipped: 0, skipped_reasons: [] };
  let sourceId: Promise<string> | undefined;
  let settled: Promise<void> = Promise.resolve();
  let failure: unknown;
  const onAbort = () => void reader.stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of reader.chunks) {
      if (chunk.ops.length > 0) sourceId ??= options.createSource();
      const submitted = submit(chunk, sourceId, ingest);
      // Settle in submission order, so counts and skip reasons come out in file order.
      settled = settled
        .then(async () => {
          tally(report, chunk, await submitted);
          reader.credit();
          options.onProgress?.({ bytes: reader.bytesRead(), total_bytes: input.size, ...counts(report) });
        })
        .catch((err: unknown) => {
          failure ??= err;
          void reader.stop(); // ends the chunks, so the loop stops too
        });
    }
    await settled;
    if (failure === undefined && !options.signal?.aborted) {
      if (report.imported === 0) throw nothingImported(input.name, report);
      report.source_id = await sourceId!;
      return report;
    }
  } catch (err) {
    failure ??= err;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await reader.stop();
  }
  await settled;
  const err = options.signal?.aborted
    ? new AppError('INVALID_INPUT', `The import of '${input.name}' was cancelled.`, { details: { cancelled: true } })
    : failure;
  throw await rollBack(err, sourceId, report, options);
}

const counts = (r: ImportReport) => ({ imported: r.imported, skipped: r.skipped });

async function submit(
  chunk: ImportChunk,
  sourceId: Promise<string> | undefined,
  ingest: Ingest,
): Promise<IngestOpResult[]> {
  if (chunk.ops.length === 0 || !sourceId) return [];
  const id = await sourceId;
  for (const op of chunk.ops) if (op.op === 'upsert') op.sourceId = id;
  return ingest.submit(chunk.ops, { sourceId: id, channel: 'import' });
}

/** Counts a committed chunk: each record is imported unless the store rejected one of its ops. */
function tally(report: ImportReport, chunk: ImportChunk, results: IngestOpResult[]): void {
  const skips = [...chunk.skips];
  let at = 0;
  for (const record of chunk.records) {
    const bad = results.slice(at, at + record.ops).find((r) => r.status === 'rejected');
    at += record.ops;
    if (bad && 'reason' in bad) skips.push({ index: record.index, reason: bad.reason });
    else report.imported++;
  }
  skips.sort((a, b) => a.index - b.index);
  for (const skip of skips) {
    report.skipped++;
    if (report.skipped_reasons.length < MAX_REASONS) report.skipped_reasons.push(skip);
  }
}

function nothingImported(name: string, report: ImportReport): AppError {
  const first = report.skipped_reasons[0];
  return new AppError(
    'INVALID_INPUT',
    report.skipped === 0
      ? `File '${name}' cannot be imported: it holds no objects.`
      : `File '${name}' cannot be imported: none of its ${report.skipped.toLocaleString('en-US')} features could be stored (feature ${first!.index + 1}: ${first!.reason}).`,
    { details: { skipped: report.skipped, skipped_reasons: report.skipped_reasons.slice(0, 100) } },
  );
}

/** Removes what the import stored; the error it returns says what was removed, or what was kept. */
async function rollBack(
  err: unknown,
  sourceId: Promise<string> | undefined,
  report: ImportReport,
  options: ImportFileOptions,
): Promise<unknown> {
  const id = sourceId ? await sourceId.catch(() => undefined) : undefined;
  if (id === undefined) return err;
  const base =
    err instanceof AppError ? err : new AppError('INTERNAL', `The import of '${options.input.name}' failed.`);
  let removed: number;
  try {
    removed = await options.dropSource(id);
  } catch (dropErr) {
    return new AppError(
      base.code,
      `${base.message} The objects it had stored (${report.imported.toLocaleString('en-US')} or more) were kept in source '${id}', which could not be removed (${(dropErr as Error).message}).`,
      { details: { ...detailsOf(base), kept: report.imported, source_id: id }, cause: err },
    );
  }
  const message =
    removed === 0
      ? base.message
      : `${base.message} The ${removed.toLocaleString('en-US')} objects it had stored were removed.`;
  return new AppError(base.code, message, { details: { ...detailsOf(base), kept: 0, removed }, cause: err });
}

function detailsOf(e: AppError): Record<string, unknown> {
  return typeof e.details === 'object' && e.details !== null ? (e.details as Record<string, unknown>) : {};
}

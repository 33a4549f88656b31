/**
 * Imports one file: its reader thread (import-worker-client.ts) parses and validates it, and the
 * chunks of ops go through the one ingest pipeline under a new `file` data source named after the
 * file, created with the first object, or into an existing `file` source (a re-import, reimport.ts).
 * A bad record is skipped with its reason. An import that fails or is cancelled removes everything
 * it stored, and its error says so; a re-import cannot be undone, so its error says what it kept.
 */
import { AppError } from '../../../contract/errors.js';
import type { IngestOp, IngestOpResult, RawObjectRow } from '../../../../db/store.js';
import type { Ingest } from '../../ingest/types.js';
import type { CsvOptions, ImportFormat, ImportInput } from './import-types.js';
import { startImportWorker, type ReaderPool } from './import-worker-client.js';
import type { ImportChunk } from './import-worker-protocol.js';
import type { NodeColumns } from './osm/compact-store.js';
import type { ReadLimits } from './read-import.js';
import { finishReimport, restoreFor, SeenKeys, type Restore } from './reimport.js';

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
  /** Of `imported`: new objects, newer observations, and observations the source already had. */
  created: number;
  updated: number;
  unchanged: number;
  /** Of `imported`: timed tracks (one object each) and their positions (its history); only when any. */
  tracks?: number;
  positions?: number;
  /** Objects of the source the file no longer holds, newly marked `osm:deleted=yes` (re-import only). */
  deleted: number;
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
  /** A re-import: the existing `file` source to write into, and its objects page by page. */
  into?: { sourceId: string; rows: () => AsyncIterable<RawObjectRow[]> };
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** Override the reader thread's entry (tests). */
  workerEntry?: string | URL;
  /** Reader threads started ahead of need (files-service.ts). */
  readers?: ReaderPool;
  /** Told an OSM extract's node locations after the import succeeded (the node-location store). */
  onNodeColumns?: (nodes: NodeColumns) => Promise<void>;
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
    ...(options.readers ? { pool: options.readers } : {}),
  });
  const report: ImportReport = {
    source_id: '',
    format: options.format,
    imported: 0,
    skipped: 0,
    skipped_reasons: [],
    created: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
  };
  const into = options.into;
  let sourceId: Promise<string> | undefined = into && Promise.resolve(into.sourceId);
  const reimport = into && { seen: new SeenKeys(), restores: [] as Restore[], fileTime: 0 };
  let settled: Promise<void> = Promise.resolve();
  let failure: unknown;
  const onAbort = () => void reader.stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of reader.chunks) {
      if (chunk.ops.length > 0) sourceId ??= options.createSource();
      if (reimport) note(reimport, chunk);
      const submitted = submit(chunk, sourceId, ingest);
      // Settle in submission order, so counts and skip reasons come out in file order.
      settled = settled
        .then(async () => {
          const results = await submitted;
          tally(report, chunk, results);
          if (reimport) reimport.restores.push(...restoresOf(chunk, results));
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
      const nodes = reader.nodeColumns();
      if (nodes && options.onNodeColumns) await options.onNodeColumns(nodes);
      if (!into || !reimport) return report;
      // A restored object was counted unchanged (its upsert left the marked row as it was).
      const { updated, unchanged } = report;
      await finishReimport({
        ingest,
        sourceId: into.sourceId,
        ...reimport,
        rows: into.rows,
        signal: options.signal,
        onCount: (c) => {
          report.updated = updated + c.restored;
          report.unchanged = unchanged - c.restored;
          report.deleted = c.deleted;
        },
      });
      if (!options.signal?.aborted) return report;
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
  throw into ? keptIn(err, into.sourceId, report, input.name) : await rollBack(err, sourceId, report, options);
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

/**
 * Counts a committed chunk: each record is imported unless the store rejected one of its ops; it is
 * created when one of its ops created the object, updated when one became the newest observation,
 * else unchanged (an observation the source had, or an older one: history only). A timed track is
 * one record (one object) and adds its positions to `positions`.
 */
function tally(report: ImportReport, chunk: ImportChunk, results: IngestOpResult[]): void {
  const skips = [...chunk.skips];
  let at = 0;
  for (const record of chunk.records) {
    const mine = results.slice(at, at + record.ops);
    const ops = chunk.ops.slice(at, at + record.ops);
    at += record.ops;
    const bad = mine.find((r) => r.status === 'rejected');
    if (bad && 'reason' in bad) {
      skips.push({ index: record.index, reason: bad.reason });
      continue;
    }
    report.imported++;
    if (record.track) {
      report.tracks = (report.tracks ?? 0) + 1;
      report.positions = (report.positions ?? 0) + record.ops;
    }
    if (mine.some((r) => r.status === 'created')) report.created++;
    else if (mine.some((r, i) => r.status === 'updated' && r.observedMs === observedAt(ops[i]))) report.updated++;
    else report.unchanged++;
  }
  skips.sort((a, b) => a.index - b.index);
  for (const skip of skips) {
    report.skipped++;
    if (report.skipped_reasons.length < MAX_REASONS) report.skipped_reasons.push(skip);
  }
}

const observedAt = (op: IngestOp | undefined) => (op && op.op !== 'delete' ? op.observedAt : undefined);

/** Notes what a re-import's chunk holds: its elements (stored or skipped) and its newest time. */
function note(r: { seen: SeenKeys; fileTime: number }, chunk: ImportChunk): void {
  for (const op of chunk.ops) {
    if (op.op !== 'upsert') continue;
    r.seen.add(op.type, op.osmId);
    if (op.observedAt > r.fileTime) r.fileTime = op.observedAt;
  }
  for (const skip of chunk.skips) r.seen.addSkipped(skip.reason);
}

/**
 * The records whose stored object still carries the deletion mark after their ops (an observation
 * the source had, so the upsert left the row as it was), with the record's newest observation.
 */
function restoresOf(chunk: ImportChunk, results: IngestOpResult[]): Restore[] {
  const out: Restore[] = [];
  let at = 0;
  for (const record of chunk.records) {
    const last = results[at + record.ops - 1];
    const ops = chunk.ops.slice(at, at + record.ops);
    at += record.ops;
    const newest = ops.reduce((a, b) => ((observedAt(b) ?? 0) > (observedAt(a) ?? 0) ? b : a), ops[0]!);
    const restore = last && restoreFor(newest, last);
    if (restore) out.push(restore);
  }
  return out;
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

/** A re-import cannot be undone: the error says what it kept in the source and what it marked. */
function keptIn(err: unknown, sourceId: string, report: ImportReport, name: string): AppError {
  const base = err instanceof AppError ? err : new AppError('INTERNAL', `The import of '${name}' failed.`);
  const n = (v: number) => v.toLocaleString('en-US');
  const stored =
    report.imported === 0 && report.deleted === 0
      ? `Source '${sourceId}' was not changed.`
      : `Source '${sourceId}' keeps what this import wrote to it: ${n(report.imported)} objects (${n(report.created)} new, ${n(report.updated)} changed, ${n(report.unchanged)} unchanged), and ${report.deleted === 0 ? 'no object was' : `${n(report.deleted)} objects were`} marked deleted.`;
  const { created, updated, unchanged, deleted } = report;
  return new AppError(base.code, `${base.message} ${stored}`, {
    details: { ...detailsOf(base), source_id: sourceId, kept: report.imported, created, updated, unchanged, deleted },
    cause: err,
  });
}

function detailsOf(e: AppError): Record<string, unknown> {
  return typeof e.details === 'object' && e.details !== null ? (e.details as Record<string, unknown>) : {};
}

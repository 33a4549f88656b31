/**
 * Imports one file: reads it record by record, validates each object, and submits them through the
 * one ingest pipeline in chunks under a new `file` data source named after the file. A bad record
 * is skipped with its reason; it never aborts the import.
 */
import type { ObjectType } from '../../../contract/domain.js';
import { AppError } from '../../../contract/errors.js';
import type { IngestOp, IngestOpResult } from '../../../../db/store.js';
import { parseGeometry } from '../../geometry.js';
import type { Ingest } from '../../ingest/types.js';
import { normalizeTags } from '../../tags.js';
import type { CsvOptions, ImportedObject, ImportFormat, ImportInput } from './import-types.js';
import { readImport } from './read-import.js';

/** At most this many skip reasons are reported one by one; the count is always exact. */
const MAX_REASONS = 1000;
const CHUNK = 1000;
const IN_FLIGHT = 4;

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
  /** Creates the `file` source for this import and returns its id. */
  createSource: () => Promise<string>;
  /** Deletes the source again when the file turns out unreadable before anything was stored. */
  dropSource: (id: string) => Promise<void>;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  now?: () => number;
}

/** Runs the import and reports "imported N, skipped M" with the reason for each skip. */
export async function importFile(options: ImportFileOptions): Promise<ImportReport> {
  const { input, ingest } = options;
  const now = options.now ?? Date.now;
  let bytes = 0;
  const counted: ImportInput = {
    ...input,
    stream: async function* () {
      for await (const chunk of input.stream()) {
        bytes += chunk.length;
        yield chunk;
      }
    },
  };
  const sourceId = await options.createSource();
  const report: ImportReport = {
    source_id: sourceId,
    format: options.format,
    imported: 0,
    skipped: 0,
    skipped_reasons: [],
  };
  const skip = (index: number, reason: string) => {
    report.skipped++;
    if (report.skipped_reasons.length < MAX_REASONS) report.skipped_reasons.push({ index, reason });
  };
  let pending: Array<{ index: number; ops: IngestOp[] }> = [];
  // Up to IN_FLIGHT chunks wait for their commit while the next ones are read and validated, so
  // reading overlaps writing and the pipeline can fill whole transactions.
  const inFlight: Array<Promise<void>> = [];
  const settle = async (batch: typeof pending, submitted: Promise<IngestOpResult[]>) => {
    const results = await submitted;
    let at = 0;
    for (const item of batch) {
      const mine = results.slice(at, at + item.ops.length);
      at += item.ops.length;
      const bad = mine.find((r) => r.status === 'rejected');
      if (bad && 'reason' in bad) skip(item.index, bad.reason);
      else report.imported++;
    }
    options.onProgress?.({ bytes, total_bytes: input.size, imported: report.imported, skipped: report.skipped });
  };
  const flush = async (drain = false) => {
    if (pending.length > 0) {
      const batch = pending;
      pending = [];
      const submitted = ingest.submit(
        batch.flatMap((p) => p.ops),
        { sourceId, channel: 'import' },
      );
      // Settle in submission order, so counts and skip reasons come out in file order.
      const previous = inFlight.at(-1) ?? Promise.resolve();
      inFlight.push(previous.then(() => settle(batch, submitted)));
    }
    while (inFlight.length > (drain ? 0 : IN_FLIGHT)) await inFlight.shift();
  };
  try {
    for await (const record of readImport(counted, options.format, options.csv)) {
      if (options.signal?.aborted) throw new AppError('INVALID_INPUT', `The import of '${input.name}' was cancelled.`);
      if ('skip' in record) skip(record.index, record.skip);
      else {
        const ops = toOps(record.object, sourceId, now());
        if (typeof ops === 'string') skip(record.index, ops);
        else pending.push({ index: record.index, ops });
      }
      if (pending.length >= CHUNK) await flush();
    }
    await flush(true);
  } catch (err) {
    await Promise.allSettled(inFlight);
    if (report.imported === 0) await options.dropSource(sourceId);
    throw err;
  }
  return report;
}

/** Validates one imported object into ingest ops (a timed track gives one op per vertex). */
export function toOps(o: ImportedObject, sourceId: string, now: number): IngestOp[] | string {
  try {
    const tags = normalizeTags(o.tags);
    if (o.track) {
      return o.track.coordinates.map((position, i) => ({
        op: 'upsert' as const,
        sourceId,
        type: 'node' as ObjectType,
        osmId: o.osmId,
        tags,
        geom: parseGeometry({ type: 'Point', coordinates: position }, 'node'),
        observedAt: o.track!.times[i]!,
      }));
    }
    const geom = parseGeometry(o.geom, o.type);
    return [
      {
        op: 'upsert',
        sourceId,
        type: o.type,
        osmId: o.osmId,
        tags,
        geom,
        observedAt: o.observedAt ?? now,
        ...(o.tainted ? { tainted: true } : {}),
      },
    ];
  } catch (err) {
    return `${o.type} '${o.osmId}': ${(err as Error).message}`;
  }
}

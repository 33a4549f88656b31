/**
 * Messages between the ingest pipeline and its worker-thread writer, and how batches are encoded
 * for postMessage (structured clone cost is part of the hot path).
 */
import { toOsmObject } from '../../../db/object-rows.js';
import type { IngestOp, IngestOpResult } from '../../../db/store.js';
import type { FastResult } from './fast-upserts.js';

export type EncodedOps = IngestOp[];
/** Results in op order; a fast-path update is only `[id, createdAt, updatedAt]` (no object to clone). */
export type EncodedResults = (IngestOpResult | FastResult)[];

export type WriterRequest =
  | { type: 'apply'; id: number; ops: EncodedOps }
  | { type: 'limit'; id: number; maxPageCount: number | null }
  | { type: 'close' };

export type WriterReply =
  | { type: 'ready' }
  | { type: 'failed'; error: SerializedError }
  | { type: 'done'; id: number; results: EncodedResults }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'limited'; id: number }
  | { type: 'closed' };

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
}

/** Encodes a batch for the worker. */
export function encodeOps(ops: IngestOp[]): EncodedOps {
  return ops;
}

/** Decodes a batch in the worker. */
export function decodeOps(encoded: EncodedOps): IngestOp[] {
  return encoded;
}

/** Decodes a batch's results on the main thread, rebuilding fast-path objects from their ops. */
export function decodeResults(encoded: EncodedResults, ops: IngestOp[]): IngestOpResult[] {
  const out = new Array<IngestOpResult>(encoded.length);
  for (let i = 0; i < encoded.length; i++) {
    const r = encoded[i]!;
    if (!Array.isArray(r)) {
      out[i] = r;
      continue;
    }
    const op = ops[i];
    if (op?.op !== 'upsert') throw new Error(`Writer result ${i} is a fast-path update but its op is not an upsert.`);
    const [id, createdAt, updatedAt] = r;
    const object = toOsmObject({
      id,
      source_id: op.sourceId,
      type: op.type,
      osm_id: op.osmId,
      tags: op.tags,
      geom: op.geom,
      tainted: op.tainted === true,
      observed_at: op.observedAt,
      created_at: createdAt,
      updated_at: updatedAt,
    });
    out[i] = { op: 'upsert', status: 'updated', object };
  }
  return out;
}

/**
 * Messages between the ingest pipeline and its worker-thread writer, and how batches are encoded
 * for postMessage (structured clone cost is part of the hot path).
 */
import type { IngestOp, IngestOpResult } from '../../../db/store.js';

export type EncodedOps = IngestOp[];
export type EncodedResults = IngestOpResult[];

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

/** Encodes a batch's results for the main thread. */
export function encodeResults(results: IngestOpResult[]): EncodedResults {
  return results;
}

/** Decodes a batch's results on the main thread. */
export function decodeResults(encoded: EncodedResults): IngestOpResult[] {
  return encoded;
}

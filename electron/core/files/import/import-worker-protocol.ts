/**
 * The messages between an import and its reader thread (import-worker.ts), and where that thread's
 * entry file is: the tsx bootstrap beside this file from sources, a bundled file beside the bundle.
 */
import type { IngestOp } from '../../../../db/store.js';
import type { CsvOptions, ImportFormat } from './import-types.js';
import type { NodeColumns } from './osm/compact-store.js';
import type { ReadLimits } from './read-import.js';
import { resolveWorkerEntry } from '../../../../db/worker-entry.js';

/** File name of the bundled worker entry that builds place beside the main bundle (scripts/build.mjs). */
const IMPORT_WORKER_BUNDLE = 'import-worker';

/** What the worker is told at start (its `start` message). */
export interface ImportWorkerData {
  name: string;
  size: number;
  format: ImportFormat;
  csv: CsvOptions;
  limits: ReadLimits;
  /** Chunks the worker may send before it waits for a credit (one per chunk the store committed). */
  credits: number;
  /** A chunk ends at this many records (objects and skips)… */
  chunkRecords: number;
  /** …or at about this many bytes of tags and geometry, whichever comes first. */
  chunkBytes: number;
}

/**
 * Main → worker: the file to read (first, once), the next bytes of the file (transferred), its end,
 * or a credit for one more chunk.
 */
export type ToImportWorker =
  | { type: 'start'; data: ImportWorkerData }
  | { type: 'bytes'; chunk: Uint8Array }
  | { type: 'end' }
  | { type: 'credit' };

/**
 * One chunk of validated records: the ops (source id left empty), ops per record (a timed track's
 * record has one per position, and says it is a track), and skips.
 */
export interface ImportChunk {
  ops: IngestOp[];
  records: Array<{ index: number; ops: number; track?: true }>;
  skips: Array<{ index: number; reason: string }>;
}

/**
 * Worker → main: wants bytes, a chunk, an OSM extract's node locations (transferred, once, before
 * `done`), done, or the file's one-sentence refusal.
 */
export type FromImportWorker =
  | { type: 'pull' }
  | ({ type: 'chunk' } & ImportChunk)
  | { type: 'done' }
  | ({ type: 'nodes' } & NodeColumns)
  | { type: 'failed'; code: string; message: string };

/**
 * The worker entry: from TypeScript sources the tsx bootstrap beside this file; in a bundle
 * `import-worker.{mjs,cjs,js}` beside the bundle that contains this code.
 */
export function resolveImportWorkerEntry(): URL | string {
  return resolveWorkerEntry(
    (import.meta as { url?: string }).url,
    './import-worker-bootstrap.mjs',
    IMPORT_WORKER_BUNDLE,
    'import worker',
  );
}

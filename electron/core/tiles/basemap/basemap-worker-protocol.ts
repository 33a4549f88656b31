/**
 * The messages between a basemap build and its worker thread (basemap-worker.ts), and where that
 * thread's entry file is: the tsx bootstrap beside this file from sources, a bundled file beside the bundle.
 */
import type { Bbox } from '../../../contract/domain.js';
import type { BuildProgress, BuildResult } from './build-basemap.js';
import { resolveWorkerEntry } from '../../../../db/worker-entry.js';

/** File name of the bundled worker entry that builds place beside the main bundle (scripts/build.mjs). */
const BASEMAP_WORKER_BUNDLE = 'basemap-worker';

/** What the worker is told at start. */
export interface BasemapWorkerData {
  extractPath: string;
  outPath: string;
  name: string;
  bbox?: Bbox;
  /** Overpass JSON is read whole; larger documents are refused. */
  maxDocumentBytes: number;
}

/** Worker → main. */
export type FromBasemapWorker =
  | ({ type: 'progress' } & BuildProgress)
  | { type: 'note'; message: string }
  | { type: 'done'; result: BuildResult; skipped: number }
  | { type: 'failed'; message: string };

/** The worker entry: the tsx bootstrap from sources, `basemap-worker.{mjs,cjs,js}` beside a bundle. */
export function resolveBasemapWorkerEntry(): URL | string {
  return resolveWorkerEntry(
    (import.meta as { url?: string }).url,
    './basemap-worker-bootstrap.mjs',
    BASEMAP_WORKER_BUNDLE,
    'basemap worker',
  );
}

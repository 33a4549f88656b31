/**
 * The messages between a basemap build and its worker thread (basemap-worker.ts), and where that
 * thread's entry file is: the tsx bootstrap beside this file from sources, a bundled file beside the bundle.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bbox } from '../../../contract/domain.js';
import type { BuildProgress, BuildResult } from './build-basemap.js';

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
  const url = (import.meta as { url?: string }).url;
  const here = typeof url === 'string' && url ? fileURLToPath(url) : __filename;
  if (here.endsWith('.ts')) return new URL('./basemap-worker-bootstrap.mjs', pathToFileURL(here));
  for (const ext of ['.mjs', '.cjs', '.js']) {
    const candidate = join(dirname(here), BASEMAP_WORKER_BUNDLE + ext);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`The basemap worker '${BASEMAP_WORKER_BUNDLE}.js' is missing beside '${here}'.`);
}

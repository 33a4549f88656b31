/**
 * Basemap builds as jobs: each runs in its own worker thread with a heap cap, reports progress, and
 * can be cancelled (the worker is stopped and its half-written file removed). One sentence on failure.
 * A build from the app's own copy of an extract (an import's upload) removes that copy when it ends.
 */
import { randomUUID } from 'node:crypto';
import { rmdirSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../contract/errors.js';
import type { EventPayload } from '../../../contract/events.js';
import type { BuildResult } from './build-basemap.js';
import {
  resolveBasemapWorkerEntry,
  type BasemapWorkerData,
  type FromBasemapWorker,
} from './basemap-worker-protocol.js';

export type BasemapProgressEvent = EventPayload<'tiles.basemapProgressed'>;

export interface BasemapBuildRequest extends BasemapWorkerData {
  layerId: string;
  /** The extract is the app's private copy: remove it when the build ends (done, failed or cancelled). */
  removeExtract?: boolean;
}

export interface BasemapBuilds {
  /** Starts a build; `onDone` runs after the file is in place. */
  start(request: BasemapBuildRequest, onDone: (result: BuildResult) => void): string;
  cancel(jobId: string): void;
  close(): void;
}

export interface BasemapBuildsOptions {
  emit: (payload: BasemapProgressEvent) => void;
  log: { warn(msg: string, f?: Record<string, unknown>): void };
  /** The worker's old-generation heap cap in MB. */
  heapMb: number;
  entry?: string | URL;
}

export function createBasemapBuilds(o: BasemapBuildsOptions): BasemapBuilds {
  const jobs = new Map<string, { worker: Worker; request: BasemapBuildRequest; cancelled: boolean }>();

  function finish(
    jobId: string,
    phase: 'done' | 'failed' | 'cancelled',
    counts: { features: number; tiles: number },
    error?: string,
  ) {
    const job = jobs.get(jobId);
    if (!job) return;
    jobs.delete(jobId);
    void job.worker.terminate();
    if (phase !== 'done') rmSync(`${job.request.outPath}.partial`, { force: true });
    if (job.request.removeExtract) removeExtract(job.request.extractPath);
    o.emit({
      job_id: jobId,
      layer_id: job.request.layerId,
      phase,
      ...counts,
      finished: true,
      ...(error ? { error } : {}),
    });
  }

  return {
    start(request, onDone) {
      const jobId = randomUUID();
      const { layerId: _layerId, removeExtract: _remove, ...data } = request;
      const worker = new Worker(o.entry ?? resolveBasemapWorkerEntry(), {
        workerData: data satisfies BasemapWorkerData,
        resourceLimits: { maxOldGenerationSizeMb: o.heapMb },
      });
      jobs.set(jobId, { worker, request, cancelled: false });
      let counts = { features: 0, tiles: 0 };
      const extract = basename(request.extractPath);
      worker.on('message', (msg: FromBasemapWorker) => {
        if (msg.type === 'progress') {
          counts = { features: msg.features, tiles: msg.tiles };
          o.emit({ job_id: jobId, layer_id: request.layerId, phase: msg.phase, ...counts, finished: false });
        } else if (msg.type === 'note') {
          o.log.warn(msg.message, { extract });
        } else if (msg.type === 'done') {
          counts = { features: msg.result.features, tiles: msg.result.tiles };
          try {
            onDone(msg.result);
            finish(jobId, 'done', counts);
          } catch (err) {
            finish(jobId, 'failed', counts, (err as Error).message);
          }
        } else {
          o.log.warn('A basemap build failed', { extract, error: msg.message });
          finish(jobId, 'failed', counts, `The basemap could not be built from '${extract}': ${msg.message}.`);
        }
      });
      worker.on('error', (err: Error & { code?: string }) => {
        const why =
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `Building the basemap from '${extract}' needs more than ${o.heapMb} MB; pass a smaller bbox`
            : `The basemap could not be built from '${extract}': ${err.message}`;
        finish(jobId, 'failed', counts, `${why}.`);
      });
      worker.on('exit', () => {
        const job = jobs.get(jobId);
        if (job)
          finish(
            jobId,
            job.cancelled ? 'cancelled' : 'failed',
            counts,
            job.cancelled ? undefined : `The basemap build of '${extract}' stopped.`,
          );
      });
      return jobId;
    },
    cancel(jobId) {
      const job = jobs.get(jobId);
      if (!job) throw new AppError('NOT_FOUND', `Basemap build '${jobId}' is not running.`);
      job.cancelled = true;
      void job.worker.terminate();
    },
    close() {
      for (const id of [...jobs.keys()]) this.cancel(id);
    },
  };
}

/** Removes an extract copy, and the spool folder it had to itself once that is empty. */
function removeExtract(path: string): void {
  rmSync(path, { force: true });
  try {
    rmdirSync(dirname(path));
  } catch {
    // Not empty (or already gone): the folder is not the copy's alone, so it stays.
  }
}

/**
 * The imports running now: each has a job id (announced by its first `files.progressed` event, or
 * chosen by the caller), its progress, and an AbortController that `files.cancelImport` fires.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { EventPayload } from '../../../contract/events.js';
import { AppError } from '../../../contract/errors.js';
import type { importJobSchema } from '../../../contract/methods/files.js';

/** Progress events of one import come at most this often (the first and last always). */
const PROGRESS_EVERY_MS = 200;

/** A running import as `files.imports` and `GET /api/import/:job_id` show it (the contract's shape). */
export type ImportJobStatus = z.infer<typeof importJobSchema>;

export interface ImportJob {
  id: string;
  signal: AbortSignal;
  progress(p: { done: number; imported: number }): void;
  finish(): void;
}

export interface ImportJobs {
  start(name: string, total: number, options?: { jobId?: string; signal?: AbortSignal }): ImportJob;
  /** Cancels a running import; false when no import has that id (it may have just finished). */
  cancel(jobId: string): boolean;
  list(): ImportJobStatus[];
}

/** Creates the registry; `emit` publishes `files.progressed`. */
export function createImportJobs(emit: (payload: EventPayload<'files.progressed'>) => void): ImportJobs {
  const running = new Map<string, { status: ImportJobStatus; controller: AbortController }>();
  return {
    start(name, total, options = {}) {
      const id = options.jobId ?? randomUUID();
      if (running.has(id)) throw new AppError('CONFLICT', `An import with job id '${id}' is already running.`);
      const controller = new AbortController();
      const stopOuter = () => controller.abort();
      options.signal?.addEventListener('abort', stopOuter, { once: true });
      if (options.signal?.aborted) controller.abort();
      const status: ImportJobStatus = { job_id: id, name, done: 0, total, imported: 0 };
      running.set(id, { status, controller });
      const send = (finished: boolean) =>
        emit({ job_id: id, kind: 'import', name, done: status.done, total, objects: status.imported, finished });
      send(false);
      let last = Date.now();
      return {
        id,
        signal: controller.signal,
        progress(p) {
          status.done = p.done;
          status.imported = p.imported;
          if (Date.now() - last < PROGRESS_EVERY_MS) return;
          last = Date.now();
          send(false);
        },
        finish() {
          options.signal?.removeEventListener('abort', stopOuter);
          running.delete(id);
          send(true);
        },
      };
    },
    cancel(jobId) {
      const job = running.get(jobId);
      job?.controller.abort();
      return job !== undefined;
    },
    list: () => [...running.values()].map((j) => ({ ...j.status })),
  };
}

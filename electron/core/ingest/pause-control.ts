/**
 * What ingest does after a failed commit: pause and retry with backoff when the disk is full or the
 * database unavailable (telling pause listeners), or write the batch's submissions one by one so
 * only the one that breaks it is rejected.
 */
import { AppError } from '../../contract/errors.js';
import type { Logger } from '../../contract/logger.js';
import type { Batch } from './batch-flusher.js';
import { createListenerSet } from './listener-set.js';
import { classifyWriteError } from './write-failures.js';

/** Told when ingest pauses (reason, error) and when it resumes (null). */
export type PauseListener = (reason: string | null, error?: AppError) => void;

export interface PauseControlOptions {
  log: Logger;
  /** First and largest delay between retries of a paused batch (doubling in between). */
  retryMinMs: number;
  retryMaxMs: number;
  /** Ops queued, for log lines. */
  depth(): number;
  /** Writes the oldest queued submissions again (the retry while paused). */
  retry(): void;
}

export interface PauseControl {
  /** Why ingest is paused (STORE_FULL or UNAVAILABLE), or null. */
  readonly paused: AppError | null;
  /** True while the submissions of a failed batch are written one at a time. */
  isIsolating(): boolean;
  /** A batch of `count` submissions committed: counts down the isolation. */
  committed(count: number): void;
  /** Ends the pause after a commit; true when ingest was paused. */
  resume(): boolean;
  /**
   * Handles a failed commit of `batch` (the oldest queued submissions). Returns the error to reject
   * its single submission with when that submission itself cannot be stored; undefined when the
   * batch stays queued (paused and retried, or split to find the submission that breaks it).
   */
  failed(batch: Batch, err: unknown): AppError | undefined;
  onPauseChanged(listener: PauseListener): () => void;
  /** No more retries (close). */
  stop(): void;
}

/** Creates the controller, not paused. */
export function createPauseControl(options: PauseControlOptions): PauseControl {
  const { log, retryMinMs, retryMaxMs, depth, retry } = options;
  const listeners = createListenerSet<[reason: string | null, error?: AppError]>(log, 'pause');
  let paused: AppError | null = null;
  let isolate = 0; // after an unexplained failure, write this many submissions one at a time
  let retryDelay = retryMinMs;
  let retryTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const onRetryTimer = (): void => {
    retryTimer = undefined;
    retry();
  };

  function pause(kind: 'full' | 'transient', message: string, err: unknown): void {
    const reason =
      kind === 'full'
        ? `Ingest paused: the disk or database size limit is full (${message}); retrying.`
        : `Ingest paused: the database is unavailable (${message}); retrying.`;
    const wasPaused = paused !== null;
    paused = new AppError(kind === 'full' ? 'STORE_FULL' : 'UNAVAILABLE', reason, { cause: err });
    if (!wasPaused) {
      log.error(reason, { queued: depth() });
      listeners.emit(reason, paused);
    }
    clearTimeout(retryTimer);
    if (stopped) return;
    retryTimer = setTimeout(onRetryTimer, retryDelay);
    retryDelay = Math.min(retryMaxMs, retryDelay * 2);
  }

  function failed(batch: Batch, err: unknown): AppError | undefined {
    const kind = classifyWriteError(err);
    const message = err instanceof Error ? err.message : String(err);
    if (kind !== 'fatal') {
      pause(kind, message, err);
      return undefined;
    }
    if (batch.count > 1) {
      // One op may poison the whole batch: write these submissions one by one to find it.
      isolate = batch.count;
      log.warn('A batch failed to commit; retrying its submissions one by one.', { error: message });
      return undefined;
    }
    if (isolate > 0) isolate--;
    log.error('A submission failed to commit and was not stored.', { error: message, ops: batch.ops.length });
    return new AppError('INTERNAL', `Writing ${batch.ops.length} update(s) failed: ${message}`, { cause: err });
  }

  return {
    get paused() {
      return paused;
    },
    isIsolating: () => isolate > 0,
    committed(count) {
      if (isolate > 0) isolate = Math.max(0, isolate - count);
    },
    resume() {
      if (!paused) return false;
      paused = null;
      retryDelay = retryMinMs;
      log.info('Ingest resumed.', { queued: depth() });
      listeners.emit(null);
      return true;
    },
    failed,
    onPauseChanged: (listener) => listeners.add(listener),
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      retryTimer = undefined;
    },
  };
}

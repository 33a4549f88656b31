/**
 * The ingest pipeline (ARCHITECTURE §3 rule 3): a bounded queue of submitted ops, written in batched
 * transactions through `store.applyBatch`, acknowledged and announced only after commit. This file
 * assembles the parts: queue, flusher, acknowledgement ledger, pause control, counters, emitter.
 */
import { AppError } from '../../contract/errors.js';
import type { Logger } from '../../contract/logger.js';
import type { IngestOp, IngestOpResult, Store } from '../../../db/store.js';
import { createAckLedger } from './ack-ledger.js';
import { createBatchFlusher, type Batch } from './batch-flusher.js';
import { createIngestCounters, NO_SOURCE } from './ingest-counters.js';
import { createIngestQueue } from './ingest-queue.js';
import { createListenerSet } from './listener-set.js';
import { createPauseControl, type PauseListener } from './pause-control.js';
import type { CommittedBatch, Ingest, IngestOrigin } from './types.js';

export interface IngestOptions {
  /** Where batches are written: `applyBatch`, with up to `maxBatchesInFlight` (default 1) outstanding. */
  store: Pick<Store, 'applyBatch' | 'maxBatchesInFlight'>;
  log: Logger;
  /** Write as soon as this many ops wait (default 1,000). */
  batchSize?: number;
  /** Most ops in one transaction (default 4 × batchSize); one submit is never split. */
  maxBatchOps?: number;
  /** Write at most this long after the oldest waiting op arrived (default 5 ms). */
  flushMs?: number;
  /** Hard limit of queued ops incl. the batch being written; beyond it submit rejects OVERLOADED (default 100,000). */
  queueLimit?: number;
  /** isSaturated() above this many queued ops (default min(queueLimit / 2, 2 × maxBatchOps)). */
  highWaterMark?: number;
  /** whenDrained() resolves at or below this many (default highWaterMark / 2). */
  lowWaterMark?: number;
  /** First and largest retry delay after a failed commit (defaults 100 ms and 5 s). */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Called when ingest pauses (reason, error) or resumes (null); the core pushes `app.notified`. */
  onPauseChanged?: PauseListener;
  now?: () => number;
}

/** The Ingest interface plus pause notifications. */
export interface IngestPipeline extends Ingest {
  onPauseChanged(listener: PauseListener): () => void;
  /**
   * Announces a batch another instance committed to the shared database (the team change log) to
   * this pipeline's committed-batch listeners, as `remote`; nothing is written or counted.
   */
  announceRemote(results: IngestOpResult[]): void;
}

/** Builds the pipeline; `close()` flushes and stops it (the store stays open: its owner closes it). */
export function createIngest(options: IngestOptions): IngestPipeline {
  const { store, log } = options;
  const batchSize = options.batchSize ?? 1000;
  const maxBatchOps = options.maxBatchOps ?? batchSize * 4;
  const queueLimit = options.queueLimit ?? 100_000;
  // Producers that honour backpressure keep about two full transactions waiting: enough to keep the
  // store busy, little enough to keep latency and memory low. The hard limit is for those that don't.
  const highWaterMark = options.highWaterMark ?? Math.min(Math.floor(queueLimit / 2), 2 * maxBatchOps);
  const lowWaterMark = options.lowWaterMark ?? Math.floor(highWaterMark / 2);
  const now = options.now ?? Date.now;
  let closing = false;
  let closed: Promise<void> | undefined;

  const counters = createIngestCounters();
  const committedListeners = createListenerSet<[batch: CommittedBatch]>(log, 'committed-batch');
  const queue = createIngestQueue({ queueLimit, highWaterMark, lowWaterMark, isHeld: () => pause.paused !== null });
  const ledger = createAckLedger({ queue, counters, now });
  const pause = createPauseControl({
    log,
    retryMinMs: options.retryMinMs ?? 100,
    retryMaxMs: options.retryMaxMs ?? 5000,
    depth: () => queue.depth,
    retry: () => flusher.retry(),
  });
  if (options.onPauseChanged) pause.onPauseChanged(options.onPauseChanged);
  const flusher = createBatchFlusher({
    store,
    queue,
    log,
    batchSize,
    maxBatchOps,
    flushMs: options.flushMs ?? 5,
    now,
    isHeld: () => pause.paused !== null,
    isSingle: () => pause.isIsolating(),
    isUrgent: () => ledger.hasWaiters() || closing,
    committed,
    failed,
  });

  function committed(batch: Batch, results: IngestOpResult[]): void {
    pause.committed(batch.count);
    ledger.commit(batch.count, results);
    committedListeners.emit({ results });
    afterSettle();
    if (pause.resume()) afterSettle();
  }

  function failed(batch: Batch, err: unknown): void {
    const error = pause.failed(batch, err);
    if (!error) return;
    ledger.reject(1, error);
    afterSettle();
  }

  function afterSettle(): void {
    queue.releaseDrained();
    ledger.releaseSettled();
  }

  function refuse(source: string, count: number, error: AppError): Promise<never> {
    counters.rejected(source, count, error.message);
    return Promise.reject(error);
  }

  function submit(ops: IngestOp[], origin: IngestOrigin): Promise<IngestOpResult[]> {
    const source = origin.sourceId ?? NO_SOURCE;
    const at = now();
    counters.received(source, ops.length, at);
    if (closing)
      return refuse(source, ops.length, new AppError('UNAVAILABLE', 'Ingest is closed; the update was not stored.'));
    const paused = pause.paused;
    if (paused?.code === 'STORE_FULL') return refuse(source, ops.length, paused);
    if (ops.length === 0) return Promise.resolve([]);
    const overloaded = queue.refusal(ops.length);
    if (overloaded) return refuse(source, ops.length, overloaded);
    return new Promise<IngestOpResult[]>((resolve, reject) => {
      queue.push({ ops, source, at, resolve, reject });
      flusher.schedule();
    });
  }

  function flush(): Promise<void> {
    const settled = ledger.whenSettled();
    flusher.schedule();
    return settled;
  }

  async function shutDown(): Promise<void> {
    closing = true;
    pause.stop();
    if (pause.paused) {
      // One last attempt; whatever still cannot be stored is rejected, never silently dropped.
      await flusher.idle();
      await flusher.writeNow();
      if (pause.paused) {
        ledger.reject(queue.length, pause.paused);
        afterSettle();
      }
    }
    await flush();
    flusher.stop();
  }

  return {
    submit,
    isSaturated: queue.isSaturated,
    whenDrained: queue.whenDrained,
    onCommitted: (listener) => committedListeners.add(listener),
    onPauseChanged: (listener) => pause.onPauseChanged(listener),
    announceRemote: (results) => {
      if (results.length > 0) committedListeners.emit({ results, remote: true });
    },
    counters: (sourceId) => counters.get(sourceId),
    stats: () => ({
      queueDepth: queue.depth,
      updatesPerSecond: counters.rate(now()),
      pausedReason: pause.paused?.message ?? null,
    }),
    flush,
    close: () => (closed ??= shutDown()),
  };
}

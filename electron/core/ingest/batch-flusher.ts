/**
 * The batcher: hands the queued submissions to `store.applyBatch` in order, in batches by size or
 * after flushMs (group commit up to maxBatchOps), pipelining up to `store.maxBatchesInFlight`; after
 * a failure it drops the batches the store refused and sends their submissions again.
 */
import type { Logger } from '../../contract/logger.js';
import type { IngestOp, IngestOpResult, Store } from '../../../db/store.js';
import type { IngestQueue } from './ingest-queue.js';

/** The `count` oldest unsent submissions, their ops concatenated (one transaction). */
export interface Batch {
  count: number;
  ops: IngestOp[];
}

export interface BatchFlusherOptions {
  store: Pick<Store, 'applyBatch' | 'maxBatchesInFlight'>;
  queue: Pick<IngestQueue, 'depth' | 'length' | 'at'>;
  log: Pick<Logger, 'error'>;
  /** Write as soon as this many ops wait. */
  batchSize: number;
  /** Most ops in one batch; a submission is never split, so a bigger one goes alone. */
  maxBatchOps: number;
  /** Write at most this long after the oldest waiting submission arrived. */
  flushMs: number;
  now(): number;
  /** True while nothing may be written (paused); retry() and writeNow() still write. */
  isHeld(): boolean;
  /** True while each batch must hold one submission (isolating a failure). */
  isSingle(): boolean;
  /** True when a partial batch must go out without waiting for flushMs (flush, close). */
  isUrgent(): boolean;
  /** The oldest batch in flight committed; its submissions are still the oldest queued. */
  committed(batch: Batch, results: IngestOpResult[]): void;
  /** The oldest batch in flight failed; its submissions stay queued and are sent again. */
  failed(batch: Batch, err: unknown): void;
}

export interface BatchFlusher {
  /** Writes the next batch if one is due, or arms the flushMs timer; call after every change. */
  schedule(): void;
  /** Writes the oldest submissions even while held, as soon as the refused batches came back. */
  retry(): void;
  /** Writes the next batch now, even while held, and resolves when it settled (at once when none waits). */
  writeNow(): Promise<void>;
  /** Resolves when no batch is in flight. */
  idle(): Promise<void>;
  /** Clears the flushMs timer. */
  stop(): void;
}

/** Creates the flusher over a queue; it writes nothing until schedule() is called. */
export function createBatchFlusher(options: BatchFlusherOptions): BatchFlusher {
  const { store, queue, log, batchSize, maxBatchOps, flushMs, now, isHeld, isSingle, isUrgent } = options;
  const maxInFlight = Math.max(1, store.maxBatchesInFlight ?? 1);
  // Batches handed to the store and not yet settled; they cover the submissions from the queue's head on.
  let inFlight = 0;
  // Batches still to come back after a failed one: the store refuses them (maxBatchesInFlight) and
  // their submissions, still queued, are sent again.
  let discarding = 0;
  let sentEntries = 0; // submissions from the queue's head in batches the store still holds
  let sentOps = 0;
  let retryDue = false; // retry() was called while refused batches were still coming back
  let timer: NodeJS.Timeout | undefined;
  const writes = new Set<Promise<void>>();

  const onTimer = (): void => {
    timer = undefined;
    schedule();
  };

  function schedule(): void {
    if (isHeld() || inFlight >= maxInFlight || discarding > 0) return;
    if (sentEntries >= queue.length) return;
    const waiting = queue.depth - sentOps;
    if (inFlight > 0) {
      // Pipelined: the store starts a full batch the moment it commits the one before. A partial one
      // waits, so batches stay large under load; when the store is idle it goes out after flushMs.
      if (waiting >= batchSize) void writeNext();
      return;
    }
    const waited = now() - queue.at(sentEntries).at;
    if (waiting >= batchSize || waited >= flushMs || isUrgent()) {
      clearTimeout(timer);
      timer = undefined;
      void writeNext();
    } else if (!timer) {
      timer = setTimeout(onTimer, flushMs - waited);
    }
  }

  function takeBatch(): Batch {
    const first = queue.at(sentEntries);
    if (isSingle() || sentEntries + 1 === queue.length) return { count: 1, ops: first.ops };
    const ops: IngestOp[] = [];
    let count = 0;
    for (let i = sentEntries; i < queue.length && ops.length < maxBatchOps; i++) {
      const s = queue.at(i);
      if (count > 0 && ops.length + s.ops.length > maxBatchOps) break;
      for (const op of s.ops) ops.push(op);
      count++;
    }
    return { count, ops };
  }

  function writeNext(): Promise<void> {
    const done = write();
    writes.add(done);
    void done.finally(() => writes.delete(done));
    return done;
  }

  async function write(): Promise<void> {
    const batch = takeBatch();
    inFlight++;
    sentEntries += batch.count;
    sentOps += batch.ops.length;
    let results: IngestOpResult[] | undefined;
    let failure: unknown;
    try {
      results = await store.applyBatch(batch.ops);
    } catch (err) {
      failure = err;
    }
    // The store settles batches in the order it got them, so this one is the oldest.
    inFlight--;
    if (discarding > 0) {
      discarding--;
      if (results) log.error('The store committed a batch handed over after a failed one; it is written again.');
      if (retryDue && inFlight === 0) {
        retryDue = false;
        void writeNext();
      } else schedule();
      return;
    }
    if (results) {
      sentEntries -= batch.count;
      sentOps -= batch.ops.length;
      options.committed(batch, results);
    } else {
      // Later batches are refused by the store (or failed with this one): they are sent again.
      discarding = inFlight;
      sentEntries = 0;
      sentOps = 0;
      options.failed(batch, failure);
    }
    schedule();
  }

  return {
    schedule,
    retry() {
      if (queue.length === 0) return;
      if (inFlight === 0) void writeNext();
      else retryDue = true;
    },
    writeNow: () => (sentEntries < queue.length ? writeNext() : Promise.resolve()),
    async idle() {
      while (writes.size > 0) await Promise.all(writes);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * The ingest pipeline (ARCHITECTURE §3 rule 3): a bounded queue of submitted ops, written in batched
 * transactions (by size or after a few ms), acknowledged and announced only after commit.
 */
import { AppError } from '../../contract/errors.js';
import type { IngestOp, IngestOpResult, Store } from '../../../db/store.js';
import { createIngestCounters, NO_SOURCE } from './ingest-counters.js';
import { classifyWriteError, createStoreWriter, type IngestWriter } from './ingest-writer.js';
import type { CommittedBatch, Ingest, IngestOrigin } from './types.js';

/** The logger shape ingest needs (core/log.ts scoped loggers fit). */
export interface IngestLog {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface IngestOptions {
  store: Pick<Store, 'applyBatch'>;
  log: IngestLog;
  /** Where batches are written; default: `store.applyBatch` on this thread. */
  writer?: IngestWriter;
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
  onPauseChanged?: (reason: string | null, error?: AppError) => void;
  now?: () => number;
}

/** The Ingest interface plus pause notifications. */
export interface IngestPipeline extends Ingest {
  onPauseChanged(listener: (reason: string | null, error?: AppError) => void): () => void;
}

interface Entry {
  ops: IngestOp[];
  source: string;
  at: number;
  resolve(results: IngestOpResult[]): void;
  reject(err: AppError): void;
}

/** Builds the pipeline; `close()` flushes and stops it. */
export function createIngest(options: IngestOptions): IngestPipeline {
  const { log } = options;
  const writer = options.writer ?? createStoreWriter(options.store);
  const batchSize = options.batchSize ?? 1000;
  const maxBatchOps = options.maxBatchOps ?? batchSize * 4;
  const flushMs = options.flushMs ?? 5;
  const queueLimit = options.queueLimit ?? 100_000;
  // Producers that honour backpressure keep about two full transactions waiting: enough to keep the
  // writer busy, little enough to keep latency and memory low. The hard limit is for those that don't.
  const highWater = options.highWaterMark ?? Math.min(Math.floor(queueLimit / 2), 2 * maxBatchOps);
  const lowWater = options.lowWaterMark ?? Math.floor(highWater / 2);
  const retryMin = options.retryMinMs ?? 100;
  const retryMax = options.retryMaxMs ?? 5000;
  const now = options.now ?? Date.now;
  const counters = createIngestCounters();
  const committedListeners = new Set<(batch: CommittedBatch) => void>();
  const pauseListeners = new Set<(reason: string | null, error?: AppError) => void>();
  if (options.onPauseChanged) pauseListeners.add(options.onPauseChanged);

  const queue: (Entry | undefined)[] = []; // settled slots are cleared so their ops can be collected
  let head = 0;
  let queued = 0; // ops waiting or being written
  let submitted = 0; // entries ever queued
  let settled = 0; // entries acknowledged or failed, in FIFO order
  // Batches handed to the writer and not yet settled; they cover the entries from `head` on.
  let inFlight = 0;
  // Batches still to come back after a failed one: the writer refused them (IngestWriter.maxInFlight)
  // and their entries, still queued, are sent again.
  let discarding = 0;
  let sentEntries = 0; // entries from `head` in batches the writer still holds
  let sentOps = 0;
  const maxInFlight = Math.max(1, writer.maxInFlight ?? 1);
  let timer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryDelay = retryMin;
  let retryDue = false; // the retry timer fired while refused batches were still coming back
  let paused: AppError | null = null;
  let isolate = 0; // after an unexplained failure, write this many entries one at a time
  let closing = false;
  let closed: Promise<void> | undefined;
  const writes = new Set<Promise<void>>();
  const drainWaiters: (() => void)[] = [];
  const flushWaiters: { target: number; resolve(): void }[] = [];

  const saturated = (): boolean => paused !== null || queued >= highWater;

  function schedule(): void {
    if (paused || inFlight >= maxInFlight || discarding > 0) return;
    const next = head + sentEntries;
    if (next >= queue.length) return;
    const waiting = queued - sentOps;
    if (inFlight > 0) {
      // Pipelined: the writer starts a full batch the moment it commits the one before. A partial one
      // waits, so batches stay large under load; when the writer is idle it goes out after flushMs.
      if (waiting >= batchSize) void writeNext();
      return;
    }
    const waited = now() - queue[next]!.at;
    if (waiting >= batchSize || waited >= flushMs || flushWaiters.length > 0 || closing) {
      clearTimeout(timer);
      timer = undefined;
      void writeNext();
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        schedule();
      }, flushMs - waited);
    }
  }

  function takeBatch(): { count: number; ops: IngestOp[] } {
    const from = head + sentEntries;
    const first = queue[from]!;
    if (isolate > 0 || from + 1 === queue.length) return { count: 1, ops: first.ops };
    const ops: IngestOp[] = [];
    let count = 0;
    for (let i = from; i < queue.length && ops.length < maxBatchOps; i++) {
      const e = queue[i]!;
      if (count > 0 && ops.length + e.ops.length > maxBatchOps) break;
      for (const op of e.ops) ops.push(op);
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
      results = await writer.apply(batch.ops);
    } catch (err) {
      failure = err;
    }
    // Writers settle batches in the order they were handed over, so this one is the oldest.
    inFlight--;
    if (discarding > 0) {
      discarding--;
      if (results) log.error('The writer committed a batch handed over after a failed one; it is written again.');
      if (retryDue && inFlight === 0) {
        retryDue = false;
        void writeNext();
      } else schedule();
      return;
    }
    if (results) {
      sentEntries -= batch.count;
      sentOps -= batch.ops.length;
    } else {
      // Later batches were refused by the writer (or failed with this one): they are sent again.
      discarding = inFlight;
      sentEntries = 0;
      sentOps = 0;
    }
    if (results) {
      if (isolate > 0) isolate = Math.max(0, isolate - batch.count);
      acknowledge(batch.count, results);
      if (paused) resume();
    } else {
      onWriteFailed(batch.count, failure);
    }
    schedule();
  }

  function acknowledge(count: number, results: IngestOpResult[]): void {
    const at = now();
    let offset = 0;
    const done = queue.slice(head, head + count) as Entry[];
    advance(count);
    for (const e of done) {
      const mine = results.slice(offset, offset + e.ops.length);
      offset += e.ops.length;
      let rejected = 0;
      let lastError: string | null = null;
      for (const r of mine) {
        if (r.status === 'rejected') {
          rejected++;
          lastError = r.reason;
        }
      }
      counters.stored(e.source, mine.length - rejected);
      if (rejected) counters.rejected(e.source, rejected, lastError);
      e.resolve(mine);
    }
    counters.committed(offset, at);
    const announcement: CommittedBatch = { results };
    for (const listener of committedListeners) {
      try {
        listener(announcement);
      } catch (err) {
        log.error('A committed-batch listener threw.', { error: String(err) });
      }
    }
    afterSettle();
  }

  function onWriteFailed(count: number, err: unknown): void {
    const kind = classifyWriteError(err);
    const message = err instanceof Error ? err.message : String(err);
    if (kind === 'fatal') {
      if (count > 1) {
        // One op may poison the whole batch: write these entries one by one to find it.
        isolate = count;
        log.warn('A batch failed to commit; retrying its submissions one by one.', { error: message });
        return;
      }
      const e = queue[head]!;
      advance(1);
      if (isolate > 0) isolate--;
      const error = new AppError('INTERNAL', `Writing ${e.ops.length} update(s) failed: ${message}`, { cause: err });
      counters.rejected(e.source, e.ops.length, error.message);
      log.error('A submission failed to commit and was not stored.', { error: message, ops: e.ops.length });
      e.reject(error);
      afterSettle();
      return;
    }
    const reason =
      kind === 'full'
        ? `Ingest paused: the disk or database size limit is full (${message}); retrying.`
        : `Ingest paused: the database is unavailable (${message}); retrying.`;
    const wasPaused = paused !== null;
    paused = new AppError(kind === 'full' ? 'STORE_FULL' : 'UNAVAILABLE', reason, { cause: err });
    if (!wasPaused) {
      log.error(reason, { queued });
      emitPause(reason, paused);
    }
    clearTimeout(retryTimer);
    if (closing) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (head >= queue.length) return;
      if (inFlight === 0) void writeNext();
      else retryDue = true;
    }, retryDelay);
    retryDelay = Math.min(retryMax, retryDelay * 2);
  }

  function resume(): void {
    paused = null;
    retryDelay = retryMin;
    log.info('Ingest resumed.', { queued });
    emitPause(null);
    afterSettle();
  }

  function emitPause(reason: string | null, error?: AppError): void {
    for (const listener of pauseListeners) {
      try {
        listener(reason, error);
      } catch (err) {
        log.error('A pause listener threw.', { error: String(err) });
      }
    }
  }

  function advance(count: number): void {
    for (let i = head; i < head + count; i++) {
      queued -= queue[i]!.ops.length;
      queue[i] = undefined;
    }
    head += count;
    settled += count;
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
    } else if (head >= 1024) {
      queue.splice(0, head);
      head = 0;
    }
  }

  function afterSettle(): void {
    if (!saturated() && queued <= lowWater) for (const w of drainWaiters.splice(0)) w();
    for (let i = flushWaiters.length - 1; i >= 0; i--) {
      if (settled >= flushWaiters[i]!.target) flushWaiters.splice(i, 1)[0]!.resolve();
    }
  }

  function submit(ops: IngestOp[], origin: IngestOrigin): Promise<IngestOpResult[]> {
    const source = origin.sourceId ?? NO_SOURCE;
    const at = now();
    counters.received(source, ops.length, at);
    const refuse = (error: AppError): Promise<never> => {
      counters.rejected(source, ops.length, error.message);
      return Promise.reject(error);
    };
    if (closing) return refuse(new AppError('UNAVAILABLE', 'Ingest is closed; the update was not stored.'));
    if (paused?.code === 'STORE_FULL') return refuse(paused);
    if (ops.length === 0) return Promise.resolve([]);
    if (queued + ops.length > queueLimit) {
      return refuse(
        new AppError('OVERLOADED', `Ingest queue is full (${queued} of ${queueLimit} updates waiting); retry later.`, {
          details: { queued, queueLimit },
        }),
      );
    }
    return new Promise<IngestOpResult[]>((resolve, reject) => {
      queue.push({ ops, source, at, resolve, reject });
      queued += ops.length;
      submitted++;
      schedule();
    });
  }

  function flush(): Promise<void> {
    if (settled >= submitted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      flushWaiters.push({ target: submitted, resolve });
      schedule();
    });
  }

  async function close(): Promise<void> {
    if (!closed) closed = shutDown();
    return closed;
  }

  async function shutDown(): Promise<void> {
    closing = true;
    if (paused) {
      // One last attempt; whatever still cannot be stored is rejected, never silently dropped.
      clearTimeout(retryTimer);
      retryTimer = undefined;
      while (writes.size > 0) await Promise.all(writes);
      if (head < queue.length) await writeNext();
      if (paused) failPending(paused);
    }
    await flush();
    clearTimeout(timer);
    await writer.close();
  }

  function failPending(error: AppError): void {
    const pending = queue.slice(head) as Entry[];
    advance(pending.length);
    for (const e of pending) {
      counters.rejected(e.source, e.ops.length, error.message);
      e.reject(error);
    }
    afterSettle();
  }

  return {
    submit,
    isSaturated: saturated,
    whenDrained: () =>
      !saturated() && queued <= lowWater
        ? Promise.resolve()
        : new Promise<void>((resolve) => drainWaiters.push(resolve)),
    onCommitted(listener) {
      committedListeners.add(listener);
      return () => committedListeners.delete(listener);
    },
    onPauseChanged(listener) {
      pauseListeners.add(listener);
      return () => pauseListeners.delete(listener);
    },
    counters: (sourceId) => counters.get(sourceId),
    stats: () => ({
      queueDepth: queued,
      updatesPerSecond: counters.rate(now()),
      pausedReason: paused?.message ?? null,
    }),
    flush,
    close,
  };
}

/**
 * The acknowledgement ledger: once a batch committed, each of its submissions resolves with its own
 * slice of the results (op order) and is counted; a submission that cannot be stored is rejected;
 * flush() waiters resolve once everything submitted before them has settled.
 */
import type { AppError } from '../../contract/errors.js';
import type { IngestOpResult } from '../../../db/store.js';
import type { IngestCounterBook } from './ingest-counters.js';
import type { IngestQueue } from './ingest-queue.js';

export interface AckLedgerOptions {
  queue: Pick<IngestQueue, 'shift' | 'submitted' | 'settled'>;
  counters: IngestCounterBook;
  now(): number;
}

export interface AckLedger {
  /** The `count` oldest submissions committed in one transaction; `results` holds all their ops' results in order. */
  commit(count: number, results: IngestOpResult[]): void;
  /** The `count` oldest submissions were not stored: each is rejected with `error`. */
  reject(count: number, error: AppError): void;
  /** Resolves once every submission queued before this call has settled (resolved or rejected). */
  whenSettled(): Promise<void>;
  /** True while a whenSettled() caller waits (the flusher then writes a partial batch at once). */
  hasWaiters(): boolean;
  /** Resolves the whenSettled() waiters whose submissions have all settled; call after anything settles. */
  releaseSettled(): void;
}

/** Creates the ledger over the queue it settles. */
export function createAckLedger(options: AckLedgerOptions): AckLedger {
  const { queue, counters, now } = options;
  const waiters: { target: number; resolve(): void }[] = [];

  function commit(count: number, results: IngestOpResult[]): void {
    const at = now();
    let offset = 0;
    for (const s of queue.shift(count)) {
      const mine = results.slice(offset, offset + s.ops.length);
      offset += s.ops.length;
      let rejected = 0;
      let lastError: string | null = null;
      for (const r of mine) {
        if (r.status === 'rejected') {
          rejected++;
          lastError = r.reason;
        }
      }
      counters.stored(s.source, mine.length - rejected);
      if (rejected) counters.rejected(s.source, rejected, lastError);
      s.resolve(mine);
    }
    counters.committed(offset, at);
  }

  function reject(count: number, error: AppError): void {
    for (const s of queue.shift(count)) {
      counters.rejected(s.source, s.ops.length, error.message);
      s.reject(error);
    }
  }

  return {
    commit,
    reject,
    whenSettled: () =>
      queue.settled >= queue.submitted
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ target: queue.submitted, resolve })),
    hasWaiters: () => waiters.length > 0,
    releaseSettled() {
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (queue.settled >= waiters[i]!.target) waiters.splice(i, 1)[0]!.resolve();
      }
    },
  };
}

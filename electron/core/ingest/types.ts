/**
 * The ingest pipeline's interface (ARCHITECTURE §3 rule 3): every source's input becomes IngestOps,
 * is validated, queued, written in batched transactions, and announced after commit.
 */
import type { IngestOp, IngestOpResult } from '../../../db/store.js';

export type { IngestOp, IngestOpResult };

/** Who submitted a batch; counters and errors are kept per source. */
export interface IngestOrigin {
  /** The authenticated source, or undefined for UI edits and API calls not tied to a source. */
  sourceId?: string;
  /** For logs: `hub`, `rest`, `connector`, `import`, `api`. */
  channel: 'hub' | 'rest' | 'connector' | 'import' | 'api';
}

export interface IngestCounters {
  received: number;
  stored: number;
  rejected: number;
  lastError: string | null;
  lastMessageAt: number | null;
}

/** Announced once per committed batch, after commit, with the results in op order. */
export interface CommittedBatch {
  results: IngestOpResult[];
  /**
   * True for a batch another instance committed to the shared team database (issue 19), announced
   * here from the change log; consumers that must act once per change team-wide (the rule engine)
   * leave it to the instance that committed it.
   */
  remote?: boolean;
}

export interface Ingest {
  /**
   * Queues ops and resolves with their results after the transaction holding them commits.
   * Rejects with AppError('OVERLOADED' | 'STORE_FULL' | 'UNAVAILABLE') when nothing was stored.
   */
  submit(ops: IngestOp[], origin: IngestOrigin): Promise<IngestOpResult[]>;
  /** True while the queue is above its high-water mark: producers should stop reading input. */
  isSaturated(): boolean;
  /** Resolves when the queue has room again (used to pause and resume sockets). */
  whenDrained(): Promise<void>;
  /** Listens to committed batches; returns an unsubscribe function. */
  onCommitted(listener: (batch: CommittedBatch) => void): () => void;
  counters(sourceId: string): IngestCounters;
  /** Queue depth, updates/s over the last seconds, and why ingest is paused (e.g. disk full). */
  stats(): { queueDepth: number; updatesPerSecond: number; pausedReason: string | null };
  /** Writes everything queued, then resolves. */
  flush(): Promise<void>;
  /** Flushes, then stops accepting ops. */
  close(): Promise<void>;
}

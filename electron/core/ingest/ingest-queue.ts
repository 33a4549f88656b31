/**
 * The bounded FIFO of submissions (the batches being written included) and its backpressure: a hard
 * limit in ops, and high/low water marks that tell producers when to stop reading and resume.
 */
import { AppError } from '../../contract/errors.js';
import type { IngestOp, IngestOpResult } from '../../../db/store.js';

/** One submit call: its ops are written in one transaction and settle together. */
export interface Submission {
  ops: IngestOp[];
  /** The submitting source (counters), or NO_SOURCE. */
  source: string;
  /** When it was submitted (ms); the flusher's flushMs counts from the oldest unsent one. */
  at: number;
  resolve(results: IngestOpResult[]): void;
  reject(err: AppError): void;
}

export interface IngestQueueOptions {
  /** Most ops queued at once; a submit beyond it is refused (OVERLOADED). */
  queueLimit: number;
  /** Saturated at or above this many queued ops. */
  highWaterMark: number;
  /** whenDrained() resolves at or below this many. */
  lowWaterMark: number;
  /** True while ingest is paused: the queue then counts as saturated whatever its depth. */
  isHeld(): boolean;
}

export interface IngestQueue {
  /** Ops queued, those being written included. */
  readonly depth: number;
  /** Submissions not yet settled. */
  readonly length: number;
  /** Submissions ever queued, and ever settled (always the oldest first). */
  readonly submitted: number;
  readonly settled: number;
  /** The i-th oldest unsettled submission (0 ≤ i < length). */
  at(i: number): Submission;
  /** The OVERLOADED error for a submit of `count` ops that would pass the limit, else undefined. */
  refusal(count: number): AppError | undefined;
  push(submission: Submission): void;
  /** Removes the `count` oldest submissions (they settled) and returns them, oldest first. */
  shift(count: number): Submission[];
  /** True above the high-water mark or while held: producers should stop reading their input. */
  isSaturated(): boolean;
  /** Resolves once the queue is not held and at or below the low-water mark. */
  whenDrained(): Promise<void>;
  /** Resolves the whenDrained() waiters if the queue has drained; call after anything settles. */
  releaseDrained(): void;
}

/** Creates an empty queue. */
export function createIngestQueue(options: IngestQueueOptions): IngestQueue {
  const { queueLimit, highWaterMark, lowWaterMark, isHeld } = options;
  const entries: (Submission | undefined)[] = []; // settled slots are cleared so their ops can be collected
  let head = 0;
  let depth = 0;
  let submitted = 0;
  let settled = 0;
  const drainWaiters: (() => void)[] = [];

  const isSaturated = (): boolean => isHeld() || depth >= highWaterMark;
  const isDrained = (): boolean => !isSaturated() && depth <= lowWaterMark;

  function shift(count: number): Submission[] {
    const done = entries.slice(head, head + count) as Submission[];
    for (let i = head; i < head + count; i++) {
      depth -= entries[i]!.ops.length;
      entries[i] = undefined;
    }
    head += count;
    settled += count;
    if (head === entries.length) {
      entries.length = 0;
      head = 0;
    } else if (head >= 1024) {
      entries.splice(0, head);
      head = 0;
    }
    return done;
  }

  return {
    get depth() {
      return depth;
    },
    get length() {
      return entries.length - head;
    },
    get submitted() {
      return submitted;
    },
    get settled() {
      return settled;
    },
    at: (i) => entries[head + i]!,
    refusal(count) {
      if (depth + count <= queueLimit) return undefined;
      return new AppError(
        'OVERLOADED',
        `Ingest queue is full (${depth} of ${queueLimit} updates waiting); retry later.`,
        {
          details: { queued: depth, queueLimit },
        },
      );
    },
    push(submission) {
      entries.push(submission);
      depth += submission.ops.length;
      submitted++;
    },
    shift,
    isSaturated,
    whenDrained: () => (isDrained() ? Promise.resolve() : new Promise<void>((resolve) => drainWaiters.push(resolve))),
    releaseDrained() {
      if (isDrained()) for (const w of drainWaiters.splice(0)) w();
    },
  };
}

/**
 * The history retention job (issue 14 item 5): applies the rule (keep every position `keepAllDays`,
 * then the first per `downsampleS` per object; tag changes always) in the background, shortly after
 * start and then every interval, on an injected clock; one run at a time, never on the ingest
 * acknowledgement path (the store removes positions in short transactions between batches).
 */
import type { PrunePreview } from '../../../db/history-retention.js';
import type { Store } from '../../../db/store.js';
import type { Logger } from '../../contract/logger.js';

const DAY_MS = 86_400_000;

/** The rule as config holds it (Config.history without the interval). */
export interface RetentionRule {
  /** null keeps every position forever. */
  keepAllDays: number | null;
  downsampleS: number;
}

/** What one run did; times epoch ms. */
export interface RetentionRunRecord {
  startedAt: number;
  finishedAt: number;
  cutoff: number;
  removed: number;
  complete: boolean;
  error: string | null;
}

/** Time and timers, injected so tests drive the schedule themselves. */
export interface RetentionClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: RetentionClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => {
    const t = setTimeout(run, ms);
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface RetentionJobOptions {
  store: Pick<Store, 'pruneHistory' | 'previewPrune'>;
  log: Pick<Logger, 'info' | 'warn'>;
  rule: RetentionRule;
  intervalMs: number;
  /** Delay of the first run after start (default 60 s: the app starts up first). */
  startDelayMs?: number;
  clock?: RetentionClock;
  /** Persists a changed rule (settings.json); throws to refuse it. */
  save?: (rule: RetentionRule) => void;
}

export interface RetentionJob {
  /** Schedules the first run; returns stop(). */
  start(): () => Promise<void>;
  /** Runs now, or joins the run in progress; null when the rule keeps everything. */
  runNow(): Promise<RetentionRunRecord | null>;
  rule(): RetentionRule;
  /** Saves and applies a new rule (the next run uses it). */
  setRule(rule: RetentionRule): void;
  lastRun(): RetentionRunRecord | null;
  isRunning(): boolean;
  /** What the current rule would remove now. */
  preview(): Promise<PrunePreview>;
}

/** The time before which positions are thinned under `rule` at `now`; null when nothing is. */
export function retentionCutoff(rule: RetentionRule, now: number): number | null {
  return rule.keepAllDays === null ? null : now - rule.keepAllDays * DAY_MS;
}

/** Builds the job; nothing runs before start() or runNow(). */
export function createRetentionJob(options: RetentionJobOptions): RetentionJob {
  const { store, log } = options;
  const clock = options.clock ?? systemClock;
  let rule = { ...options.rule };
  let last: RetentionRunRecord | null = null;
  let running: Promise<RetentionRunRecord | null> | undefined;
  let abort: AbortController | undefined;
  let timer: unknown;
  let stopped = false;
  // After a complete run, positions before its cutoff are thinned: the next run starts at that
  // cutoff's bucket. Forgotten when the rule changes and at every start (late observations).
  let thinnedBefore: number | undefined;

  const run = async (): Promise<RetentionRunRecord | null> => {
    const startedAt = clock.now();
    const cutoff = retentionCutoff(rule, startedAt);
    if (cutoff === null) return null;
    const bucketMs = rule.downsampleS * 1000;
    const since = thinnedBefore === undefined ? undefined : thinnedBefore - (thinnedBefore % bucketMs);
    abort = new AbortController();
    let record: RetentionRunRecord;
    try {
      const r = await store.pruneHistory({ before: cutoff, bucketMs, since, signal: abort.signal });
      record = { startedAt, finishedAt: clock.now(), cutoff, removed: r.removed, complete: r.complete, error: null };
      if (r.complete) thinnedBefore = cutoff;
      log.info('history retention run', {
        removed: r.removed,
        cutoff: new Date(cutoff).toISOString(),
        steps: r.steps,
        complete: r.complete,
        ms: record.finishedAt - startedAt,
      });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      record = { startedAt, finishedAt: clock.now(), cutoff, removed: 0, complete: false, error };
      log.warn('history retention run failed', { error });
    }
    last = record;
    return record;
  };

  const runNow = (): Promise<RetentionRunRecord | null> =>
    (running ??= run().finally(() => {
      running = undefined;
    }));

  const schedule = (ms: number): void => {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      timer = undefined;
      void runNow().finally(() => schedule(options.intervalMs));
    }, ms);
  };

  return {
    start() {
      stopped = false;
      schedule(options.startDelayMs ?? 60_000);
      return async () => {
        stopped = true;
        if (timer !== undefined) clock.clearTimeout(timer);
        timer = undefined;
        abort?.abort();
        await running;
      };
    },
    runNow,
    rule: () => ({ ...rule }),
    setRule(next) {
      options.save?.(next);
      rule = { ...next };
      thinnedBefore = undefined;
    },
    lastRun: () => last,
    isRunning: () => running !== undefined,
    preview() {
      const before = retentionCutoff(rule, clock.now()) ?? Number.MIN_SAFE_INTEGER;
      return store.previewPrune({ before, bucketMs: rule.downsampleS * 1000 });
    },
  };
}

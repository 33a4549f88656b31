// The retention job on a clock the test controls, over a real SQLite store: when it runs (after the
// start delay, then every interval, never after stop), one run at a time, the cutoff from the
// injected clock, the rule saved before it applies, and a rule that keeps everything.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../../../db/sqlite/sqlite-store.js';
import type { PruneQuery } from '../../../db/history-retention.js';
import type { Tags } from '../../contract/domain.js';
import { addTestSource } from '../../../test/db/store-targets.js';
import {
  createRetentionJob,
  type RetentionClock,
  type RetentionJobOptions,
  type RetentionRule,
} from './retention-job.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00.000Z');

/** Timers that fire only when the test advances the clock. */
function manualClock(start: number): RetentionClock & { advance(ms: number): void; pending(): number } {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => now,
    setTimeout(run, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id as number),
    advance(ms) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at > now) continue;
        timers.delete(id);
        t.run();
      }
    },
    pending: () => timers.size,
  };
}

let store: SqliteStore;
let cleanup: () => void;
let sourceId: string;
const quiet = { info() {}, warn() {} };

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'retention-'));
  cleanup = () => rmSync(dir, { recursive: true, force: true });
  store = await openSqliteStore(join(dir, 'tracker.db'), { backup: { onClose: false } });
  sourceId = await addTestSource(store, 's');
  // One position every 10 s for 3 minutes, on day 0.
  await store.applyBatch(
    Array.from({ length: 18 }, (_, i) => ({
      op: 'upsert' as const,
      sourceId,
      type: 'node' as const,
      osmId: 'a',
      tags: Object.create(null) as Tags,
      geom: { type: 'Point' as const, coordinates: [7, 43] },
      observedAt: T0 + i * 10_000,
    })),
  );
});
afterEach(async () => {
  await store.close();
  cleanup();
});

/** Waits until the job's run in progress (if any) has finished and its next timer is set. */
async function idle(job: { isRunning(): boolean }): Promise<void> {
  while (job.isRunning()) await new Promise((r) => setTimeout(r, 2));
  await new Promise((r) => setImmediate(r));
}

/** A store that records what the job asks it to prune. */
function recording(): { store: RetentionJobOptions['store']; queries: PruneQuery[] } {
  const queries: PruneQuery[] = [];
  return {
    queries,
    store: {
      pruneHistory: (q) => (queries.push({ ...q, signal: undefined }), store.pruneHistory(q)),
      previewPrune: (q) => store.previewPrune(q),
    },
  };
}

describe('createRetentionJob', () => {
  const rule: RetentionRule = { keepAllDays: 30, downsampleS: 60 };

  it('runs after the start delay, then every interval, and never after stop', async () => {
    const clock = manualClock(T0 + 31 * DAY);
    const { store: s, queries } = recording();
    const job = createRetentionJob({ store: s, log: quiet, rule, intervalMs: 3_600_000, startDelayMs: 60_000, clock });
    const stop = job.start();
    clock.advance(59_999);
    await idle(job);
    expect(queries).toHaveLength(0);
    clock.advance(1);
    await idle(job);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatchObject({ before: T0 + DAY + 60_000, bucketMs: 60_000, since: undefined });
    // 18 positions in 3 minutes: the first of each minute stays, and the newest.
    expect(job.lastRun()).toMatchObject({ removed: 14, complete: true, error: null, cutoff: T0 + DAY + 60_000 });
    expect((await store.track((await store.findObjectByKey(sourceId, 'node', 'a'))!.id)).times).toEqual([
      T0,
      T0 + 60_000,
      T0 + 120_000,
      T0 + 170_000,
    ]);

    clock.advance(3_599_999);
    await idle(job);
    expect(queries).toHaveLength(1);
    clock.advance(1);
    await idle(job);
    // The second run starts at the bucket of the first run's cutoff.
    expect(queries[1]).toMatchObject({ before: T0 + DAY + 3_660_000, since: T0 + DAY + 60_000 });
    expect(job.lastRun()?.removed).toBe(0);

    await stop();
    expect(clock.pending()).toBe(0);
    clock.advance(10 * 3_600_000);
    await idle(job);
    expect(queries).toHaveLength(2);
  });

  it('runs one run at a time: a second runNow joins the first', async () => {
    const clock = manualClock(T0 + 31 * DAY);
    const { store: s, queries } = recording();
    const job = createRetentionJob({ store: s, log: quiet, rule, intervalMs: 3_600_000, clock });
    const [a, b] = [job.runNow(), job.runNow()];
    expect(job.isRunning()).toBe(true);
    expect(await a).toBe(await b);
    expect(queries).toHaveLength(1);
    expect(job.isRunning()).toBe(false);
  });

  it('saves a new rule before applying it, forgets where it got to, and keeps a refused rule out', async () => {
    const clock = manualClock(T0 + 31 * DAY);
    const saved: RetentionRule[] = [];
    const { store: s, queries } = recording();
    const job = createRetentionJob({
      store: s,
      log: quiet,
      rule,
      intervalMs: 3_600_000,
      clock,
      save: (r) => {
        if (r.downsampleS > 3600) throw new Error('refused');
        saved.push(r);
      },
    });
    await job.runNow();
    job.setRule({ keepAllDays: 30, downsampleS: 120 });
    expect(saved).toEqual([{ keepAllDays: 30, downsampleS: 120 }]);
    expect(() => job.setRule({ keepAllDays: 1, downsampleS: 7200 })).toThrow('refused');
    expect(job.rule()).toEqual({ keepAllDays: 30, downsampleS: 120 });
    await job.runNow();
    expect(queries[1]).toMatchObject({ bucketMs: 120_000, since: undefined });
    // Minute 0 and 1 share a 2-minute bucket now: 0 s, 120 s and the newest stay.
    expect(job.lastRun()?.removed).toBe(1);
  });

  it('does nothing while the rule keeps everything, and its preview frees nothing', async () => {
    const clock = manualClock(T0 + 365 * DAY);
    const { store: s, queries } = recording();
    const job = createRetentionJob({
      store: s,
      log: quiet,
      rule: { keepAllDays: null, downsampleS: 60 },
      intervalMs: 3_600_000,
      clock,
    });
    expect(await job.runNow()).toBeNull();
    expect(queries).toHaveLength(0);
    expect(await job.preview()).toMatchObject({ positions: 18, removable: 0, bytesFreed: 0 });
    job.setRule({ keepAllDays: 0, downsampleS: 60 });
    expect(await job.preview()).toMatchObject({ positions: 18, removable: 14 });
  });
});

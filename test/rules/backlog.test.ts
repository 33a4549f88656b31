/**
 * A backlog larger than one step (MAX_STEP_CHANGES in engine.ts): batches committed faster than the
 * rules evaluate are taken a bounded piece per step, in order, and every change is still evaluated —
 * while running, and by close() for what was committed before it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRulesWorld, T0, type RulesWorld } from './rules-kit.js';

/** A square of about 11 km around (10.05, 54.05). */
const ZONE = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [10, 54],
      [10.1, 54],
      [10.1, 54.1],
      [10, 54.1],
      [10, 54],
    ],
  ],
};

describe('a backlog of committed batches', () => {
  let w: RulesWorld;
  beforeEach(async () => {
    w = await openRulesWorld('sqlite/worker');
  });
  afterEach(async () => {
    await w.dispose();
  });

  /** `count` ships, each first seen inside the zone (one enter alert each), in batches of 2,000. */
  const batches = (prefix: string, count: number) =>
    Array.from({ length: count / 2000 }, (_, b) =>
      Array.from({ length: 2000 }, (_, k) => {
        const n = b * 2000 + k;
        return w.point(`${prefix}${n}`, T0 + n, 10.01 + (n % 100) * 0.0008, 54.01 + Math.floor(n / 100) * 0.0003);
      }),
    );

  it('evaluates every change of a backlog of 12,000, in bounded steps, each alert once', async () => {
    const fence = await w.fence('Zone', ZONE);
    await w.rule('Into the zone', { type: 'enter', geofence_id: fence });
    // Submitted together: the batches commit before the engine's first step can take them.
    await Promise.all(
      batches('s', 12_000).map((ops) => w.ingest.submit(ops, { sourceId: w.sourceId, channel: 'hub' })),
    );
    await w.engine.idle();
    expect(w.engine.stats().evaluated).toBe(12_000);
    expect(w.engine.stats().queued).toBe(0);
    expect(w.alerts).toHaveLength(12_000);
    expect(new Set(w.alerts.map((a) => a.object_ids[0])).size).toBe(12_000);
    expect((await w.store.rules.listAlerts({ limit: 0, offset: 0 })).total).toBe(12_000);
  });

  it('close() still evaluates and stores the whole backlog committed before it', async () => {
    const fence = await w.fence('Zone', ZONE);
    await w.rule('Into the zone', { type: 'enter', geofence_id: fence });
    await Promise.all(
      batches('c', 12_000).map((ops) => w.ingest.submit(ops, { sourceId: w.sourceId, channel: 'hub' })),
    );
    await w.engine.close();
    expect(w.engine.stats().evaluated).toBe(12_000);
    expect((await w.store.rules.listAlerts({ limit: 0, offset: 0 })).total).toBe(12_000);
  });
});

// History retention (issue 14 item 5) on SQLite and (with TEST_DATABASE_URL) Postgres: which
// positions a rule removes on a hand-made history with a clock we choose, what survives, that the
// state at a kept moment still answers, and that the preview counts exactly what a prune removes.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestOp, Store } from '../../db/store.js';
import type { Tags } from '../../electron/contract/domain.js';
import { addTestSource, storeTargets } from './store-targets.js';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const S = 1000;
const MINUTE = 60 * S;
const tags = (t: Record<string, string | number>): Tags => Object.assign(Object.create(null) as Tags, t);

describe.each(storeTargets())('history retention on $name', (target) => {
  let store: Store;
  let sourceId: string;
  const upsert = (osmId: string, atS: number, t: Record<string, string | number> = { kind: 'ship' }): IngestOp => ({
    op: 'upsert',
    sourceId,
    type: 'node',
    osmId,
    tags: tags(t),
    geom: { type: 'Point', coordinates: [7 + atS / 1e4, 43] },
    observedAt: T0 + atS * S,
  });
  const idOf = async (osmId: string) => (await store.findObjectByKey(sourceId, 'node', osmId))!.id;
  /** The stored times of an object, in seconds after T0. */
  const timesOf = async (osmId: string) => (await store.track(await idOf(osmId))).times.map((t) => (t - T0) / S);

  beforeEach(async () => {
    store = await target.open();
    sourceId = await addTestSource(store, 'ships');
  });
  afterEach(() => store.close());
  afterAll(() => target.dispose());

  it('keeps the first position per object per minute before the cutoff, the newest, everything after, and every tag change', async () => {
    await store.applyBatch([
      upsert('a', 0, { kind: 'ship', name: 'A1' }),
      upsert('a', 10, { kind: 'ship', name: 'A2' }),
      upsert('a', 50, { kind: 'ship', name: 'A2' }),
      upsert('a', 61, { kind: 'ship', name: 'A2' }),
      upsert('a', 119, { kind: 'ship', name: 'A3' }),
      upsert('a', 125, { kind: 'ship', name: 'A3' }),
      upsert('a', 190),
      upsert('a', 195),
      upsert('a', 205),
      upsert('a', 210),
      upsert('b', 0),
      upsert('b', 20),
      upsert('b', 40),
      upsert('b', 70),
      upsert('b', 80),
      upsert('c', 30),
    ]);
    const a = await idOf('a');
    const changesBefore = await store.tagChanges(a);
    const rule = { before: T0 + 200 * S, bucketMs: MINUTE };

    const preview = await store.previewPrune(rule);
    expect(preview).toMatchObject({ positions: 16, removable: 6 });
    expect(preview.positionBytes).toBeGreaterThan(0);
    expect(preview.bytesFreed).toBe(Math.round((6 * preview.positionBytes) / 16));
    expect(preview.databaseBytes).toBeGreaterThanOrEqual(preview.positionBytes);

    expect(await store.pruneHistory(rule)).toMatchObject({ removed: 6, complete: true });
    expect(await timesOf('a')).toEqual([0, 61, 125, 190, 205, 210]);
    expect(await timesOf('b')).toEqual([0, 70, 80]);
    expect(await timesOf('c')).toEqual([30]);
    expect(await store.tagChanges(a)).toEqual(changesBefore);
    expect((await store.stats()).historyRows).toBe(10);

    // The state at a moment between kept positions: the kept position before it, the tags then in force.
    const byOsmId = <T extends { osm_id: string }>(items: T[]) =>
      [...items].sort((x, y) => x.osm_id.localeCompare(y.osm_id));
    const at15 = await store.listObjects({ at: T0 + 15 * S });
    expect(byOsmId(at15.items).map((o) => [o.osm_id, o.geom, o.tags.name ?? null])).toEqual([
      ['a', { type: 'Point', coordinates: [7, 43] }, 'A2'],
      ['b', { type: 'Point', coordinates: [7, 43] }, null],
    ]);
    const at120 = await store.listObjects({ at: T0 + 120 * S });
    expect(byOsmId(at120.items).map((o) => [o.osm_id, o.observed_at, o.tags.name ?? null])).toEqual([
      ['a', new Date(T0 + 61 * S).toISOString(), 'A3'],
      ['b', new Date(T0 + 80 * S).toISOString(), null],
      ['c', new Date(T0 + 30 * S).toISOString(), null],
    ]);

    // A second run of the same rule finds nothing; the preview agrees.
    expect((await store.previewPrune(rule)).removable).toBe(0);
    expect((await store.pruneHistory(rule)).removed).toBe(0);
  });

  it('only looks at positions from `since` on', async () => {
    await store.applyBatch([0, 10, 20, 60, 70, 80, 200].map((s) => upsert('a', s)));
    const result = await store.pruneHistory({ before: T0 + 100 * S, bucketMs: MINUTE, since: T0 + 60 * S });
    expect(result.removed).toBe(2);
    expect(await timesOf('a')).toEqual([0, 10, 20, 60, 200]);
  });

  it('stops between steps when aborted', async () => {
    await store.applyBatch([0, 10, 20].map((s) => upsert('a', s)));
    const aborted = new AbortController();
    aborted.abort();
    const result = await store.pruneHistory({ before: T0 + 100 * S, bucketMs: MINUTE, signal: aborted.signal });
    expect(result).toEqual({ removed: 0, steps: 0, complete: false });
    expect(await timesOf('a')).toEqual([0, 10, 20]);
  });

  it('removes more positions than one step holds in several steps', async () => {
    // One position a second for 50 minutes: 3,000 positions, 50 buckets; 1,000 positions per step.
    const n = 3000;
    await store.applyBatch(Array.from({ length: n }, (_, i) => upsert('a', i)));
    const rule = { before: T0 + n * S, bucketMs: MINUTE };
    // The newest (2,999 s) is not the first of its minute but stays: 50 firsts + 1.
    expect((await store.previewPrune(rule)).removable).toBe(n - 51);
    const result = await store.pruneHistory({ ...rule, rowsPerStep: 1000 });
    expect(result.removed).toBe(n - 51);
    // Two full steps and one with the rest (949) in the one key range, then the end of the objects.
    expect(result.steps).toBe(4);
    const kept = await timesOf('a');
    expect(kept).toHaveLength(51);
    expect(kept.slice(0, 3)).toEqual([0, 60, 120]);
    expect(kept.at(-1)).toBe(n - 1);
  });
});

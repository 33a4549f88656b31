// SQLite retention runs on the store's writer thread between ingest batches (issue 14 item 5): a
// prune and a stream of batches sent at the same time both finish, the batches are not held until
// the prune ends, and nothing ingest wrote is lost.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../../db/sqlite/sqlite-store.js';
import type { IngestOp } from '../../db/store.js';
import type { Tags } from '../../electron/contract/domain.js';
import { addTestSource, tmpDir } from './store-targets.js';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const OBJECTS = 200;

let store: SqliteStore;
let cleanup: () => void;
let sourceId: string;
const upsert = (i: number, t: number): IngestOp => ({
  op: 'upsert',
  sourceId,
  type: 'node',
  osmId: `o${i}`,
  tags: Object.create(null) as Tags,
  geom: { type: 'Point', coordinates: [7 + i / 1000, 43] },
  observedAt: t,
});

beforeEach(async () => {
  const tmp = tmpDir();
  cleanup = tmp.cleanup;
  store = await openSqliteStore(`${tmp.dir}/tracker.db`, { backup: { onClose: false } });
  sourceId = await addTestSource(store, 's');
});
afterEach(async () => {
  await store.close();
  cleanup();
});

it('interleaves prune steps with ingest batches on the writer thread and loses nothing', async () => {
  // 121 positions a second apart per object: minutes 0 and 1 full, minute 2's first is the newest.
  // The rule keeps 3 per object whatever arrives meanwhile: 118 removable each.
  for (let s = 0; s <= 120; s += 20) {
    const ops: IngestOp[] = [];
    for (let t = s; t < Math.min(s + 20, 121); t++)
      for (let i = 0; i < OBJECTS; i++) ops.push(upsert(i, T0 + t * 1000));
    await store.applyBatch(ops);
  }
  const before = (await store.stats()).historyRows;
  expect(before).toBe(OBJECTS * 121);

  const order: string[] = [];
  const prune = store
    .pruneHistory({ before: T0 + 10 * 60_000, bucketMs: 60_000, rowsPerStep: 2000 })
    .then((r) => (order.push('prune'), r));
  // Newer positions for every object, sent while the prune runs.
  const batches = Array.from({ length: 20 }, (_, b) =>
    store
      .applyBatch(Array.from({ length: OBJECTS }, (_, i) => upsert(i, T0 + 3_600_000 + b * 1000)))
      .then((r) => (order.push('batch'), r)),
  );
  const [pruned, ...results] = await Promise.all([prune, ...batches]);

  expect(pruned.removed).toBe(OBJECTS * 118);
  expect(pruned.steps).toBeGreaterThan(10);
  // The batches did not wait for the whole prune.
  expect(order.indexOf('batch')).toBeLessThan(order.indexOf('prune'));
  for (const r of results) expect(r.every((x) => x.status === 'updated')).toBe(true);
  expect((await store.stats()).historyRows).toBe(before - OBJECTS * 118 + OBJECTS * 20);
  const id = (await store.findObjectByKey(sourceId, 'node', 'o7'))!.id;
  const times = (await store.track(id)).times.map((t) => (t - T0) / 1000);
  expect(times).toEqual([0, 60, 120, ...Array.from({ length: 20 }, (_, b) => 3600 + b)]);
});

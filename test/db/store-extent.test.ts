// The extent zoom-to-fit frames (objects.extent), on SQLite and Postgres (when TEST_DATABASE_URL is
// set): the filter's whole extent from the store, trimmed like the renderer's fit.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestOp, Store } from '../../db/store.js';
import type { Geometry } from '../../electron/contract/domain.js';
import { addTestSource, storeTargets } from './store-targets.js';

const T0 = Date.parse('2026-02-01T00:00:00.000Z');
const square = (w: number, s: number, size: number): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [w + size, s],
      [w + size, s + size],
      [w, s + size],
      [w, s],
    ],
  ],
});

describe.each(storeTargets())('the extent to fit on $name', (target) => {
  let store: Store;
  let sourceId: string;
  let n = 0;
  const put = (geom: Geometry, tags: Record<string, string>, source = sourceId): IngestOp => ({
    op: 'upsert',
    sourceId: source,
    type: geom.type === 'Point' ? 'node' : 'way',
    osmId: String(++n),
    tags,
    geom,
    observedAt: T0 + n,
  });

  beforeEach(async () => {
    store = await target.open();
    sourceId = await addTestSource(store, 'file');
  });
  afterEach(() => store.close());
  afterAll(() => target.dispose());

  it('is empty when nothing matches', async () => {
    expect(await store.objectExtent({ text: 'kind=ship' })).toEqual({ count: 0, bbox: null });
  });

  it('spans the matching points, wherever they are, and only those', async () => {
    await store.applyBatch([
      put({ type: 'Point', coordinates: [9.95, 53.54] }, { kind: 'ship', name: 'Hamburg' }),
      put({ type: 'Point', coordinates: [4.4, 51.9] }, { kind: 'ship', name: 'Rotterdam' }),
      put({ type: 'Point', coordinates: [139.7, 35.6] }, { kind: 'car', name: 'Tokyo' }),
    ]);
    expect(await store.objectExtent({ text: 'kind=ship' })).toEqual({ count: 2, bbox: [4.4, 51.9, 9.95, 53.54] });
    expect(await store.objectExtent({ text: 'name="Tokyo"' })).toEqual({ count: 1, bbox: [139.7, 35.6, 139.7, 35.6] });
    expect((await store.objectExtent({})).count).toBe(3);
  });

  it('frames a town, not the sea polygon around it', async () => {
    // 30 buildings in a 0.01° town, one 5° sea polygon and a point in the town.
    const town = Array.from({ length: 30 }, (_, i) =>
      put(square(7.42 + (i % 6) * 0.001, 43.73 + Math.floor(i / 6) * 0.001, 0.0005), { building: 'yes' }),
    );
    await store.applyBatch([
      ...town,
      put(square(5, 40, 5), { natural: 'water' }),
      put({ type: 'Point', coordinates: [7.423, 43.732] }, { amenity: 'cafe' }),
    ]);
    const { count, bbox } = await store.objectExtent({});
    expect(count).toBe(32);
    expect(bbox![0]).toBeGreaterThan(7.41);
    expect(bbox![2]).toBeLessThan(7.43);
    expect(bbox![1]).toBeGreaterThan(43.72);
    expect(bbox![3]).toBeLessThan(43.74);
  });

  it('fits a giant polygon alone whole', async () => {
    await store.applyBatch([put(square(5, 40, 5), { natural: 'water' })]);
    expect(await store.objectExtent({})).toEqual({ count: 1, bbox: [5, 40, 10, 45] });
  });

  it('takes one source of many', async () => {
    const other = await addTestSource(store, 'file');
    await store.applyBatch([
      put({ type: 'Point', coordinates: [1, 2] }, { name: 'a' }),
      put({ type: 'Point', coordinates: [30, 40] }, { name: 'b' }, other),
      put({ type: 'Point', coordinates: [31, 41] }, { name: 'c' }, other),
    ]);
    expect(await store.objectExtent({ source_ids: [other] })).toEqual({ count: 2, bbox: [30, 40, 31, 41] });
  });
});

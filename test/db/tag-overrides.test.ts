// Hand edits that outlive feed updates (issue 20 §1), on SQLite (writer thread and its fast path) and
// Postgres (when TEST_DATABASE_URL is set): the same store, the same answers.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestOp, IngestOpResult, Store } from '../../db/store.js';
import type { Geometry, OsmObject, Tags } from '../../electron/contract/domain.js';
import { addTestSource, storeTargets } from './store-targets.js';

const T0 = Date.parse('2026-02-01T00:00:00.000Z');
const point = (lon: number): Geometry => ({ type: 'Point', coordinates: [lon, 50] });

const objectOf = (r: IngestOpResult | undefined): OsmObject => {
  if (!r || !('object' in r)) throw new Error(`expected an object result, got ${JSON.stringify(r)}`);
  return r.object;
};

describe.each(storeTargets())('hand-edited tags on $name', (target) => {
  let store: Store;
  let sourceId: string;
  let id: string;
  const feed = (tags: Tags, t: number): IngestOp => ({
    op: 'upsert',
    sourceId,
    type: 'node',
    osmId: '244660000',
    tags,
    geom: point((t - T0) / 1000),
    observedAt: t,
  });
  const edit = (t: number, tags: Record<string, string | number | null>, clear?: string[]): IngestOp => ({
    op: 'patch',
    objectId: id,
    tagsMode: 'merge',
    observedAt: t,
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    ...(clear ? { clearOverrides: clear } : {}),
  });

  beforeEach(async () => {
    store = await target.open();
    sourceId = await addTestSource(store, 'ais');
    const [created] = await store.applyBatch([feed({ name: 'Ever Given', kind: 'ship', speed: 5 }, T0)]);
    id = objectOf(created).id;
    // A second feed update, so the writer thread's fast path knows the object before the edit.
    await store.applyBatch([feed({ name: 'Ever Given', kind: 'ship', speed: 6 }, T0 + 1000)]);
  });
  afterEach(() => store.close());
  afterAll(() => target.dispose());

  it('keeps an edited and a removed key through feed updates, with the feed’s latest value beside them', async () => {
    const [edited] = await store.applyBatch([edit(T0 + 2000, { name: 'EVER GIVEN (checked)', kind: null })]);
    expect(objectOf(edited).tags).toEqual({ name: 'EVER GIVEN (checked)', speed: 6 });
    expect(objectOf(edited).overrides).toEqual({
      name: { value: 'EVER GIVEN (checked)', feed: 'Ever Given' },
      kind: { value: null, feed: 'ship' },
    });

    // Two feed updates in one batch (the fast path would coalesce them) and one more after.
    await store.applyBatch([
      feed({ name: 'Ever Given', kind: 'tanker', speed: 7 }, T0 + 3000),
      feed({ name: 'EVERGIVEN', kind: 'tanker', speed: 8 }, T0 + 4000),
    ]);
    const [updated] = await store.applyBatch([
      feed({ name: 'EVERGIVEN', kind: 'tanker', speed: 9, dest: 'NLRTM' }, T0 + 5000),
    ]);
    expect(objectOf(updated).tags).toEqual({ name: 'EVER GIVEN (checked)', speed: 9, dest: 'NLRTM' });
    const stored = await store.getObject(id);
    expect(stored.tags).toEqual({ name: 'EVER GIVEN (checked)', speed: 9, dest: 'NLRTM' });
    expect(stored.overrides).toEqual({
      name: { value: 'EVER GIVEN (checked)', feed: 'EVERGIVEN' },
      kind: { value: null, feed: 'tanker' },
    });
    // Listing carries the overrides too (SQLite builds this page as one JSON document).
    const listed = await store.listObjects({ limit: 10 });
    expect(listed.items.find((o) => o.id === id)?.overrides).toEqual(stored.overrides);
    expect(stored.geom).toEqual(point(5));
  });

  it('lets a feed version observed before the edit but received after it become the current row, the edit kept', async () => {
    // The analyst edits at T0 + 60 s; the feed's next version was made upstream at T0 + 30 s (an OSM
    // element edited before the analyst's edit, polled after it). A tags-only edit observes nothing.
    const [edited] = await store.applyBatch([edit(T0 + 60_000, { name: 'Checked' })]);
    expect(objectOf(edited).observed_at).toBe(new Date(T0 + 1000).toISOString());
    const [upstream] = await store.applyBatch([feed({ name: 'Ever Given', kind: 'tanker', speed: 7 }, T0 + 30_000)]);
    expect(upstream?.status).toBe('updated');
    const stored = await store.getObject(id);
    expect(stored.tags).toEqual({ name: 'Checked', kind: 'tanker', speed: 7 });
    expect(stored.overrides).toEqual({ name: { value: 'Checked', feed: 'Ever Given' } });
    expect(stored.observed_at).toBe(new Date(T0 + 30_000).toISOString());
    expect(stored.geom).toEqual(point(30));
    // A hand edit that moves the object is an observation: its time becomes the object's.
    const [moved] = await store.applyBatch([{ ...edit(T0 + 90_000, {}), geom: point(1) } as IngestOp]);
    expect(objectOf(moved).observed_at).toBe(new Date(T0 + 90_000).toISOString());
  });

  it('gives a cleared key back to the feed’s latest value, and drops the layer when none is left', async () => {
    await store.applyBatch([edit(T0 + 2000, { name: 'Checked', kind: null })]);
    await store.applyBatch([feed({ name: 'EVERGIVEN', kind: 'tanker', speed: 7 }, T0 + 3000)]);

    const [one] = await store.applyBatch([edit(T0 + 4000, {}, ['name'])]);
    expect(objectOf(one).tags).toEqual({ name: 'EVERGIVEN', speed: 7 });
    expect(objectOf(one).overrides).toEqual({ kind: { value: null, feed: 'tanker' } });

    const [all] = await store.applyBatch([edit(T0 + 5000, {}, ['kind'])]);
    expect(objectOf(all).tags).toEqual({ name: 'EVERGIVEN', kind: 'tanker', speed: 7 });
    expect(objectOf(all)).not.toHaveProperty('overrides');

    // No layer left: the feed owns every key again.
    await store.applyBatch([feed({ name: 'Ever Given', kind: 'ship', speed: 8 }, T0 + 6000)]);
    expect((await store.getObject(id)).tags).toEqual({ name: 'Ever Given', kind: 'ship', speed: 8 });
  });

  it('stops overriding a key edited back to the feed’s value', async () => {
    await store.applyBatch([edit(T0 + 2000, { name: 'Checked' })]);
    const [back] = await store.applyBatch([edit(T0 + 3000, { name: 'Ever Given' })]);
    expect(objectOf(back)).not.toHaveProperty('overrides');
    await store.applyBatch([feed({ name: 'EVERGIVEN', kind: 'ship', speed: 7 }, T0 + 4000)]);
    expect((await store.getObject(id)).tags.name).toBe('EVERGIVEN');
  });

  it('lets a re-import change the feed’s tags under the overrides', async () => {
    await store.applyBatch([edit(T0 + 2000, { name: 'Checked' })]);
    const [reimported] = await store.applyBatch([
      {
        op: 'patch',
        objectId: id,
        tags: { name: 'Ever Given II', flag: 'PA' },
        tagsMode: 'merge',
        observedAt: T0 + 3000,
        origin: 'source',
      },
    ]);
    expect(objectOf(reimported).tags).toEqual({ name: 'Checked', kind: 'ship', speed: 6, flag: 'PA' });
    expect(objectOf(reimported).overrides).toEqual({ name: { value: 'Checked', feed: 'Ever Given II' } });
  });

  it('keeps every edit and feed change in the tag history, by whom', async () => {
    await store.applyBatch([edit(T0 + 2000, { name: 'Checked' })]);
    await store.applyBatch([feed({ name: 'EVERGIVEN', kind: 'ship', speed: 7 }, T0 + 3000)]);
    await store.applyBatch([edit(T0 + 4000, {}, ['name'])]);
    const changes = (await store.tagChanges(id)).map((c) => [c.origin, c.set, c.removed]);
    expect(changes).toEqual([
      ['edit', { name: 'EVERGIVEN' }, []],
      ['edit', { name: 'Checked' }, []],
      ['source', { name: 'Ever Given', kind: 'ship' }, []],
    ]);
  });
});

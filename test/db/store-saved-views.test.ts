// Saved views (issue 20 item 7) on SQLite and Postgres (when TEST_DATABASE_URL is set): the same
// store, the same answers.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../db/store.js';
import type { View } from '../../electron/contract/methods/views.js';
import { storeTargets } from './store-targets.js';

const harbour: View = {
  filter: { text: 'kind=ship speed>2', types: ['node'], kinds: ['ship'], source_ids: [] },
  map: { zoom: 14, lat: 43.7384, lon: 7.4246 },
  basemap: 'world',
  time: { live: true, trail_min: 30 },
};
const replay: View = {
  filter: { text: '', types: [], kinds: [], source_ids: ['s1'] },
  time: { at: '2026-02-01T10:00:00.000Z' },
};

describe.each(storeTargets())('saved views on $name', (target) => {
  let store: Store;

  beforeEach(async () => {
    store = await target.open();
  });
  afterEach(() => store.close());
  afterAll(() => target.dispose());

  it('saves views and lists them by name with their JSON as saved', async () => {
    const b = await store.views.save('Harbour', harbour);
    const a = await store.views.save('At ten', replay);
    expect(b).toMatchObject({ name: 'Harbour', view: harbour });
    expect(b.createdAt).toBe(b.updatedAt);
    expect(await store.views.list()).toEqual([a, b]);
    expect(await store.views.find(b.id)).toEqual(b);
    expect(await store.views.find('no-such-view')).toBeUndefined();
  });

  it('replaces the view of a name that exists, keeping its id and creation time', async () => {
    const first = await store.views.save('Harbour', harbour);
    await new Promise((r) => setTimeout(r, 5));
    const second = await store.views.save('Harbour', replay);
    expect(second.id).toBe(first.id);
    expect(second.createdAt).toBe(first.createdAt);
    expect(second.updatedAt).toBeGreaterThan(first.updatedAt);
    expect(await store.views.list()).toEqual([{ ...first, view: replay, updatedAt: second.updatedAt }]);
  });

  it('deletes a view by id and says NOT_FOUND for one that is not there', async () => {
    const v = await store.views.save('Harbour', harbour);
    await store.views.delete(v.id);
    expect(await store.views.list()).toEqual([]);
    await expect(store.views.delete(v.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `Saved view '${v.id}' does not exist.`,
    });
  });
});

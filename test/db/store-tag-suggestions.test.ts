// Tag suggestions for the filter autocompletion, on SQLite and (with TEST_DATABASE_URL) Postgres:
// keys and one key's values in their string form, most frequent first, by prefix, from the newest objects.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestOp, Store } from '../../db/store.js';
import type { Tags } from '../../electron/contract/domain.js';
import { addTestSource, storeTargets } from './store-targets.js';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const tags = (t: Record<string, string | number | boolean>): Tags => Object.assign(Object.create(null) as Tags, t);

describe.each(storeTargets())('store tag suggestions on $name', (target) => {
  let store: Store;
  let sourceId: string;
  /** Stores objects with these tags, the first one observed first. */
  const seed = (all: Record<string, string | number | boolean>[]) =>
    store.applyBatch(
      all.map((t, i): IngestOp => ({
        op: 'upsert',
        sourceId,
        type: 'node',
        osmId: `n${i}`,
        tags: tags(t),
        geom: { type: 'Point', coordinates: [i, 0] },
        observedAt: T0 + i * 1000,
      })),
    );

  beforeEach(async () => {
    store = await target.open();
    sourceId = await addTestSource(store, 'feed');
  });
  afterEach(() => store.close());
  afterAll(() => target.dispose());

  it('answers nothing on an empty store', async () => {
    expect(await store.tagSuggestions({ limit: 10 })).toEqual({ keys: [] });
    expect(await store.tagSuggestions({ key: 'kind', limit: 10 })).toEqual({ values: [] });
  });

  it('answers the keys most frequent first, then A to Z, by ASCII case-insensitive prefix and limit', async () => {
    await seed([
      { kind: 'ship', name: 'A', speed: 3 },
      { kind: 'car', name: 'B' },
      { kind: 'ship', Navy: 'yes' },
      { 'my key': 'x' },
    ]);
    expect(await store.tagSuggestions({ limit: 10 })).toEqual({
      keys: [
        { key: 'kind', count: 3 },
        { key: 'name', count: 2 },
        { key: 'Navy', count: 1 },
        { key: 'my key', count: 1 },
        { key: 'speed', count: 1 },
      ],
    });
    expect(await store.tagSuggestions({ prefix: 'NA', limit: 10 })).toEqual({
      keys: [
        { key: 'name', count: 2 },
        { key: 'Navy', count: 1 },
      ],
    });
    expect(await store.tagSuggestions({ limit: 2 })).toEqual({
      keys: [
        { key: 'kind', count: 3 },
        { key: 'name', count: 2 },
      ],
    });
  });

  it("answers a key's values in their string form, numbers, strings and booleans of the same text merged", async () => {
    await seed([
      { kind: 'ship', speed: 10, flag: true },
      { kind: 'Ship', speed: '10', flag: 'true' },
      { kind: 'ship', speed: 0.5, flag: false },
      { kind: 'car', 'my key': 'a "quoted" value' },
    ]);
    expect(await store.tagSuggestions({ key: 'kind', limit: 10 })).toEqual({
      values: [
        { value: 'ship', count: 2 },
        { value: 'Ship', count: 1 },
        { value: 'car', count: 1 },
      ],
    });
    expect(await store.tagSuggestions({ key: 'kind', prefix: 'SH', limit: 10 })).toEqual({
      values: [
        { value: 'ship', count: 2 },
        { value: 'Ship', count: 1 },
      ],
    });
    expect(await store.tagSuggestions({ key: 'speed', limit: 10 })).toEqual({
      values: [
        { value: '10', count: 2 },
        { value: '0.5', count: 1 },
      ],
    });
    expect(await store.tagSuggestions({ key: 'flag', limit: 10 })).toEqual({
      values: [
        { value: 'true', count: 2 },
        { value: 'false', count: 1 },
      ],
    });
    expect(await store.tagSuggestions({ key: 'my key', limit: 10 })).toEqual({
      values: [{ value: 'a "quoted" value', count: 1 }],
    });
    expect(await store.tagSuggestions({ key: 'nope', limit: 10 })).toEqual({ values: [] });
  });

  it('reads only the most recently observed objects', async () => {
    await seed([{ kind: 'old' }, { kind: 'old' }, { kind: 'new', fresh: 1 }, { kind: 'new' }]);
    expect(await store.tagSuggestions({ key: 'kind', limit: 10, sample: 2 })).toEqual({
      values: [{ value: 'new', count: 2 }],
    });
    expect(await store.tagSuggestions({ limit: 10, sample: 1 })).toEqual({ keys: [{ key: 'kind', count: 1 }] });
  });
});

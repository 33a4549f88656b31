// The store contract suite: the same tests on SQLite (always) and Postgres (when TEST_DATABASE_URL is set).
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestOp, Store } from '../../db/store.js';
import { SORT_FIELDS, type Geometry, type Tags } from '../../electron/contract/domain.js';
import { storeTargets } from './store-targets.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const point = (lon: number, lat: number): Geometry => ({ type: 'Point', coordinates: [lon, lat] });
const tags = (t: Record<string, string | number | boolean>): Tags => Object.assign(Object.create(null) as Tags, t);

describe.each(storeTargets())('store contract on $name', (target) => {
  let store: Store;
  let sourceId: string;
  const upsert = (osmId: string, t: Tags, geom: Geometry, observedAt: number, sid = sourceId): IngestOp => ({
    op: 'upsert',
    sourceId: sid,
    type: 'node',
    osmId,
    tags: t,
    geom,
    observedAt,
  });

  beforeEach(async () => {
    store = await target.open();
    sourceId = (
      await store.createSource({
        name: 'ships',
        description: 'AIS',
        type: 'websocket',
        connectionInfo: { url: 'ws://x' },
        isActive: true,
        tokenHash: 'abc',
      })
    ).id;
  });
  afterEach(() => store.close());
  afterAll(() => target.dispose());

  describe('data sources', () => {
    it('creates, reads, lists, updates, activates and deactivates a source', async () => {
      const s = await store.getSource(sourceId);
      expect(s).toMatchObject({
        name: 'ships',
        description: 'AIS',
        type: 'websocket',
        connection_info: { url: 'ws://x' },
        is_active: true,
      });
      expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date(s.created_at).toISOString()).toBe(s.created_at);
      const u = await store.updateSource(sourceId, {
        name: 'boats',
        isActive: false,
        connectionInfo: { url: 'ws://y' },
      });
      expect(u).toMatchObject({ name: 'boats', is_active: false, connection_info: { url: 'ws://y' } });
      expect((await store.updateSource(sourceId, { isActive: true })).is_active).toBe(true);
      expect((await store.listSources()).map((x) => x.id)).toEqual([sourceId]);
      expect(s).not.toHaveProperty('token_hash');
    });

    it('keeps the push-token hash apart and answers undefined for an unknown source', async () => {
      expect(await store.findSourceTokenHash(sourceId)).toBe('abc');
      await store.updateSource(sourceId, { tokenHash: 'def' });
      expect(await store.findSourceTokenHash(sourceId)).toBe('def');
      expect(await store.findSourceTokenHash('nope')).toBeUndefined();
    });

    it('throws NOT_FOUND for a missing source on get, update and delete, and findSource returns undefined', async () => {
      expect(await store.findSource('nope')).toBeUndefined();
      await expect(store.getSource('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(store.updateSource('nope', { name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(store.deleteSource('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('deletes a source with every object and history row it brought', async () => {
      await store.applyBatch([upsert('1', tags({}), point(1, 1), T0), upsert('1', tags({}), point(1, 2), T0 + 1)]);
      await store.deleteSource(sourceId);
      expect(await store.stats()).toMatchObject({ objects: 0, sources: 0, historyRows: 0 });
    });
  });

  describe('applyBatch', () => {
    it('creates an object, returns it with ISO times, and finds it by id and by key', async () => {
      const [r] = await store.applyBatch([
        upsert('42', tags({ name: 'Ada', kind: 'ship', speed: 3.5 }), point(10, 50), T0),
      ]);
      expect(r).toMatchObject({ op: 'upsert', status: 'created' });
      if (r?.status !== 'created') throw new Error('not created');
      expect(r.object).toMatchObject({
        osm_id: '42',
        type: 'node',
        source_id: sourceId,
        tags: { name: 'Ada', kind: 'ship', speed: 3.5 },
        geom: point(10, 50),
        observed_at: '2026-01-01T00:00:00.000Z',
        tainted: false,
      });
      expect(await store.getObject(r.object.id)).toEqual(r.object);
      expect(await store.findObjectByKey(sourceId, 'node', '42')).toEqual(r.object);
      expect(await store.findObjectByKey(sourceId, 'way', '42')).toBeUndefined();
    });

    it('answers duplicate for the same object and observed_at, keeping one history row', async () => {
      const op = upsert('1', tags({ a: 1 }), point(0, 0), T0);
      await store.applyBatch([op]);
      const [r] = await store.applyBatch([op]);
      expect(r?.status).toBe('duplicate');
      const id = (await store.findObjectByKey(sourceId, 'node', '1'))!.id;
      expect(await store.history(id)).toHaveLength(1);
    });

    it('keeps every observation of one batch in history and the newest as the current row', async () => {
      const results = await store.applyBatch([
        upsert('1', tags({ v: 1 }), point(0, 0), T0 + 1000),
        upsert('1', tags({ v: 3 }), point(0, 3), T0 + 3000),
        upsert('1', tags({ v: 2 }), point(0, 2), T0 + 2000),
      ]);
      expect(results.map((r) => r.status)).toEqual(['created', 'updated', 'updated']);
      const current = (await store.findObjectByKey(sourceId, 'node', '1'))!;
      expect(current.tags).toEqual({ v: 3 });
      expect(current.observed_at).toBe(new Date(T0 + 3000).toISOString());
      const hist = await store.history(current.id, { ascending: true });
      expect(hist.map((h) => h.tags)).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }]);
    });

    it('answers newer observations of a known object with the object as stored, each in history', async () => {
      await store.applyBatch([upsert('k', tags({ name: 'K', v: 0 }), point(0, 0), T0)]);
      const results = await store.applyBatch([
        upsert('k', tags({ name: 'K', v: 1 }), point(1, 1), T0 + 1000),
        upsert('k', tags({ name: 'L', v: 2 }), point(2, 2), T0 + 2000),
      ]);
      expect(results.map((r) => r.status)).toEqual(['updated', 'updated']);
      const current = (await store.findObjectByKey(sourceId, 'node', 'k'))!;
      expect(results[1]).toEqual({ op: 'upsert', status: 'updated', object: current, observedMs: T0 + 2000 });
      expect(results[0]).toMatchObject({ object: { tags: { v: 1 }, geom: point(1, 1), id: current.id } });
      expect(current).toMatchObject({ tags: { name: 'L', v: 2 }, observed_at: new Date(T0 + 2000).toISOString() });
      expect((await store.listObjects({ filter: { tags: [{ key: 'name', op: '=', value: 'L' }] } })).total).toBe(1);
      expect((await store.history(current.id)).map((h) => h.tags)).toEqual([
        { name: 'L', v: 2 },
        { name: 'K', v: 1 },
        { name: 'K', v: 0 },
      ]);
    });

    it('gives every result its object observed_at as epoch ms: created, newer, older, duplicate, patch', async () => {
      const [created] = await store.applyBatch([upsert('m', tags({ v: 0 }), point(0, 0), T0 + 5000)]);
      const id = (created as { object: { id: string } }).object.id;
      const results = await store.applyBatch([
        upsert('m', tags({ v: 1 }), point(1, 0), T0 + 6000),
        upsert('m', tags({ v: 2 }), point(2, 0), T0 + 1000),
        upsert('m', tags({ v: 1 }), point(1, 0), T0 + 6000),
        { op: 'patch', objectId: id, tags: { note: 'x' }, tagsMode: 'merge', observedAt: T0 + 7000 },
      ]);
      const all = [created, ...results];
      expect(all.map((r) => r?.status)).toEqual(['created', 'updated', 'updated', 'duplicate', 'updated']);
      for (const r of all) {
        const { object, observedMs } = r as { object: { observed_at: string }; observedMs: number };
        expect(observedMs).toBe(Date.parse(object.observed_at));
      }
      // The hand edit of tags alone observes nothing: the object keeps its time.
      expect(all.map((r) => (r as { observedMs: number }).observedMs)).toEqual([
        T0 + 5000,
        T0 + 6000,
        T0 + 6000,
        T0 + 6000,
        T0 + 6000,
      ]);
    });

    it('settles the batches a caller may hand over at once in call order', async () => {
      const [c] = await store.applyBatch([upsert('p', tags({ step: 0 }), point(0, 0), T0)]);
      const id = c?.status === 'created' ? c.object.id : '';
      const patch = (step: number): IngestOp => ({
        op: 'patch',
        objectId: id,
        tags: { step },
        tagsMode: 'merge',
        observedAt: T0 + step,
      });
      const settled: number[] = [];
      const inFlight = Array.from({ length: store.maxBatchesInFlight ?? 1 }, (_, i) =>
        store.applyBatch([patch(2 * i + 1), patch(2 * i + 2)]).then((r) => (settled.push(i), r)),
      );
      const results = (await Promise.all(inFlight)).flat();
      expect(results.every((r) => r.status === 'updated')).toBe(true);
      expect(settled).toEqual(inFlight.map((_, i) => i));
      expect((await store.getObject(id)).tags.step).toBe(2 * inFlight.length);
    });

    it('rejects an upsert for an unknown source but applies the rest of the batch, in op order', async () => {
      const results = await store.applyBatch([
        upsert('1', tags({}), point(0, 0), T0, 'missing-source'),
        upsert('2', tags({}), point(0, 0), T0),
      ]);
      expect(results[0]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
      expect(results[1]).toMatchObject({ status: 'created' });
    });

    it('merges tags on patch with null deleting a key, and replaces them in replace mode', async () => {
      const [c] = await store.applyBatch([upsert('1', tags({ name: 'A', kind: 'car', speed: 1 }), point(0, 0), T0)]);
      const id = c?.status === 'created' ? c.object.id : '';
      const [m] = await store.applyBatch([
        { op: 'patch', objectId: id, tags: { name: 'B', speed: null }, tagsMode: 'merge', observedAt: T0 + 1 },
      ]);
      expect(m).toMatchObject({ status: 'updated', object: { tags: { name: 'B', kind: 'car' } } });
      const [r] = await store.applyBatch([
        { op: 'patch', objectId: id, tags: { x: 1 }, tagsMode: 'replace', geom: point(5, 5), observedAt: T0 + 2 },
      ]);
      expect(r).toMatchObject({ status: 'updated', object: { tags: { x: 1 }, geom: point(5, 5) } });
      expect((await store.getObject(id)).tags).toEqual({ x: 1 });
      // History holds every accepted change: the first sighting and both edits; the tag changes say what changed.
      expect(await store.history(id)).toHaveLength(3);
      expect((await store.tagChanges(id)).map((c) => [c.origin, c.set, c.removed])).toEqual([
        ['edit', { x: 1 }, ['kind', 'name']],
        ['edit', { name: 'B' }, []],
        ['source', { name: 'A', kind: 'car' }, []],
      ]);
    });

    it('rejects a patch of a missing object with NOT_FOUND', async () => {
      const [r] = await store.applyBatch([
        { op: 'patch', objectId: 'nope', tags: { a: 1 }, tagsMode: 'merge', observedAt: T0 },
      ]);
      expect(r).toMatchObject({ op: 'patch', status: 'rejected', code: 'NOT_FOUND' });
    });

    it('deletes an object with its history, and answers missing the second time', async () => {
      const [c] = await store.applyBatch([upsert('1', tags({}), point(0, 0), T0)]);
      const id = c?.status === 'created' ? c.object.id : '';
      const before = Date.now();
      const [d] = await store.applyBatch([{ op: 'delete', objectId: id }]);
      expect(d).toMatchObject({ op: 'delete', status: 'deleted', objectId: id, sourceId, type: 'node', osmId: '1' });
      // A local delete counts from now (the object's observation is older).
      expect(d && 'observedMs' in d ? d.observedMs : 0).toBeGreaterThanOrEqual(before);
      expect(await store.applyBatch([{ op: 'delete', objectId: id }])).toEqual([
        { op: 'delete', status: 'missing', objectId: id },
      ]);
      expect(await store.findObject(id)).toBeUndefined();
      await expect(store.getObject(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await store.stats()).historyRows).toBe(0);
    });

    describe('tombstones', () => {
      const del = (osmId: string, observedAt?: number): IngestOp => ({
        op: 'delete',
        objectId: '',
        key: { sourceId, type: 'node', osmId },
        ...(observedAt === undefined ? {} : { observedAt }),
      });
      const idOf = async (osmId: string) => (await store.findObjectByKey(sourceId, 'node', osmId))?.id;

      it('refuses an observation at or before a delete, in a later batch and later in the same batch, and takes a newer one', async () => {
        const [c] = await store.applyBatch([upsert('1', tags({}), point(0, 0), T0)]);
        const id = c?.status === 'created' ? c.object.id : '';
        const [d] = await store.applyBatch([{ op: 'delete', objectId: id, observedAt: T0 + 1000 }]);
        expect(d).toMatchObject({ status: 'deleted', observedMs: T0 + 1000 });
        const late = await store.applyBatch([
          upsert('1', tags({}), point(1, 1), T0 + 500),
          upsert('1', tags({}), point(1, 1), T0 + 1000),
        ]);
        expect(late.map((r) => [r.status, 'code' in r ? r.code : undefined])).toEqual([
          ['rejected', 'CONFLICT'],
          ['rejected', 'CONFLICT'],
        ]);
        expect(late[0]).toMatchObject({ reason: expect.stringMatching(/was deleted at 2026-01-01T00:00:01.000Z/) });
        expect(await idOf('1')).toBeUndefined();
        // In one batch: created, deleted at its time, then an older observation refused.
        const same = await store.applyBatch([
          upsert('2', tags({}), point(0, 0), T0),
          del('2', T0 + 100),
          upsert('2', tags({}), point(0, 0), T0 + 50),
        ]);
        expect(same.map((r) => r.status)).toEqual(['created', 'deleted', 'rejected']);
        // A newer observation brings the object back, with only itself in history.
        const [back] = await store.applyBatch([upsert('1', tags({ v: 2 }), point(2, 2), T0 + 2000)]);
        expect(back?.status).toBe('created');
        expect((await store.history((await idOf('1'))!)).length).toBe(1);
      });

      it('applies a replayed delete only over older observations, keeps tombstones of absent keys, and is idempotent', async () => {
        await store.applyBatch([upsert('1', tags({}), point(0, 0), T0 + 5000)]);
        // The delete is older than the stored observation: the object stays.
        expect((await store.applyBatch([del('1', T0 + 1000)]))[0]).toMatchObject({ status: 'missing' });
        expect(await idOf('1')).toBeDefined();
        expect((await store.applyBatch([upsert('1', tags({}), point(0, 0), T0 + 900)]))[0]?.status).toBe('rejected');
        // A delete of a key never seen here leaves its tombstone: the late observation stays out.
        expect((await store.applyBatch([del('9', T0 + 1000)]))[0]).toMatchObject({
          status: 'deleted',
          sourceId,
          osmId: '9',
          observedMs: T0 + 1000,
        });
        expect((await store.applyBatch([del('9', T0 + 1000)]))[0]).toMatchObject({ status: 'missing' });
        expect((await store.applyBatch([del('9', T0 + 500)]))[0]).toMatchObject({ status: 'missing' });
        expect((await store.applyBatch([upsert('9', tags({}), point(0, 0), T0 + 999)]))[0]?.status).toBe('rejected');
        expect((await store.applyBatch([upsert('9', tags({}), point(0, 0), T0 + 1001)]))[0]?.status).toBe('created');
        // A later delete moves the tombstone forward and removes the object again.
        expect((await store.applyBatch([del('9', T0 + 3000)]))[0]).toMatchObject({ status: 'deleted' });
        expect(await idOf('9')).toBeUndefined();
        expect((await store.applyBatch([upsert('9', tags({}), point(0, 0), T0 + 2000)]))[0]?.status).toBe('rejected');
      });

      it('forgets the tombstones of a deleted source', async () => {
        await store.applyBatch([del('1', T0)]);
        await store.deleteSource(sourceId);
        const again = await store.createSource({
          id: sourceId,
          name: 'again',
          description: '',
          type: 'rest',
          connectionInfo: {},
          isActive: false,
          tokenHash: 'x',
        });
        expect((await store.applyBatch([upsert('1', tags({}), point(0, 0), T0 - 1, again.id)]))[0]?.status).toBe(
          'created',
        );
      });
    });

    it('keeps an older observation from a later batch in history without overwriting the current row', async () => {
      await store.applyBatch([upsert('1', tags({ v: 2 }), point(2, 2), T0 + 2000)]);
      const [r] = await store.applyBatch([upsert('1', tags({ v: 1 }), point(1, 1), T0 + 1000)]);
      expect(r).toMatchObject({ status: 'updated', object: { tags: { v: 2 } } });
      const current = (await store.findObjectByKey(sourceId, 'node', '1'))!;
      expect(current.tags).toEqual({ v: 2 });
      expect((await store.history(current.id)).map((h) => h.tags)).toEqual([{ v: 2 }, { v: 1 }]);
    });

    it('rejects a geometry without positions with INVALID_INPUT and accepts one with positions', async () => {
      const results = await store.applyBatch([
        upsert('empty', tags({}), { type: 'LineString', coordinates: [] }, T0),
        upsert(
          'line',
          tags({}),
          {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [1, 1],
            ],
          },
          T0,
        ),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'created']);
      expect(results[0]).toMatchObject({ code: 'INVALID_INPUT', reason: expect.stringMatching(/^Field 'geom'.*\.$/) });
    });

    it('moves the spatial index with the object, so a bbox filter finds it only where it is now', async () => {
      const [c] = await store.applyBatch([upsert('m', tags({}), point(10, 10), T0)]);
      const id = c?.status === 'created' ? c.object.id : '';
      const at = (w: number, s2: number) => store.countObjects({ bbox: [w, s2, w + 1, s2 + 1] });
      expect([await at(9.5, 9.5), await at(19.5, 19.5)]).toEqual([1, 0]);
      await store.applyBatch([upsert('m', tags({}), point(20, 20), T0 + 1)]);
      expect([await at(9.5, 9.5), await at(19.5, 19.5)]).toEqual([0, 1]);
      await store.applyBatch([
        { op: 'patch', objectId: id, tagsMode: 'merge', geom: point(-30, -30), observedAt: T0 + 2 },
      ]);
      expect([await at(19.5, 19.5), await at(-30.5, -30.5)]).toEqual([0, 1]);
      await store.applyBatch([{ op: 'delete', objectId: id }]);
      expect(await at(-30.5, -30.5)).toBe(0);
    });

    it('keeps the tainted flag', async () => {
      const [c] = await store.applyBatch([
        {
          ...upsert(
            'w1',
            tags({}),
            {
              type: 'LineString',
              coordinates: [
                [0, 0],
                [1, 1],
              ],
            },
            T0,
          ),
          type: 'way',
          tainted: true,
        } as IngestOp,
      ]);
      expect(c).toMatchObject({ status: 'created', object: { tainted: true, type: 'way' } });
    });
  });

  describe('reading', () => {
    beforeEach(async () => {
      await store.applyBatch([
        upsert('a', tags({ name: 'Charlie', kind: 'ship', speed: 5, altitude: 0 }), point(1, 1), T0 + 1),
        upsert('b', tags({ name: 'alpha', kind: 'car', speed: 20, altitude: -3.5 }), point(2, 2), T0 + 2),
        upsert('c', tags({ name: 'Bravo', kind: 'ship', speed: 'fast' }), point(3, 3), T0 + 3),
        upsert('d', tags({ kind: 'drone' }), point(4, 4), T0 + 4),
      ]);
    });

    it('lists newest first by default with the total', async () => {
      const page = await store.listObjects({});
      expect(page.total).toBe(4);
      expect(page.items.map((o) => o.osm_id)).toEqual(['d', 'c', 'b', 'a']);
    });

    it('sorts by name, kind, speed and altitude (numbers only, missing last) in both directions', async () => {
      const ids = async (field: 'name' | 'kind' | 'speed' | 'altitude', dir: 'asc' | 'desc') =>
        (await store.listObjects({ sort: { field, dir } })).items.map((o) => o.osm_id);
      expect(await ids('name', 'asc')).toEqual(['c', 'a', 'b', 'd']);
      expect(await ids('name', 'desc')).toEqual(['b', 'a', 'c', 'd']);
      expect((await ids('kind', 'asc'))[0]).toBe('b');
      expect(await ids('speed', 'desc')).toEqual(
        ['b', 'a', 'c', 'd'].slice(0, 2).concat(expect.any(String), expect.any(String)),
      );
      expect((await ids('speed', 'asc')).slice(0, 2)).toEqual(['a', 'b']);
      expect((await ids('altitude', 'desc')).slice(0, 2)).toEqual(['a', 'b']);
      expect((await ids('altitude', 'asc')).slice(0, 2)).toEqual(['b', 'a']);
    });

    it('pages with limit and offset and still reports the total', async () => {
      const p = await store.listObjects({ sort: { field: 'osm_id', dir: 'asc' }, limit: 2, offset: 1 });
      expect(p.items.map((o) => o.osm_id)).toEqual(['b', 'c']);
      expect(p.total).toBe(4);
      expect(await store.countObjects()).toBe(4);
    });

    it('filters by bbox and tag through the filter compiler', async () => {
      const filter = {
        bbox: [0.5, 0.5, 3.5, 3.5] as [number, number, number, number],
        tags: [{ key: 'kind', op: '=' as const, value: 'ship' }],
      };
      const page = await store.listObjects({ filter, sort: { field: 'osm_id', dir: 'asc' } });
      expect(page.items.map((o) => o.osm_id)).toEqual(['a', 'c']);
      expect(await store.countObjects(filter)).toBe(2);
    });

    it('streams every object in pages', async () => {
      const pages: string[][] = [];
      for await (const page of store.iterateObjects({ sort: { field: 'osm_id', dir: 'asc' } }, 3))
        pages.push(page.map((o) => o.osm_id));
      expect(pages).toEqual([['a', 'b', 'c'], ['d']]);
    });

    it('streams raw rows with JSON text in pages, filtered, each object once', async () => {
      const ids: string[] = [];
      const pages: number[] = [];
      for await (const rows of store.iterateObjectRows({}, 3)) {
        pages.push(rows.length);
        for (const r of rows) {
          ids.push(r.osm_id);
          expect(JSON.parse(r.geom)).toEqual((await store.getObject(r.id)).geom);
          expect(JSON.parse(r.tags)).toEqual((await store.getObject(r.id)).tags);
          expect(typeof r.observed_at).toBe('number');
        }
      }
      expect(pages).toEqual([3, 1]);
      expect(ids.sort()).toEqual(['a', 'b', 'c', 'd']);
      const ships: string[] = [];
      for await (const rows of store.iterateObjectRows({ filter: { tags: [{ key: 'kind', op: '=', value: 'ship' }] } }))
        ships.push(...rows.map((r) => r.osm_id));
      expect(ships.sort()).toEqual(['a', 'c']);
    });

    it('pages through every sort field, with ties and missing values, in exactly the listing order', async () => {
      await store.applyBatch([
        upsert('e', tags({ name: 'alpha', speed: 5 }), point(5, 5), T0 + 2),
        upsert('f', tags({ name: 'Bravo', speed: 5 }), point(6, 6), T0 + 2),
        upsert('g', tags({ speed: 5 }), point(7, 7), T0 + 2),
      ]);
      for (const field of SORT_FIELDS) {
        for (const dir of ['asc', 'desc'] as const) {
          const expected = (await store.listObjects({ sort: { field, dir }, limit: 100 })).items.map((o) => o.osm_id);
          const paged: string[] = [];
          for await (const page of store.iterateObjects({ sort: { field, dir } }, 2))
            paged.push(...page.map((o) => o.osm_id));
          expect(paged, `${field} ${dir}`).toEqual(expected);
          expect(paged).toHaveLength(7);
        }
      }
    });

    it('reads history newest first, bounded by time and limit, and throws NOT_FOUND for an unknown object', async () => {
      const id = (await store.findObjectByKey(sourceId, 'node', 'a'))!.id;
      await store.applyBatch([
        upsert('a', tags({ v: 2 }), point(1, 1), T0 + 10),
        upsert('a', tags({ v: 3 }), point(1, 1), T0 + 20),
      ]);
      const all = await store.history(id);
      expect(all.map((h) => h.observed_at)).toEqual([T0 + 20, T0 + 10, T0 + 1].map((t) => new Date(t).toISOString()));
      expect(all[0]).toMatchObject({ object_id: id, tags: { v: 3 }, geom: point(1, 1) });
      expect(await store.history(id, { limit: 1, ascending: true })).toHaveLength(1);
      expect(
        (
          await store.history(id, { after: new Date(T0 + 5).toISOString(), before: new Date(T0 + 15).toISOString() })
        ).map((h) => h.tags),
      ).toEqual([{ v: 2 }]);
      await expect(store.history('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('reports counts in stats', async () => {
      expect(await store.stats()).toMatchObject({ objects: 4, sources: 1, historyRows: 4 });
      expect((await store.stats()).databaseBytes).toBeGreaterThan(0);
    });
  });
});

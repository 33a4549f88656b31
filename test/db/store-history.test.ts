// The history half of the store contract (issue 14), on SQLite and (with TEST_DATABASE_URL) Postgres:
// state at any moment against a brute-force scan, tracks, trails, the time range and tag changes.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestOp, Store } from '../../db/store.js';
import { SORT_FIELDS, trackSchema, type Geometry, type OsmObject, type Tags } from '../../electron/contract/domain.js';
import { addTestSource, storeTargets } from './store-targets.js';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const point = (lon: number, lat: number): Geometry => ({ type: 'Point', coordinates: [lon, lat] });
const tags = (t: Record<string, string | number | boolean>): Tags => Object.assign(Object.create(null) as Tags, t);
const e7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Observation {
  osmId: string;
  t: number;
  tags: Tags;
  geom: Geometry;
}

describe.each(storeTargets())('store history on $name', (target) => {
  let store: Store;
  let sourceId: string;
  const upsert = (osmId: string, t: Tags, geom: Geometry, observedAt: number): IngestOp => ({
    op: 'upsert',
    sourceId,
    type: 'node',
    osmId,
    tags: t,
    geom,
    observedAt,
  });
  const idOf = async (osmId: string) => (await store.findObjectByKey(sourceId, 'node', osmId))!.id;

  beforeEach(async () => {
    store = await target.open();
    sourceId = await addTestSource(store, 'ships');
  });
  afterEach(() => store.close());
  afterAll(() => target.dispose());

  it('answers the objects at any moment exactly as a scan of every accepted observation would (random, out of order)', async () => {
    const next = rng(42);
    const all: Observation[] = [];
    for (let i = 0; i < 400; i++) {
      const osmId = `s${Math.floor(next() * 8)}`;
      const t = T0 + Math.floor(next() * 600) * 1000;
      const t2: Record<string, string | number> = { kind: 'ship', name: `${osmId} ${Math.floor(next() * 3)}` };
      if (next() < 0.7) t2.speed = Math.round(next() * 200) / 10;
      if (next() < 0.2) t2.heading = next() < 0.5 ? 'N' : Math.floor(next() * 360);
      if (next() < 0.2) t2.flag = 'x';
      all.push({ osmId, t, tags: tags(t2), geom: point(7 + next(), 43 + next()) });
    }
    // Random batches, in arrival order: late and repeated observations included.
    for (let i = 0; i < all.length;) {
      const n = 1 + Math.floor(next() * 30);
      await store.applyBatch(all.slice(i, i + n).map((o) => upsert(o.osmId, o.tags, o.geom, o.t)));
      i += n;
    }
    // The first observation of a (key, time) is the one kept; a repeat is a duplicate.
    const accepted = new Map<string, Observation>();
    for (const o of all) if (!accepted.has(`${o.osmId}@${o.t}`)) accepted.set(`${o.osmId}@${o.t}`, o);
    const expectedAt = (at: number) => {
      const latest = new Map<string, Observation>();
      for (const o of accepted.values()) {
        const seen = latest.get(o.osmId);
        if (o.t <= at && (!seen || o.t > seen.t)) latest.set(o.osmId, o);
      }
      return [...latest.values()]
        .map((o) => ({
          osm_id: o.osmId,
          observed_at: new Date(o.t).toISOString(),
          tags: { ...o.tags },
          geom: point(...((o.geom as { coordinates: number[] }).coordinates.map(e7) as [number, number])),
        }))
        .sort((a, b) => a.osm_id.localeCompare(b.osm_id));
    };
    const shape = (items: OsmObject[]) =>
      items
        .map((o) => ({ osm_id: o.osm_id, observed_at: o.observed_at, tags: { ...o.tags }, geom: o.geom }))
        .sort((a, b) => a.osm_id.localeCompare(b.osm_id));
    for (let k = 0; k < 25; k++) {
      const at = T0 + Math.floor(next() * 620 - 10) * 1000 + (k % 2) * 500;
      const { items } = await store.listObjects({ at, limit: 100 });
      expect(shape(items)).toEqual(expectedAt(at));
    }
    // The filter applies to the state then: a name and a speed as they were.
    const at = T0 + 300_000;
    const then = expectedAt(at);
    const fast = await store.listObjects({ at, filter: { text: 'speed>10' }, limit: 100 });
    expect(fast.items.map((o) => o.osm_id).sort()).toEqual(
      then.filter((o) => typeof o.tags.speed === 'number' && o.tags.speed > 10).map((o) => o.osm_id),
    );
    expect(fast.total).toBe(fast.items.length);
    const first = then[0]!;
    const named = await store.listObjects({ at, filter: { q: String(first.tags.name) }, limit: 100 });
    expect(named.items.map((o) => o.osm_id)).toContain(first.osm_id);
    expect(named.items.every((o) => o.tags.name === first.tags.name)).toBe(true);
  });

  it('sorts and pages the objects at a moment as the current listing does, for every sort field', async () => {
    // Names SQLite orders by UTF-8 bytes where UTF-16 code units disagree, numbers as text, none at all.
    const names = ['\u{1F6A2} ferry', '\uFF5E tilde', 'Zeta', 'alpha', '10', '9', 'élan', undefined, 'alpha'];
    const ops = names.map((name, i) => {
      const t: Record<string, string | number> = { kind: i % 3 === 0 ? 'ship' : 'car' };
      if (name !== undefined) t.name = name;
      if (i % 4 !== 0) t.speed = (i * 7) % 5;
      if (i % 2 === 0) t.altitude = i % 3 === 0 ? 'high' : i * 10;
      return upsert(`o${(i * 5) % 9}`, tags(t), point(i, i), T0 + ((i * 3) % 4) * 1000);
    });
    await store.applyBatch(ops);
    const at = T0 + 60_000;
    for (const field of SORT_FIELDS) {
      for (const dir of ['asc', 'desc'] as const) {
        for (const [offset, limit] of [
          [0, 100],
          [2, 3],
          [8, 5],
        ] as const) {
          const now = await store.listObjects({ sort: { field, dir }, offset, limit });
          const then = await store.listObjects({ sort: { field, dir }, offset, limit, at });
          expect(
            then.items.map((o) => o.osm_id),
            `${field} ${dir} ${offset}+${limit}`,
          ).toEqual(now.items.map((o) => o.osm_id));
          expect(then.total).toBe(9);
        }
      }
    }
  });

  it('keeps a moved object out of a past bbox and finds it where it was', async () => {
    await store.applyBatch([upsert('m', tags({ kind: 'car' }), point(1, 1), T0)]);
    await store.applyBatch([upsert('m', tags({ kind: 'car' }), point(50, 50), T0 + 60_000)]);
    const box = (at: number, bbox: [number, number, number, number]) =>
      store.listObjects({ at, filter: { bbox } }).then((r) => r.items.map((o) => o.osm_id));
    expect(await box(T0 + 1000, [0, 0, 2, 2])).toEqual(['m']);
    expect(await box(T0 + 1000, [49, 49, 51, 51])).toEqual([]);
    expect(await box(T0 + 60_000, [49, 49, 51, 51])).toEqual(['m']);
    expect(await box(T0 - 1, [-180, -90, 180, 90])).toEqual([]);
  });

  it('counts the objects at a moment without rows (limit 0), as the status bar asks', async () => {
    await store.applyBatch([upsert('m', tags({ kind: 'car' }), point(1, 1), T0)]);
    await store.applyBatch([upsert('n', tags({ kind: 'car' }), point(2, 2), T0 + 1000)]);
    await store.applyBatch([upsert('m', tags({ kind: 'car' }), point(50, 50), T0 + 60_000)]);
    const count = (at: number, bbox?: [number, number, number, number]) =>
      store.listObjects({ at, limit: 0, ...(bbox ? { filter: { bbox } } : {}) });
    expect(await count(T0 + 500)).toEqual({ items: [], total: 1 });
    expect((await count(T0 + 2000)).total).toBe(2);
    expect((await count(T0 + 2000, [0, 0, 3, 3])).total).toBe(2);
    expect((await count(T0 + 60_000, [0, 0, 3, 3])).total).toBe(1);
    expect((await count(T0 - 1)).total).toBe(0);
  });

  it('answers a way at a moment with its geometry then', async () => {
    const line = (x: number): Geometry => ({
      type: 'LineString',
      coordinates: [
        [x, 0],
        [x + 1, 1],
      ],
    });
    const way = (g: Geometry, t: number, tg: Tags): IngestOp => ({
      op: 'upsert',
      sourceId,
      type: 'way',
      osmId: 'w',
      tags: tg,
      geom: g,
      observedAt: t,
    });
    await store.applyBatch([way(line(0), T0, tags({ highway: 'residential' }))]);
    await store.applyBatch([way(line(5), T0 + 10, tags({ highway: 'primary' }))]);
    const [before] = (await store.listObjects({ at: T0 + 5 })).items;
    expect(before).toMatchObject({ geom: line(0), tags: { highway: 'residential' } });
    const [after] = (await store.listObjects({ at: T0 + 10 })).items;
    expect(after).toMatchObject({ geom: line(5), tags: { highway: 'primary' } });
    const id = (await store.findObjectByKey(sourceId, 'way', 'w'))!.id;
    expect(await store.findObject(id, T0 + 5)).toMatchObject({
      geom: line(0),
      observed_at: new Date(T0).toISOString(),
    });
    expect(await store.findObject(id, T0 - 1)).toBeUndefined();
  });

  it('returns a track oldest first within a window, the newest positions when truncated', async () => {
    const ops = Array.from({ length: 20 }, (_, i) =>
      upsert(
        't',
        tags({ kind: 'ship', speed: i, ...(i % 2 ? { altitude: i * 10 } : {}) }),
        point(i / 10, 1),
        T0 + i * 1000,
      ),
    );
    await store.applyBatch(ops.slice(10));
    await store.applyBatch(ops.slice(0, 10));
    const id = await idOf('t');
    const whole = await store.track(id);
    expect(whole.times).toEqual(ops.map((_, i) => T0 + i * 1000));
    expect(whole.lon).toEqual(ops.map((_, i) => i / 10));
    expect(whole.lat).toEqual(ops.map(() => 1));
    expect(trackSchema.safeParse(whole).success).toBe(true);
    expect(whole.speed).toEqual(ops.map((_, i) => i));
    expect(whole.altitude).toEqual(ops.map((_, i) => (i % 2 ? i * 10 : null)));
    expect(whole.heading.every((h) => h === null)).toBe(true);
    expect(whole.truncated).toBe(false);
    const window = await store.track(id, { from: T0 + 5000, to: T0 + 7000 });
    expect(window.times).toEqual([T0 + 5000, T0 + 6000, T0 + 7000]);
    const last = await store.track(id, { limit: 3 });
    expect(last).toMatchObject({
      times: [T0 + 17_000, T0 + 18_000, T0 + 19_000],
      lon: [1.7, 1.8, 1.9],
      lat: [1, 1, 1],
      speed: [17, 18, 19],
      heading: [null, null, null],
      altitude: [170, null, 190],
      truncated: true,
    });
    expect(await store.track(id, { from: T0 - 2000, to: T0 - 1000 })).toEqual({
      id,
      times: [],
      lon: [],
      lat: [],
      speed: [],
      heading: [],
      altitude: [],
      truncated: false,
    });
    await expect(store.track('no-such-object')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives each matching object its trail up to a moment, and the stored time range', async () => {
    expect(await store.timeRange()).toEqual({ from: null, to: null });
    for (let i = 0; i < 10; i++) {
      await store.applyBatch([
        upsert('a', tags({ kind: 'ship' }), point(i, 0), T0 + i * 60_000),
        upsert('b', tags({ kind: i < 5 ? 'ship' : 'car' }), point(0, i), T0 + i * 60_000 + 1),
      ]);
    }
    const at = T0 + 4 * 60_000 + 500;
    const trails = await store.trails({
      at,
      windowMs: 3 * 60_000,
      limit: 10,
      maxPoints: 2,
      filter: { kinds: ['ship'] },
    });
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(trails.sort(byId)).toEqual(
      [
        {
          id: await idOf('a'),
          points: [
            [T0 + 2 * 60_000, 2, 0],
            [T0 + 4 * 60_000, 4, 0],
          ],
        },
        {
          id: await idOf('b'),
          points: [
            [T0 + 2 * 60_000 + 1, 0, 2],
            [T0 + 4 * 60_000 + 1, 0, 4],
          ],
        },
      ].sort(byId),
    );
    // More points than asked for: spread evenly over the window, the first and the last kept.
    const even = await store.trails({
      at: T0 + 9 * 60_000,
      windowMs: 10 * 60_000,
      limit: 10,
      maxPoints: 4,
      filter: { q: 'a' },
    });
    expect(even.find((t) => t.points.length > 0)?.points.map((p) => (p[0] - T0) / 60_000)).toEqual([0, 3, 6, 9]);
    // At the end, b is a car: the filter applies to the state at the moment.
    const late = await store.trails({
      at: T0 + 9 * 60_000 + 1,
      windowMs: 60_000,
      limit: 10,
      maxPoints: 10,
      filter: { kinds: ['ship'] },
    });
    expect(late.map((t) => t.id)).toEqual([await idOf('a')]);
    expect(await store.timeRange()).toEqual({ from: T0, to: T0 + 9 * 60_000 + 1 });
  });

  it('records tag changes only when the tags change, a late observation in its place, and edits as such', async () => {
    const ship = (name: string, speed: number) => tags({ kind: 'ship', name, speed });
    await store.applyBatch([upsert('c', ship('A', 1), point(0, 0), T0)]);
    await store.applyBatch([upsert('c', ship('A', 2), point(0, 1), T0 + 10)]);
    await store.applyBatch([upsert('c', ship('B', 3), point(0, 2), T0 + 20)]);
    await store.applyBatch([upsert('c', ship('A', 4), point(0, 3), T0 + 30)]);
    // Late: at T0+15 the ship said "Z"; from T0+20 on it is B again, as observed then.
    await store.applyBatch([upsert('c', ship('Z', 5), point(0, 9), T0 + 15)]);
    const id = await idOf('c');
    const nameAt = async (at: number) => (await store.listObjects({ at })).items[0]?.tags.name;
    expect(await Promise.all([T0, T0 + 12, T0 + 15, T0 + 19, T0 + 20, T0 + 30].map(nameAt))).toEqual([
      'A',
      'A',
      'Z',
      'Z',
      'B',
      'A',
    ]);
    expect((await store.listObjects({ at: T0 + 15 })).items[0]).toMatchObject({
      tags: { speed: 5 },
      geom: point(0, 9),
    });
    const [edit] = await store.applyBatch([
      { op: 'patch', objectId: id, tags: { name: 'Mine', note: 'x' }, tagsMode: 'merge', observedAt: T0 + 40 },
    ]);
    expect(edit).toMatchObject({ status: 'updated' });
    const changes = await store.tagChanges(id);
    expect(changes.map((c) => [Date.parse(c.at) - T0, c.origin, c.set, c.previous, c.removed])).toEqual([
      [40, 'edit', { name: 'Mine', note: 'x' }, { name: 'A' }, []],
      [30, 'source', { name: 'A' }, { name: 'B' }, []],
      [20, 'source', { name: 'B' }, { name: 'Z' }, []],
      [15, 'source', { name: 'Z' }, { name: 'A' }, []],
      [0, 'source', { kind: 'ship', name: 'A' }, {}, []],
    ]);
    expect((await store.tagChanges(id, 2)).map((c) => c.set)).toEqual([{ name: 'Mine', note: 'x' }, { name: 'A' }]);
    // History lists every accepted change (positions and tag changes) with the state then.
    const history = await store.history(id, { ascending: true });
    expect(history.map((h) => [Date.parse(h.observed_at) - T0, h.tags?.name, h.tags?.speed])).toEqual([
      [0, 'A', 1],
      [10, 'A', 2],
      [15, 'Z', 5],
      [20, 'B', 3],
      [30, 'A', 4],
      // The edit has no position: its entry carries the position then in force.
      [40, 'Mine', 4],
    ]);
    expect(history[0]!.id).toBe(`${id}@${T0}`);
  });

  it("deletes an object's history with it and with its source", async () => {
    await store.applyBatch([
      upsert('d', tags({ kind: 'car' }), point(0, 0), T0),
      upsert('e', tags({}), point(1, 1), T0),
    ]);
    const id = await idOf('d');
    await store.applyBatch([{ op: 'delete', objectId: id }]);
    await expect(store.history(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await store.stats()).historyRows).toBe(1);
    await store.deleteSource(sourceId);
    expect(await store.stats()).toMatchObject({ objects: 0, historyRows: 0 });
    expect(await store.timeRange()).toEqual({ from: null, to: null });
  });
});

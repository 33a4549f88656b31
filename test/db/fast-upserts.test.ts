// The SQLite writer thread's fast path against the general batch writer: identical rows, history and
// results on random op mixes, and the fast path's own cases (coalescing, stale cache, older observations).
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestOp, IngestOpResult } from '../../db/store.js';
import { applySqlitePragmas } from '../../db/sqlite/sqlite-pragmas.js';
import { createFastUpserts } from '../../db/sqlite/writer/fast-upserts.js';
import { createSqliteBatchWriter } from '../../db/sqlite/writer/sqlite-writer.js';
import { decodeResults } from '../../db/sqlite/writer/writer-codec.js';
import { openTestDb, pointOp, type TestDb } from '../../electron/core/ingest/ingest-test-kit.js';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function open(path: string): Database.Database {
  const db = new Database(path, { fileMustExist: true });
  applySqlitePragmas(db);
  return db;
}

/** What a result says, without the ids and write times that differ between two databases. */
function shape(r: IngestOpResult): unknown {
  if ('object' in r) {
    const { id: _id, created_at: _c, updated_at: _u, ...rest } = r.object;
    return { status: r.status, ...rest };
  }
  return { status: r.status };
}

function tables(db: Database.Database): unknown {
  return {
    objects: db
      .prepare(
        'SELECT source_id, type, osm_id, tags, geom, name, kind, min_lon, min_lat, max_lon, max_lat, tainted, observed_at FROM osm_objects ORDER BY osm_id',
      )
      .all(),
    positions: db
      .prepare(
        'SELECT o.osm_id, p.t, p.lon, p.lat, p.speed, p.heading, p.altitude, p.geom FROM object_positions p JOIN osm_objects o ON o.rowid = p.object_key ORDER BY o.osm_id, p.t',
      )
      .all(),
    tagChanges: db
      .prepare(
        'SELECT o.osm_id, c.t, c.tags, c.origin FROM object_tag_changes c JOIN osm_objects o ON o.rowid = c.object_key ORDER BY o.osm_id, c.t',
      )
      .all(),
    rtreeMismatches: db
      .prepare(
        'SELECT count(*) AS n FROM osm_objects o LEFT JOIN osm_objects_rtree r ON r.id = o.rowid WHERE r.id IS NULL OR r.min_lon > o.min_lon OR r.max_lon < o.max_lon OR r.min_lat > o.min_lat OR r.max_lat < o.max_lat',
      )
      .get(),
  };
}

describe('createFastUpserts', () => {
  let a: TestDb;
  let b: TestDb;
  beforeEach(async () => {
    a = await openTestDb();
    b = await openTestDb();
  });
  afterEach(async () => {
    await a.dispose();
    await b.dispose();
  });

  it.each([250_000, 5])(
    'writes exactly what the store batch writer writes, over a random mix of ops (cache of %i)',
    (maxKnown) => {
      const dbA = open(a.path);
      const dbB = open(b.path);
      // Same source id in both databases, so rows compare equal.
      dbB.prepare('UPDATE data_sources SET id = ? WHERE id = ?').run(a.sourceId, b.sourceId);
      const plain = createSqliteBatchWriter(dbA);
      const fast = createFastUpserts(dbB, createSqliteBatchWriter(dbB), maxKnown);
      const next = rng(7);
      const idsA = new Map<string, string>();
      const idsB = new Map<string, string>();
      let t = 1000;
      let fastCount = 0;
      for (let batch = 0; batch < 40; batch++) {
        const opsA: IngestOp[] = [];
        const opsB: IngestOp[] = [];
        for (let i = 0; i < 25; i++) {
          const osmId = `o${Math.floor(next() * 12)}`;
          const roll = next();
          if (roll < 0.08 && idsA.has(osmId)) {
            opsA.push({ op: 'delete', objectId: idsA.get(osmId)! });
            opsB.push({ op: 'delete', objectId: idsB.get(osmId)! });
          } else if (roll < 0.16 && idsA.has(osmId)) {
            const tags = { name: next() < 0.5 ? 'renamed' : null, note: 'edited' };
            const observedAt = t + Math.floor(next() * 10);
            opsA.push({ op: 'patch', objectId: idsA.get(osmId)!, tags, tagsMode: 'merge', observedAt });
            opsB.push({ op: 'patch', objectId: idsB.get(osmId)!, tags, tagsMode: 'merge', observedAt });
          } else {
            // Mostly newer observations, some older and some repeated ones.
            t += next() < 0.8 ? 1 : 0;
            const observedAt = next() < 0.15 ? t - Math.floor(next() * 5) : t;
            const name = next() < 0.2 ? `n${Math.floor(next() * 3)}` : `ship ${osmId}`;
            const op = pointOp(a.sourceId, osmId, observedAt, next() * 10, next() * 10, {
              kind: next() < 0.9 ? 'ship' : 'car',
              name,
              speed: Math.floor(next() * 30),
            });
            opsA.push(op);
            opsB.push(op);
          }
        }
        const resA = plain(opsA);
        const rawB = fast(opsB);
        fastCount += rawB.filter((r) => Array.isArray(r)).length;
        const resB = decodeResults(rawB, opsB);
        expect(resB.map(shape)).toEqual(resA.map(shape));
        resA.forEach((r, i) => {
          const op = opsA[i]!;
          if (r.status === 'deleted' && op.op === 'delete')
            for (const [k, v] of idsA) if (v === op.objectId) idsA.delete(k);
          if ('object' in r) idsA.set(r.object.osm_id, r.object.id);
        });
        resB.forEach((r, i) => {
          const op = opsB[i]!;
          if (r.status === 'deleted' && op.op === 'delete')
            for (const [k, v] of idsB) if (v === op.objectId) idsB.delete(k);
          if ('object' in r) idsB.set(r.object.osm_id, r.object.id);
        });
      }
      expect(fastCount).toBeGreaterThan(maxKnown < 12 ? 20 : 100);
      expect(tables(dbB)).toEqual(tables(dbA));
      expect(tables(dbB)).toMatchObject({ rtreeMismatches: { n: 0 } });
      dbA.close();
      dbB.close();
    },
  );

  it('writes every observation of a point repeated in one batch to history, and the current row once', () => {
    const db = open(a.path);
    const fast = createFastUpserts(db, createSqliteBatchWriter(db));
    const first = [pointOp(a.sourceId, 'hot', 1)];
    decodeResults(fast(first), first);
    let rowWrites = 0;
    db.function('count_write', () => ++rowWrites);
    db.exec('CREATE TEMP TRIGGER count_updates AFTER UPDATE ON main.osm_objects BEGIN SELECT count_write(); END');
    const ops = [2, 3, 4, 5, 6].map((t) => pointOp(a.sourceId, 'hot', t, t, t));
    const results = decodeResults(fast(ops), ops);
    expect(results.map((r) => (r as { object: { observed_at: string } }).object.observed_at)).toEqual(
      [2, 3, 4, 5, 6].map((t) => new Date(t).toISOString()),
    );
    expect(rowWrites).toBe(1);
    expect(db.prepare('SELECT count(*) FROM object_positions').pluck().get()).toBe(6);
    expect(db.prepare('SELECT geom FROM osm_objects').pluck().get()).toBe(
      JSON.stringify({ type: 'Point', coordinates: [6, 6] }),
    );
    db.close();
  });

  it('falls back safely when the object was deleted by another connection', async () => {
    const db = open(a.path);
    const fast = createFastUpserts(db, createSqliteBatchWriter(db));
    const [created] = decodeResults(fast([pointOp(a.sourceId, 'x', 1)]), [pointOp(a.sourceId, 'x', 1)]);
    const id = (created as { object: { id: string } }).object.id;
    await a.store.applyBatch([{ op: 'delete', objectId: id }]);
    const again = [pointOp(a.sourceId, 'x', 2)];
    const [recreated] = decodeResults(fast(again), again);
    expect(recreated).toMatchObject({ status: 'created' });
    expect(await a.store.countObjects()).toBe(1);
    db.close();
  });

  it('creates a run of first sightings with their R*Tree entries and compact results; a stored key or a missing source is answered like the batch writer does', async () => {
    const db = open(a.path);
    // 'old' is stored but unknown to this writer (another connection wrote it, or a restart emptied the cache).
    await a.store.applyBatch([pointOp(a.sourceId, 'old', 5, 3, 3)]);
    const fast = createFastUpserts(db, createSqliteBatchWriter(db));
    const ops = [
      pointOp(a.sourceId, 'n1', 10, 7.41, 43.73),
      pointOp(a.sourceId, 'old', 10, 4, 4),
      pointOp('no-such-source', 'n2', 10),
      pointOp(a.sourceId, 'n3', 10, -0.005, -10.5),
      pointOp(a.sourceId, 'n1', 11, 7.42, 43.74), // the same key again: the run ends, then a fast update
    ];
    const raw = fast(ops);
    expect(raw.map((r) => (Array.isArray(r) ? r.length : r.status))).toEqual([2, 'updated', 'rejected', 2, 3]);
    const results = decodeResults(raw, ops);
    expect(results.map((r) => r.status)).toEqual(['created', 'updated', 'rejected', 'created', 'updated']);
    expect(results[2]).toMatchObject({ code: 'NOT_FOUND', reason: "Source 'no-such-source' does not exist." });
    // The created object is rebuilt on the main thread from the op: the same object the store reads back.
    const n1 = (await a.store.findObjectByKey(a.sourceId, 'node', 'n1'))!;
    expect(results[0]).toEqual({
      op: 'upsert',
      status: 'created',
      object: {
        ...n1,
        observed_at: new Date(10).toISOString(),
        updated_at: n1.created_at,
        geom: (ops[0] as { geom: unknown }).geom,
      },
      observedMs: 10,
    });
    expect(await a.store.findObjectByKey(a.sourceId, 'node', 'old')).toMatchObject({ geom: { coordinates: [4, 4] } });
    // Every object has its grid-cell R*Tree entry, so the bbox filter finds the new ones.
    expect(tables(db)).toMatchObject({ rtreeMismatches: { n: 0 } });
    expect(
      (await a.store.listObjects({ filter: { bbox: [-0.01, -10.6, 0, -10.4] } })).items.map((o) => o.osm_id),
    ).toEqual(['n3']);
    expect(
      (await a.store.listObjects({ filter: { bbox: [7.415, 43.735, 7.425, 43.745] } })).items.map((o) => o.osm_id),
    ).toEqual(['n1']);
    expect(db.prepare('SELECT count(*) FROM object_positions').pluck().get()).toBe(5);
    db.close();
  });

  it('answers an older or repeated observation of a known object from history alone, with the stored object', async () => {
    const db = open(a.path);
    const fast = createFastUpserts(db, createSqliteBatchWriter(db));
    expect(decodeResults(fast([pointOp(a.sourceId, 'y', 10)]), [pointOp(a.sourceId, 'y', 10)])[0]!.status).toBe(
      'created',
    );
    const ops = [
      pointOp(a.sourceId, 'y', 20, 1, 1),
      pointOp(a.sourceId, 'y', 15, 2, 2),
      pointOp(a.sourceId, 'y', 20, 1, 1),
    ];
    const raw = fast(ops);
    // A fast update, then two history-only answers carrying the stored row (none take the slow path).
    expect(raw.map((r) => (Array.isArray(r) ? r.length : 'slow'))).toEqual([3, 8, 8]);
    const results = decodeResults(raw, ops);
    expect(results.map((r) => r.status)).toEqual(['updated', 'updated', 'duplicate']);
    const stored = await a.store.findObjectByKey(a.sourceId, 'node', 'y');
    expect(stored).toMatchObject({ observed_at: new Date(20).toISOString(), geom: { coordinates: [1, 1] } });
    expect(results[1]).toEqual({ op: 'upsert', status: 'updated', object: stored, observedMs: 20 });
    expect(results[2]).toEqual({ op: 'upsert', status: 'duplicate', object: stored, observedMs: 20 });
    expect(db.prepare('SELECT t FROM object_positions ORDER BY t').pluck().all()).toEqual([10, 15, 20]);
    db.close();
  });
});

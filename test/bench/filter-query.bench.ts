/**
 * Filter-query bench: on a generated 1,000,000-object SQLite database, a bbox + tag filter returning
 * about 1,000 whole objects through the store, beside a raw better-sqlite3 R*Tree join in the same run.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { readMigrations } from '../../db/migrate.js';
import { openStore } from '../../db/open-store.js';
import { RTREE_INSERT_SQL } from '../../db/sqlite/rtree-entry.js';
import { CACHE_KIB, READ_MMAP_BYTES } from '../../db/sqlite/sqlite-pragmas.js';
import type { ObjectFilter } from '../../electron/contract/domain.js';
import { median, percentile, type BenchRow, type BenchSuite } from './bench-kit.js';

const OBJECTS = 1_000_000;
const RUNS = 50;
const WARMUP = 5;
const KINDS = ['ship', 'car', 'aircraft', 'drone'];
/** Bump when the generated data changes; the schema's migration hashes are part of the key too. */
const DATA_VERSION = 'v1';

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same data. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds (or reuses) the cached 1M-object database; returns its path. */
export async function generatedDatabase(): Promise<string> {
  const key = readMigrations('sqlite')
    .map((m) => m.hash.slice(0, 8))
    .join('');
  const dir = join(tmpdir(), 'osm-tracker-bench');
  const path = join(dir, `filter-query-${DATA_VERSION}-${key}.db`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.building`;
  for (const s of ['', '-wal', '-shm']) rmSync(tmp + s, { force: true });
  const started = performance.now();
  const store = await openStore(tmp, { dataDir: dir, backup: { onClose: false } });
  const { id: sourceId } = await store.createSource({
    name: 'bench',
    description: '',
    type: 'simulator',
    connectionInfo: {},
    isActive: true,
    tokenHash: '',
  });
  await store.close();
  const db = new Database(tmp);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -400000');
  const insert = db.prepare(
    `INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, name, kind, min_lon, min_lat, max_lon, max_lat, tainted, observed_at, created_at, updated_at)
     VALUES (?, ?, 'node', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
  );
  // Rows inserted outside the store need their R*Tree entries too (0004_rtree_insert_by_writer).
  const rtree = db.prepare(RTREE_INSERT_SQL);
  const rand = rng(42);
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < OBJECTS; i++) {
      const lon = Math.round((rand() * 360 - 180) * 1e6) / 1e6;
      const lat = Math.round((rand() * 170 - 85) * 1e6) / 1e6;
      const kind = KINDS[i % KINDS.length]!;
      const name = `${kind}-${i}`;
      const tags = JSON.stringify({
        name,
        kind,
        speed: Math.round(rand() * 400) / 10,
        heading: Math.round(rand() * 360),
      });
      const geom = JSON.stringify({ type: 'Point', coordinates: [lon, lat] });
      const { lastInsertRowid } = insert.run(
        randomUUID(),
        sourceId,
        String(i),
        tags,
        geom,
        name,
        kind,
        lon,
        lat,
        lon,
        lat,
        now - i * 1000,
        now,
        now,
      );
      rtree.run(lastInsertRowid, lon, lon, lat, lat);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(tmp, path);
  console.log(`generated ${OBJECTS} objects in ${((performance.now() - started) / 1000).toFixed(1)} s: ${path}`);
  return path;
}

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export const suite: BenchSuite = {
  name: 'filter-query',
  async run(): Promise<BenchRow[]> {
    const path = await generatedDatabase();
    // ~1,333 objects in the box (uniform over 360 x 170 degrees), ~75% of them with speed > 10.
    const side = Math.sqrt((360 * 170 * 1333) / OBJECTS);
    const bbox: [number, number, number, number] = [10, 20, 10 + side, 20 + side];
    const filter: ObjectFilter = { bbox, tags: [{ key: 'speed', op: '>', value: 10 }] };
    const store = await openStore(path, { dataDir: tmpdir(), backup: { onClose: false } });
    const raw = new Database(path, { readonly: true });
    // The same page cache and mapping as the store's reader, so the comparison measures the store's own cost.
    raw.pragma(`cache_size = -${CACHE_KIB}`);
    raw.pragma(`mmap_size = ${READ_MMAP_BYTES}`);
    const rawQuery = raw.prepare(
      `SELECT o.id, o.source_id, o.type, o.osm_id, o.tags, o.geom, o.tainted, o.observed_at, o.created_at, o.updated_at
       FROM osm_objects_rtree r JOIN osm_objects o ON o.rowid = r.id
       WHERE r.min_lon <= ? AND r.max_lon >= ? AND r.min_lat <= ? AND r.max_lat >= ?
         AND o.min_lon <= ? AND o.max_lon >= ? AND o.min_lat <= ? AND o.max_lat >= ?
         AND json_extract(o.tags, '$.speed') > ?`,
    );
    // The R*Tree stores float32 boxes (and the app's are snapped to a grid), so it is a superset
    // index: like the store, the baseline re-checks the exact columns, or it counts edge false positives.
    const edges = [bbox[2], bbox[0], bbox[3], bbox[1]] as const;
    const runRaw = () => rawQuery.all(...edges, ...edges, 10);
    const runStore = () => store.listObjects({ filter, limit: 10_000 });
    try {
      const rawCount = runRaw().length;
      const ours = await runStore();
      if (ours.items.length !== rawCount || ours.total !== rawCount) {
        throw new Error(`store returned ${ours.items.length} (total ${ours.total}) objects, raw query ${rawCount}`);
      }
      for (let i = 0; i < WARMUP; i++) {
        runRaw();
        await runStore();
      }
      const rawTimes: number[] = [];
      const storeTimes: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        rawTimes.push(time(runRaw));
        storeTimes.push(await timeAsync(runStore));
      }
      const note = `${rawCount} objects; p95 ours ${percentile(storeTimes, 95).toFixed(2)} ms, raw ${percentile(rawTimes, 95).toFixed(2)} ms`;
      return [
        {
          name: `bbox+tag filter, ${OBJECTS / 1e6}M objects (median ms of ${RUNS})`,
          value: median(storeTimes),
          baseline: median(rawTimes),
          unit: 'ms',
          higherIsBetter: false,
          target: '<= 2x raw and < 10 ms',
          note,
        },
      ];
    } finally {
      raw.close();
      await store.close();
    }
  },
};

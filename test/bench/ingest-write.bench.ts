/**
 * Ingest write throughput (in-process, no hub) with synchronous=FULL: the pipeline over the SQLite
 * store's writer thread, single ops and batches of 100, beside naive raw better-sqlite3 in the same
 * run; and RSS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { IngestOp } from '../../db/store.js';
import { openSqliteStore, type SqliteStore } from '../../db/sqlite/sqlite-store.js';
import { applySqlitePragmas } from '../../db/sqlite/sqlite-pragmas.js';
import { createIngest } from '../../electron/core/ingest/ingest.js';
import { quietLogger as quiet } from '../fakes/quiet-logger.js';
import { NAIVE_RTREE_TRIGGER, type BenchRow, type BenchSuite } from './bench-kit.js';
import { BENCH_OBJECTS, benchUpdate } from './ingest-workload.js';

/** Timed updates per throughput row (after the objects exist) and for the RSS row (env overrides for quick runs). */
const N = Number(process.env.INGEST_BENCH_N ?? 200_000);
const RSS_N = Number(process.env.INGEST_BENCH_RSS_N ?? 1_000_000);
const OBJECTS = BENCH_OBJECTS;

async function freshStore(): Promise<{
  dir: string;
  path: string;
  sourceId: string;
  store: SqliteStore;
  close(): Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-bench-'));
  const path = join(dir, 'tracker.db');
  const store = await openSqliteStore(path, { backup: { intervalS: 0, onClose: false } });
  const src = await store.createSource({
    name: 'bench',
    description: '',
    type: 'websocket',
    connectionInfo: {},
    isActive: true,
    tokenHash: '',
  });
  return { dir, path, sourceId: src.id, store, close: () => store.close() };
}

/** Naive raw path: prepared statements, one transaction per 1,000 rows, every update written. */
async function rawBaseline(n: number): Promise<number> {
  const s = await freshStore();
  await s.close();
  const db = new Database(s.path);
  applySqlitePragmas(db);
  db.exec(NAIVE_RTREE_TRIGGER);
  const upsert = db.prepare(
    `INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, name, kind, min_lon, min_lat, max_lon, max_lat, observed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id, type, osm_id) DO UPDATE SET tags = excluded.tags,
     geom = excluded.geom, name = excluded.name, kind = excluded.kind, min_lon = excluded.min_lon, min_lat = excluded.min_lat,
     max_lon = excluded.max_lon, max_lat = excluded.max_lat, observed_at = excluded.observed_at, updated_at = excluded.updated_at
     RETURNING id`,
  );
  const history = db.prepare(
    `INSERT INTO object_history (id, object_id, geom, tags, observed_at, received_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (object_id, observed_at) DO NOTHING`,
  );
  // The R*Tree row is updated by the exact trigger above on every bbox change.
  const tx = db.transaction((ops: IngestOp[]) => {
    const now = Date.now();
    for (const op of ops) {
      if (op.op !== 'upsert' || op.geom.type !== 'Point') continue;
      const [lon, lat] = op.geom.coordinates as [number, number];
      const tags = JSON.stringify(op.tags);
      const geom = JSON.stringify(op.geom);
      const { id } = upsert.get(
        randomUUID(),
        op.sourceId,
        op.type,
        op.osmId,
        tags,
        geom,
        String(op.tags.name),
        String(op.tags.kind),
        lon,
        lat,
        lon,
        lat,
        op.observedAt,
        now,
        now,
      ) as { id: string };
      history.run(randomUUID(), id, geom, tags, op.observedAt, now, now, now);
    }
  });
  const t0 = Date.now();
  const run = (from: number, to: number): void => {
    for (let i = from; i < to; i += 1000)
      tx(Array.from({ length: Math.min(1000, to - i) }, (_, j) => benchUpdate(s.sourceId, i + j, t0)));
  };
  run(0, OBJECTS); // every object exists before the timed part
  const start = performance.now();
  run(OBJECTS, OBJECTS + n);
  const rate = n / ((performance.now() - start) / 1000);
  db.close();
  rmSync(s.dir, { recursive: true, force: true });
  return rate;
}

/**
 * The pipeline over the SQLite store (its writer thread); producers submit `perSubmit` ops and respect
 * backpressure. Every object is created first; only the following `n` updates are timed.
 */
async function pipeline(n: number, perSubmit: number): Promise<number> {
  const s = await freshStore();
  const ingest = createIngest({ store: s.store, log: quiet });
  const t0 = Date.now();
  let failed = 0;
  const run = async (from: number, to: number): Promise<void> => {
    for (let i = from; i < to; i += perSubmit) {
      if (ingest.isSaturated()) await ingest.whenDrained();
      const ops: IngestOp[] = [];
      for (let j = i; j < Math.min(to, i + perSubmit); j++) ops.push(benchUpdate(s.sourceId, j, t0));
      ingest.submit(ops, { sourceId: s.sourceId, channel: 'hub' }).catch(() => failed++);
    }
    await ingest.flush();
  };
  await run(0, OBJECTS);
  const start = performance.now();
  await run(OBJECTS, OBJECTS + n);
  const rate = n / ((performance.now() - start) / 1000);
  await ingest.close();
  await s.close();
  rmSync(s.dir, { recursive: true, force: true });
  if (failed) throw new Error(`${failed} submits failed during the benchmark.`);
  return rate;
}

export const suite: BenchSuite = {
  name: 'ingest-write',
  async run(): Promise<BenchRow[]> {
    const raw = await rawBaseline(N);
    const single = await pipeline(N, 1);
    const batched = await pipeline(N, 100);
    const rows: BenchRow[] = [
      {
        name: `ingest pipeline, single ops (${N} updates of ${OBJECTS} objects)`,
        value: single,
        baseline: raw,
        unit: 'upd/s',
        higherIsBetter: true,
        note: 'synchronous=FULL, worker writer, no hub; objects created before timing, raw likewise',
      },
      {
        name: `ingest pipeline, batches of 100 (${N} updates)`,
        value: batched,
        baseline: raw,
        unit: 'upd/s',
        higherIsBetter: true,
        target: '>= 1.5x raw and >= 50,000 upd/s (through the hub)',
      },
    ];
    if (RSS_N > 0) {
      // A fresh process, so earlier rows' memory does not count.
      const child = join(dirname(fileURLToPath(import.meta.url)), 'ingest-rss-run.ts');
      const out = execFileSync(process.execPath, ['--import', 'tsx', child, String(RSS_N)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      const big = JSON.parse(out.trim().split('\n').pop()!) as {
        rssMb: number;
        peakRssMb: number;
        rate: number;
        objects: number;
        expectedObjects: number;
      };
      if (big.objects !== big.expectedObjects)
        throw new Error(`RSS run stored ${big.objects} objects, expected ${big.expectedObjects}.`);
      rows.push({
        name: `ingest RSS after ${RSS_N} updates to ${OBJECTS} objects`,
        value: big.rssMb,
        baseline: null,
        unit: 'MB',
        higherIsBetter: false,
        target: '< 500 MB',
        note: `fresh process run from sources (tsx); peak ${Math.round(big.peakRssMb)} MB; ${Math.round(big.rate)} upd/s incl. creates`,
      });
    }
    return rows;
  },
};

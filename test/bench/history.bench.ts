/**
 * History bench (issue 14): on a generated history of 10,000 moving objects × 1,000 positions (plus
 * one object reporting every second for a day) in a real SQLite store file, the positions of all
 * objects at a moment, one object's day-long track and the bytes on disk per position, each beside a
 * raw-SQL baseline measured in the same run. The database lives in a tmp dir, removed at the end.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { objectsAtSql } from '../../db/history-sql.js';
import { objectColumns } from '../../db/object-writes.js';
import { openStore } from '../../db/open-store.js';
import { CACHE_KIB, READ_MMAP_BYTES } from '../../db/sqlite/sqlite-pragmas.js';
import { prepareHistoryWrites } from '../../db/sqlite/writer/history-writes.js';
import type { IngestOp, Store } from '../../db/store.js';
import { uuid7 } from '../../db/uuid7.js';
import type { Tags } from '../../electron/contract/domain.js';
import { createRandom } from '../../electron/core/connectors/simulator/sim-random.js';
import { median, percentile, type BenchRow, type BenchSuite } from './bench-kit.js';

/** The fleet: objects, positions each, and the reporting interval (each object at its own offset). */
const FLEET = 10_000;
const POSITIONS = 1_000;
const STEP_MS = 10_000;
/** The day-long track: one position a second for a day, ending with the fleet's window. */
const DAY_POSITIONS = 86_400;
const DAY_STEP_MS = 1_000;
/** Fleet steps per raw-insert transaction (about 1M positions). */
const STEPS_PER_TX = 100;
const OPS_PER_BATCH = 1_000;
const AT_RUNS = 20;
const TRACK_RUNS = 20;
const WARMUP = 1;
/** The pre-issue-14 layout's sample for the bytes baseline: objects × positions, same generator. */
const OLD_SAMPLE_OBJECTS = 1_000;
const OLD_SAMPLE_POSITIONS = 100;
const M_PER_DEG = 111_320;

/** One generated mover: where it is, how fast and which way, and its static tags. */
interface Mover {
  osmId: string;
  /** ms after the step's start at which it reports. */
  offset: number;
  lon: number;
  lat: number;
  /** m/s, degrees, metres (aircraft only). */
  speed: number;
  heading: number;
  altitude: number | null;
  minSpeed: number;
  maxSpeed: number;
  tags: Tags;
}

/** The fleet: 90% ships (5–15 m/s), 10% aircraft (60–250 m/s, with altitude), seeded. */
function makeFleet(count: number, rand: () => number): Mover[] {
  const fleet: Mover[] = [];
  for (let i = 0; i < count; i++) {
    const aircraft = i % 10 === 0;
    const [minSpeed, maxSpeed] = aircraft ? [60, 250] : [5, 15];
    fleet.push({
      osmId: aircraft ? `icao-${i}` : `mmsi-${200_000_000 + i}`,
      offset: Math.floor(rand() * STEP_MS),
      lon: -10 + rand() * 40,
      lat: 30 + rand() * 30,
      speed: minSpeed + rand() * (maxSpeed - minSpeed),
      heading: rand() * 360,
      altitude: aircraft ? 300 + rand() * 10_000 : null,
      minSpeed,
      maxSpeed,
      tags: aircraft
        ? { kind: 'aircraft', name: `flight ${i}`, callsign: `BNC${i}`, icao24: (0x400000 + i).toString(16) }
        : { kind: 'ship', name: `vessel ${i}`, mmsi: String(200_000_000 + i), destination: 'ROTTERDAM' },
    });
  }
  return fleet;
}

/** Moves `m` for `dtMs` (heading and speed drift a little) and returns its reported tags and geometry. */
function step(m: Mover, dtMs: number, rand: () => number) {
  m.heading = (m.heading + (rand() - 0.5) * 4 + 360) % 360;
  m.speed = Math.min(m.maxSpeed, Math.max(m.minSpeed, m.speed + (rand() - 0.5) * 0.4));
  const d = (m.speed * dtMs) / 1000;
  const h = (m.heading * Math.PI) / 180;
  m.lat = Math.max(-85, Math.min(85, m.lat + (d * Math.cos(h)) / M_PER_DEG));
  m.lon = ((m.lon + (d * Math.sin(h)) / (M_PER_DEG * Math.cos((m.lat * Math.PI) / 180)) + 540) % 360) - 180;
  if (m.altitude !== null) m.altitude = Math.max(0, m.altitude + (rand() - 0.5) * 20);
  // As feeds report them: speed from tenths of a knot, heading in tenths, altitude from 25-ft steps.
  const tags: Tags = {
    ...m.tags,
    speed: Math.round(Math.round(m.speed / 0.0514444) * 0.0514444 * 100) / 100,
    heading: Math.round(m.heading * 10) / 10,
  };
  if (m.altitude !== null) tags.altitude = Math.round(Math.round(m.altitude / 7.62) * 7.62 * 100) / 100;
  return { tags, geom: { type: 'Point' as const, coordinates: [m.lon, m.lat] } };
}

/** A feed's delay between observation and receipt (ms). */
const delay = (rand: () => number) => 200 + Math.floor(rand() * 1800);

/** What the generator made: where, the day object's id and window, the fleet's window, how long. */
export interface GeneratedHistory {
  path: string;
  dayId: string;
  dayFrom: number;
  dayTo: number;
  fleetFrom: number;
  fleetTo: number;
  positions: number;
  seconds: number;
}

/**
 * Builds the history in a new store file at `path`: every object created (first position) and moved
 * to its last position through the store's applyBatch; the positions between inserted in time order
 * (across objects, as ingest writes them) with the writer's own history statements and columns.
 */
export async function generateHistory(path: string, dataDir: string): Promise<GeneratedHistory> {
  const started = performance.now();
  const rand = createRandom(14);
  const fleet = makeFleet(FLEET, rand);
  const order = [...fleet].sort((a, b) => a.offset - b.offset);
  const fleetTo = Math.floor(Date.now() / 1000) * 1000;
  const fleetFrom = fleetTo - POSITIONS * STEP_MS;
  const dayFrom = fleetTo - DAY_POSITIONS * DAY_STEP_MS;
  const day: Mover = {
    osmId: 'day-track',
    offset: 0,
    lon: 7.42,
    lat: 43.73,
    speed: 10,
    heading: 90,
    altitude: null,
    minSpeed: 0,
    maxSpeed: 30,
    tags: { kind: 'car', name: 'day-long track' },
  };
  const dayT = (k: number) => dayFrom + k * DAY_STEP_MS;
  const fleetT = (m: Mover, j: number) => fleetFrom + j * STEP_MS + m.offset;
  const upsert = (sourceId: string, m: Mover, t: number, dt: number): IngestOp => ({
    op: 'upsert',
    sourceId,
    type: 'node',
    osmId: m.osmId,
    ...step(m, dt, rand),
    observedAt: t,
  });
  const applyAll = async (store: Store, ops: IngestOp[]) => {
    for (let i = 0; i < ops.length; i += OPS_PER_BATCH) {
      for (const r of await store.applyBatch(ops.slice(i, i + OPS_PER_BATCH))) {
        if (r.status === 'rejected') throw new Error(`generator op rejected: ${r.reason}`);
      }
    }
  };

  let store = await openStore(path, { dataDir, backup: { onClose: false } });
  const { id: sourceId } = await store.createSource({
    name: 'history bench',
    description: '',
    type: 'simulator',
    connectionInfo: {},
    isActive: true,
    tokenHash: '',
  });
  // Created through the store: rowids, R*Tree entries, first positions and first tag versions.
  await applyAll(store, [upsert(sourceId, day, dayT(0), 0), ...order.map((m) => upsert(sourceId, m, fleetT(m, 0), 0))]);
  await store.close();

  const db = new Database(path);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  const keys = new Map(
    db
      .prepare<[], { k: number; osm_id: string }>('SELECT rowid AS k, osm_id FROM osm_objects')
      .all()
      .map((r) => [r.osm_id, r.k]),
  );
  const history = prepareHistoryWrites(db);
  // The static tags in force (the created objects' tags without speed/heading/altitude, in key order).
  const inForce = new Map([day, ...fleet].map((m) => [m.osmId, JSON.stringify(m.tags)]));
  const write = (m: Mover, t: number, dt: number) => {
    const { tags, geom } = step(m, dt, rand);
    const c = objectColumns(tags, geom)!;
    const key = keys.get(m.osmId)!;
    const now = t + delay(rand);
    history.addPosition(key, t, c.history, now);
    // The writer's noteTags without its read: a new tag version only when the static tags change.
    if (inForce.get(m.osmId) !== c.history.staticJson) {
      history.addTagChange(key, t, c.history.staticJson, 'source', now);
      inForce.set(m.osmId, c.history.staticJson);
    }
  };
  let k = 1;
  const dayUpTo = (t: number) => {
    for (; k < DAY_POSITIONS - 1 && dayT(k) < t; k++) write(day, dayT(k), DAY_STEP_MS);
  };
  // A third of the fleet changes a static tag twice (new destination / callsign): real tag versions.
  const changeTags = (m: Mover, j: number) => {
    if (m.tags.kind === 'ship') m.tags = { ...m.tags, destination: j < POSITIONS / 2 ? 'HAMBURG' : 'ANTWERP' };
    else m.tags = { ...m.tags, callsign: `${String(m.tags.callsign)}X` };
  };
  const changers = new Set(fleet.filter((_, i) => i % 3 === 0));
  const steps = db.transaction((from: number, to: number) => {
    for (let j = from; j < to; j++) {
      for (const m of order) {
        const t = fleetT(m, j);
        dayUpTo(t);
        if (changers.has(m) && (j === Math.floor(POSITIONS / 3) || j === Math.floor((2 * POSITIONS) / 3))) {
          changeTags(m, j);
        }
        write(m, t, STEP_MS);
      }
    }
  });
  for (let j = 1; j < POSITIONS - 1; j += STEPS_PER_TX) steps(j, Math.min(POSITIONS - 1, j + STEPS_PER_TX));
  db.transaction(() => dayUpTo(Infinity))();
  db.close();

  // The last positions through the store again, so the objects' current rows are their newest state.
  store = await openStore(path, { dataDir, backup: { onClose: false } });
  const last = [
    ...order.map((m) => upsert(sourceId, m, fleetT(m, POSITIONS - 1), STEP_MS)),
    upsert(sourceId, day, dayT(DAY_POSITIONS - 1), DAY_STEP_MS),
  ];
  await applyAll(store, last);
  const dayObject = await store.findObjectByKey(sourceId, 'node', day.osmId);
  await store.close();
  return {
    path,
    dayId: dayObject!.id,
    dayFrom,
    dayTo: dayT(DAY_POSITIONS - 1),
    fleetFrom,
    fleetTo,
    positions: FLEET * POSITIONS + DAY_POSITIONS,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Bytes of each b-tree (table or index) in the file, from the dbstat virtual table. */
function btreeBytes(db: Database.Database): Map<string, number> {
  const rows = db
    .prepare<[], { name: string; bytes: number }>("SELECT name, pgsize AS bytes FROM dbstat('main', 1)")
    .all();
  return new Map(rows.map((r) => [r.name, r.bytes]));
}

/** Bytes of `table` and its indexes. */
function tableBytes(db: Database.Database, bytes: Map<string, number>, table: string): number {
  const indexes = db
    .prepare<[string], string>("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?")
    .pluck()
    .all(table);
  return [table, ...indexes].reduce((sum, name) => sum + (bytes.get(name) ?? 0), 0);
}

/**
 * The baseline for bytes: the same generator's observations written as the app wrote history before
 * issue 14 (0000_init's `object_history`: a uuid per row, full tags and geometry JSON, two indexes),
 * time-ordered across objects, on a sample; bytes per row.
 */
function oldLayoutBytesPerRow(dir: string): number {
  const db = new Database(join(dir, 'old-layout.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.exec(`CREATE TABLE object_history (id text PRIMARY KEY NOT NULL, object_id text NOT NULL, geom text, tags text,
      observed_at integer NOT NULL, received_at integer NOT NULL, created_at integer NOT NULL, updated_at integer NOT NULL);
      CREATE UNIQUE INDEX object_history_object_observed_uq ON object_history (object_id, observed_at);`);
    const insert = db.prepare('INSERT INTO object_history VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const rand = createRandom(14);
    const fleet = makeFleet(OLD_SAMPLE_OBJECTS, rand).sort((a, b) => a.offset - b.offset);
    const ids = fleet.map(() => uuid7());
    const t0 = Date.now() - OLD_SAMPLE_POSITIONS * STEP_MS;
    db.transaction(() => {
      for (let j = 0; j < OLD_SAMPLE_POSITIONS; j++) {
        fleet.forEach((m, i) => {
          const t = t0 + j * STEP_MS + m.offset;
          const { tags, geom } = step(m, STEP_MS, rand);
          const now = t + delay(rand);
          insert.run(uuid7(now), ids[i], JSON.stringify(geom), JSON.stringify(tags), t, now, now, now);
        });
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return tableBytes(db, btreeBytes(db), 'object_history') / (OLD_SAMPLE_OBJECTS * OLD_SAMPLE_POSITIONS);
  } finally {
    db.close();
  }
}

/** The top-level loops of SQLite's plan for `objectsAtSql` (which table is outside tells the cost). */
function objectsAtPlan(db: Database.Database, at: number): string {
  const { sql: text, params } = new SQLiteSyncDialect().sqlToQuery(sql`SELECT o.id FROM ${objectsAtSql('sqlite', at)}`);
  return db
    .prepare<unknown[], { parent: number; detail: string }>(`EXPLAIN QUERY PLAN ${text}`)
    .all(...params)
    .filter((r) => r.parent === 0)
    .map((r) => r.detail)
    .join(', ');
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const ms = (v: number) => `${v.toFixed(2)} ms`;

/** Runs the three rows on a generated history at `gen.path`. */
async function measure(gen: GeneratedHistory, dir: string): Promise<BenchRow[]> {
  const store = await openStore(gen.path, { dataDir: dir, backup: { onClose: false } });
  const raw = new Database(gen.path, { readonly: true });
  // The same page cache and mapping as the store's reader, so the comparison measures the store's own cost.
  raw.pragma(`cache_size = -${CACHE_KIB}`);
  raw.pragma(`mmap_size = ${READ_MMAP_BYTES}`);
  try {
    // Row 1: every object's latest position at or before T (a correlated max(t) per object). CROSS JOIN
    // keeps the objects as the outer loop: the app's file has no ANALYZE statistics, and without them
    // SQLite's planner puts object_positions outside and scans every position.
    const rawAt = raw
      .prepare(
        `SELECT o.rowid, p.t, p.lon, p.lat, p.speed, p.heading, p.altitude FROM osm_objects o
         CROSS JOIN object_positions p ON p.object_key = o.rowid
          AND p.t = (SELECT max(t) FROM object_positions WHERE object_key = o.rowid AND t <= ?)`,
      )
      .raw(true);
    const rand = createRandom(7);
    const moments = Array.from(
      { length: AT_RUNS + WARMUP },
      () => gen.fleetFrom + STEP_MS + Math.floor(rand() * (gen.fleetTo - gen.fleetFrom - STEP_MS)),
    );
    const limit = FLEET;
    const first = await store.listObjects({ at: moments[0], limit });
    const rawCount = rawAt.all(moments[0]).length;
    if (first.total !== rawCount || first.items.length !== Math.min(limit, rawCount)) {
      throw new Error(
        `store returned ${first.items.length} (total ${first.total}) objects at T, raw query ${rawCount}`,
      );
    }
    const storeAt: number[] = [];
    const rawAtTimes: number[] = [];
    for (const [i, at] of moments.entries()) {
      const r = time(() => rawAt.all(at));
      const s = await timeAsync(() => store.listObjects({ at, limit }));
      if (i < WARMUP) continue;
      rawAtTimes.push(r);
      storeAt.push(s);
    }

    // Row 2: the day-long track of one object.
    const dayKey = raw.prepare<[string], number>('SELECT rowid FROM osm_objects WHERE id = ?').pluck().get(gen.dayId)!;
    const rawTrack = raw
      .prepare(
        'SELECT t, lon, lat, speed, heading, altitude FROM object_positions WHERE object_key = ? AND t BETWEEN ? AND ?',
      )
      .raw(true);
    const range = { from: gen.dayFrom, to: gen.dayTo };
    const track = await store.track(gen.dayId, range);
    const rawPoints = rawTrack.all(dayKey, range.from, range.to).length;
    if (track.times.length !== DAY_POSITIONS || rawPoints !== DAY_POSITIONS || track.truncated) {
      throw new Error(`day track has ${track.times.length} positions (raw ${rawPoints}), expected ${DAY_POSITIONS}`);
    }
    const storeTrack: number[] = [];
    const rawTrackTimes: number[] = [];
    for (let i = 0; i < TRACK_RUNS + WARMUP; i++) {
      const r = time(() => rawTrack.all(dayKey, range.from, range.to));
      const s = await timeAsync(() => store.track(gen.dayId, range));
      if (i < WARMUP) continue;
      rawTrackTimes.push(r);
      storeTrack.push(s);
    }

    // Row 3: bytes on disk per position, from dbstat.
    const positions = raw.prepare<[], number>('SELECT count(*) FROM object_positions').pluck().get()!;
    const tagRows = raw.prepare<[], number>('SELECT count(*) FROM object_tag_changes').pluck().get()!;
    const bytes = btreeBytes(raw);
    const positionBytes = tableBytes(raw, bytes, 'object_positions');
    const tagBytes = tableBytes(raw, bytes, 'object_tag_changes');
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    const fileBytes = (raw.pragma('page_count', { simple: true }) as number) * pageSize;
    const oldPerRow = oldLayoutBytesPerRow(dir);

    const gen_ = `generated ${gen.positions.toLocaleString('en')} positions in ${gen.seconds.toFixed(0)} s`;
    return [
      {
        name: `objects at T, ${FLEET / 1000}k objects × ${POSITIONS} positions (p50 ms of ${AT_RUNS})`,
        value: median(storeAt),
        baseline: median(rawAtTimes),
        unit: 'ms',
        higherIsBetter: false,
        target: '<= 100 ms (stretch 20 ms)',
        note: `${rawCount} objects; p95 ours ${ms(percentile(storeAt, 95))}, raw ${ms(percentile(rawAtTimes, 95))}; objectsAtSql plan: ${objectsAtPlan(raw, moments[0]!)}; ${gen_}`,
      },
      {
        name: `day-long track, ${DAY_POSITIONS.toLocaleString('en')} positions (p50 ms of ${TRACK_RUNS})`,
        value: median(storeTrack),
        baseline: median(rawTrackTimes),
        unit: 'ms',
        higherIsBetter: false,
        target: '<= 50 ms',
        note: `p95 ours ${ms(percentile(storeTrack, 95))}, raw ${ms(percentile(rawTrackTimes, 95))}`,
      },
      {
        name: 'object_positions + indexes, bytes per position',
        value: positionBytes / positions,
        baseline: oldPerRow,
        unit: 'B',
        higherIsBetter: false,
        target: '<= 60 B',
        note: `${positions.toLocaleString('en')} positions, ${(positionBytes / 2 ** 20).toFixed(0)} MiB, page ${pageSize} B; baseline: pre-issue-14 object_history on ${OLD_SAMPLE_OBJECTS * OLD_SAMPLE_POSITIONS} rows`,
      },
      {
        name: 'object_tag_changes + indexes, bytes per position',
        value: tagBytes / positions,
        baseline: null,
        unit: 'B',
        higherIsBetter: false,
        note: `${tagRows.toLocaleString('en')} tag versions, ${(tagBytes / tagRows).toFixed(0)} B each; no old-layout counterpart (tags were in every history row)`,
      },
      {
        name: 'whole database file, bytes per position',
        value: fileBytes / positions,
        baseline: null,
        unit: 'B',
        higherIsBetter: false,
        note: `${(fileBytes / 2 ** 20).toFixed(0)} MiB with ${FLEET + 1} objects, R*Tree and sources`,
      },
    ];
  } finally {
    raw.close();
    await store.close();
  }
}

/**
 * HISTORY_BENCH_KEEP=<dir>: generate the history into `dir` once and keep it (with its description in
 * history.json), and on later runs measure the file already there, so a change is measured in seconds
 * rather than after the minutes the generator takes.
 */
const KEEP = process.env.HISTORY_BENCH_KEEP;

/** The kept history in `dir`, generated when it is not there yet. */
async function keptHistory(dir: string): Promise<GeneratedHistory> {
  const meta = join(dir, 'history.json');
  if (existsSync(meta)) return JSON.parse(readFileSync(meta, 'utf8')) as GeneratedHistory;
  mkdirSync(dir, { recursive: true });
  const gen = await generateHistory(join(dir, 'history.db'), dir);
  writeFileSync(meta, JSON.stringify(gen));
  return gen;
}

export const suite: BenchSuite = {
  name: 'history',
  async run(): Promise<BenchRow[]> {
    if (KEEP) {
      const gen = await keptHistory(KEEP);
      console.log(`history of ${gen.positions.toLocaleString('en')} positions kept in ${gen.path}`);
      const scratch = mkdtempSync(join(tmpdir(), 'osm-tracker-history-bench-'));
      try {
        return await measure(gen, scratch);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'osm-tracker-history-bench-'));
    try {
      const gen = await generateHistory(join(dir, 'history.db'), dir);
      console.log(
        `generated ${gen.positions.toLocaleString('en')} positions in ${gen.seconds.toFixed(1)} s: ${gen.path}`,
      );
      return await measure(gen, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/**
 * Hub bench rows: sustained updates/s through the real hub process (1 and 4 publishers; single
 * messages and batches of 100) beside raw better-sqlite3 on the same rows in the same run, then
 * publisher → subscriber latency p50/p99 at 1,000 and 10,000 updates/s offered, and server RSS.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

import { NAIVE_RTREE_TRIGGER, percentile, type BenchRow, type BenchSuite } from './bench-kit.js';
import { pumpFrames } from './publisher-pump.js';
import {
  ROOT,
  createSource,
  openWs,
  rssOf,
  startServeProcess,
  type ServeProcess,
} from '../reliability/serve-process.js';

const OBJECTS = 100_000;
const TOKEN = 'bench-app-token-abcdefghijklmnop';

/**
 * The i-th update: vessel i mod OBJECTS, one report per pass over the fleet, each about 11 m east
 * and 5 m north of the last (so positions change every update, as moving objects' do, and a
 * vessel leaves its 0.01° R*Tree cell now and then; the naive raw path rewrites its R*Tree entry
 * on every one).
 */
function rowFor(i: number, t: number) {
  const id = i % OBJECTS;
  const pass = Math.floor(i / OBJECTS);
  return {
    osm_id: `v${id}`,
    type: 'node',
    tags: { kind: 'ship', name: `Vessel ${id}`, speed: (i % 300) / 10, heading: i % 360 },
    geom: {
      type: 'Point',
      coordinates: [((id * 7) % 36000) / 100 - 180 + pass * 1e-4, ((id * 13) % 17000) / 100 - 85 + pass * 5e-5],
    },
    observed_at: t,
  };
}

/** Raw better-sqlite3: prepared statements, one transaction per 1,000 rows (upsert + history + R*Tree by trigger), WAL + synchronous=FULL. */
function rawBaseline(dir: string, updates: number, t0: number): number {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const migrations = join(ROOT, 'db/migrations/sqlite');
  for (const f of readdirSync(migrations)
    .filter((x) => x.endsWith('.sql'))
    .sort()) {
    for (const stmt of readFileSync(join(migrations, f), 'utf8').split('--> statement-breakpoint'))
      if (stmt.trim()) db.exec(stmt);
  }
  db.exec(NAIVE_RTREE_TRIGGER);
  const now = Date.now();
  db.prepare(
    'INSERT INTO data_sources (id, name, type, connection_info, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run('raw', 'raw', 'websocket', '{}', now, now);
  const upsert = db.prepare(
    `INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, name, kind, min_lon, min_lat, max_lon, max_lat, observed_at, created_at, updated_at)
     VALUES (@id, 'raw', @type, @osm_id, @tags, @geom, @name, @kind, @lon, @lat, @lon, @lat, @t, @now, @now)
     ON CONFLICT (source_id, type, osm_id) DO UPDATE SET tags = excluded.tags, geom = excluded.geom, name = excluded.name, kind = excluded.kind,
       min_lon = excluded.min_lon, min_lat = excluded.min_lat, max_lon = excluded.max_lon, max_lat = excluded.max_lat,
       observed_at = excluded.observed_at, updated_at = excluded.updated_at
     RETURNING id`,
  );
  const history = db.prepare(
    'INSERT OR IGNORE INTO object_history (id, object_id, geom, tags, observed_at, received_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const write = db.transaction((from: number, to: number) => {
    const at = Date.now();
    for (let i = from; i < to; i++) {
      const r = rowFor(i, t0 + i);
      const tags = JSON.stringify(r.tags);
      const geom = JSON.stringify(r.geom);
      const [lon, lat] = r.geom.coordinates as [number, number];
      const { id } = upsert.get({
        id: randomUUID(),
        type: r.type,
        osm_id: r.osm_id,
        tags,
        geom,
        name: r.tags.name,
        kind: r.tags.kind,
        lon,
        lat,
        t: r.observed_at,
        now: at,
      }) as { id: string };
      history.run(randomUUID(), id, geom, tags, r.observed_at, at, at, at);
    }
  });
  const start = performance.now();
  for (let i = 0; i < updates; i += 1000) write(i, Math.min(updates, i + 1000));
  const rate = updates / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}

/** Streams `updates` through `publishers` sockets (pre-encoded frames, a window of unacked frames each); returns updates/s. */
async function throughHub(
  server: ServeProcess,
  source: { id: string; token: string },
  publishers: number,
  batch: number,
  updates: number,
  t0: number,
): Promise<number> {
  const perPub = Math.floor(updates / publishers / batch);
  const sockets = await Promise.all(
    Array.from({ length: publishers }, (_, p) =>
      openWs(`ws://127.0.0.1:${server.port}/api/ws/data-source/${source.id}/bench-${p}`, {
        headers: { authorization: `Bearer ${source.token}` },
      }),
    ),
  );
  const framesOf = sockets.map((_, p) =>
    Array.from({ length: perPub }, (_, k) => {
      const first = (p * perPub + k) * batch;
      if (batch === 1) return JSON.stringify(rowFor(first, t0 + first));
      return JSON.stringify({
        type: 'objects',
        seq: k,
        objects: Array.from({ length: batch }, (_, j) => rowFor(first + j, t0 + first + j)),
      });
    }),
  );
  const window = Math.max(4, Math.ceil(4000 / batch));
  const start = performance.now();
  await Promise.all(sockets.map((ws, p) => pumpFrames(ws, framesOf[p]!, window)));
  const rate = (perPub * publishers * batch) / ((performance.now() - start) / 1000);
  for (const ws of sockets) ws.close();
  return rate;
}

/**
 * The disk's own commit floor during a latency phase: a separate process writes 4 KB and fdatasyncs
 * every 5 ms (a commit's rhythm at these rates) for `seconds`. With synchronous=FULL every
 * acknowledgement waits for an fsync, so a stall here delays every update committed meanwhile.
 */
async function fsyncProbe(dir: string, seconds: number): Promise<{ p99: number; max: number; over40: number }> {
  const script = `
    const fs = require('node:fs');
    const fd = fs.openSync(${JSON.stringify(join(dir, 'fsync-probe.bin'))}, 'w');
    const buf = Buffer.alloc(4096, 1);
    const lat = [];
    const end = Date.now() + ${seconds * 1000};
    const tick = () => {
      if (Date.now() >= end) { fs.closeSync(fd); process.stdout.write(JSON.stringify(lat)); return; }
      const t = performance.now();
      fs.writeSync(fd, buf, 0, buf.length, 0);
      fs.fdatasyncSync(fd);
      lat.push(performance.now() - t);
      setTimeout(tick, 5);
    };
    tick();`;
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['-e', script], { maxBuffer: 1 << 22 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    ),
  );
  const lat = JSON.parse(out) as number[];
  return { p99: percentile(lat, 99), max: Math.max(...lat), over40: lat.filter((v) => v > 40).length };
}

/** The latency probes: PROBES objects that the update phases move and that exist before timing starts. */
const PROBES = 20_000;
const probeId = (i: number) => `p${i % PROBES}`;

/** Creates the probe objects (untimed): the latency rows measure updates, the creates row first sightings. */
async function createProbes(server: ServeProcess, source: { id: string; token: string }): Promise<void> {
  const pub = await openWs(`ws://127.0.0.1:${server.port}/api/ws/data-source/${source.id}/bench-probes`, {
    headers: { authorization: `Bearer ${source.token}` },
  });
  const at = Date.now() - 60_000;
  await new Promise<void>((resolve, reject) => {
    let acked = 0;
    pub.on('message', (d: Buffer) => {
      const m = JSON.parse(d.toString()) as { type: string; message?: string };
      if (m.type === 'error') reject(new Error(`probe creation refused: ${m.message}`));
      else if (m.type === 'ack' && ++acked === PROBES / 100) resolve();
    });
    for (let k = 0; k < PROBES / 100; k++) {
      const objects = Array.from({ length: 100 }, (_, j) => ({
        osm_id: probeId(k * 100 + j),
        type: 'node',
        tags: { kind: 'probe' },
        geom: { type: 'Point', coordinates: [(k * 100 + j) % 180, 0] },
        observed_at: at,
      }));
      pub.send(JSON.stringify({ type: 'objects', seq: k, objects }));
    }
  });
  pub.close();
}

/**
 * Offers `rate` updates/s for `seconds` (one batch every 5 ms) and measures publish → subscriber
 * delivery per update; `idOf` names the object of the i-th update (existing probes, or new ones).
 */
async function latency(
  server: ServeProcess,
  source: { id: string; token: string },
  rate: number,
  seconds: number,
  idOf: (i: number) => string = probeId,
): Promise<{ p50: number; p99: number; delivered: number }> {
  const sub = await openWs(`ws://127.0.0.1:${server.port}/api/ws/objects/bench-sub`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const samples: number[] = [];
  let live = false;
  await new Promise<void>((resolve) => {
    sub.on('message', (d: Buffer) => {
      const m = JSON.parse(d.toString()) as {
        type: string;
        complete?: boolean;
        upserted?: { tags: { sent?: number } }[];
      };
      if (m.type === 'snapshot' && m.complete) {
        live = true;
        resolve();
      }
      if (m.type !== 'objects_changed' || !live) return;
      const now = performance.timeOrigin + performance.now();
      for (const o of m.upserted ?? []) if (typeof o.tags.sent === 'number') samples.push(now - o.tags.sent);
    });
    sub.send(JSON.stringify({ type: 'subscribe', filter: { kinds: ['probe'] }, snapshot_limit: 0 }));
  });
  const pub = await openWs(`ws://127.0.0.1:${server.port}/api/ws/data-source/${source.id}/bench-latency`, {
    headers: { authorization: `Bearer ${source.token}` },
  });
  pub.on('message', () => undefined);
  const perTick = Math.max(1, Math.round((rate * 5) / 1000));
  const ticks = Math.round((seconds * 1000) / 5);
  const begin = performance.now();
  let n = 0;
  for (let k = 0; k < ticks; k++) {
    const due = begin + k * 5;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // A publisher at these rates sends what it has every tick as one batch (the original's `objects` message).
    const sent = performance.timeOrigin + performance.now();
    const objects = Array.from({ length: perTick }, () => {
      const i = n++;
      return {
        osm_id: idOf(i),
        type: 'node',
        tags: { kind: 'probe', sent },
        // Each report about 110 m from the last (a fast aircraft reporting once a second).
        geom: { type: 'Point', coordinates: [(i % PROBES) % 180, Math.floor(i / PROBES) * 0.001] },
        observed_at: Math.floor(sent),
      };
    });
    pub.send(JSON.stringify({ type: 'objects', seq: k, objects }));
  }
  await new Promise((r) => setTimeout(r, 500));
  pub.close();
  sub.close();
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), delivered: samples.length };
}

export const suite: BenchSuite = {
  name: 'hub',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-hub-'));
    const rows: BenchRow[] = [];
    let server: ServeProcess | undefined;
    try {
      const t0 = Date.UTC(2026, 0, 1);
      server = await startServeProcess({ dataDir: join(dir, 'hub'), token: TOKEN, env: { LOG_LEVEL: 'warn' } });
      const source = await createSource(server, 'bench');
      const cases: [string, number, number, number][] = [
        ['1 publisher, single messages', 1, 1, 100_000],
        ['4 publishers, single messages', 4, 1, 100_000],
        ['1 publisher, batches of 100', 1, 100, 400_000],
        ['4 publishers, batches of 100', 4, 100, 500_000],
      ];
      let offset = 0;
      for (const [name, pubs, batch, updates] of cases) {
        const raw = rawBaseline(mkdtempSync(join(dir, 'raw-')), Math.min(updates, 200_000), t0);
        const ours = await throughHub(server, source, pubs, batch, updates, t0 + offset);
        offset += updates;
        rows.push({
          name: `ingest through the hub, ${name}`,
          value: ours,
          baseline: raw,
          unit: 'upd/s',
          higherIsBetter: true,
          ...(batch === 100 ? { target: '>= 1.5x raw and >= 50,000 upd/s' } : {}),
          note: `${updates.toLocaleString('en')} updates to ${OBJECTS.toLocaleString('en')} objects, synchronous=FULL`,
        });
      }
      rows.push({
        name: `server RSS after ${(offset / 1e6).toFixed(1)}M updates to ${OBJECTS / 1000}k objects`,
        value: rssOf(server.child.pid!) / 1024 / 1024,
        baseline: null,
        unit: 'MB',
        higherIsBetter: false,
        target: '< 500 MB',
        note: 'no raw baseline: a resident-size ceiling',
      });
      await createProbes(server, source);
      const phases = [
        { rate: 1_000, what: 'upd/s', idOf: probeId },
        { rate: 10_000, what: 'upd/s', idOf: probeId },
        // Every update a first sighting: each one inserts an object, its history and an R*Tree entry.
        { rate: 10_000, what: 'new objects/s', idOf: (i: number) => `new-${i}` },
      ];
      for (const { rate, what, idOf } of phases) {
        const [r, disk] = await Promise.all([latency(server, source, rate, 4, idOf), fsyncProbe(dir, 4)]);
        for (const [p, v] of [
          ['p50', r.p50],
          ['p99', r.p99],
        ] as const) {
          rows.push({
            name: `publisher -> subscriber latency ${p} at ${rate.toLocaleString('en')} ${what} offered`,
            value: v,
            baseline: null,
            unit: 'ms',
            higherIsBetter: false,
            ...(p === 'p99' && rate === 10_000 && what === 'upd/s' ? { target: '<= 50 ms' } : {}),
            note: `one batch per 5 ms; ${r.delivered.toLocaleString('en')} deliveries; ${what === 'upd/s' ? `updates of ${PROBES.toLocaleString('en')} existing objects` : 'no target: creates, not updates'}; no raw baseline`,
          });
        }
        rows.push({
          name: `  the disk meanwhile: fdatasync of 4 KB every 5 ms, max (p99 ${disk.p99.toFixed(1)} ms)`,
          value: disk.max,
          baseline: null,
          unit: 'ms',
          higherIsBetter: false,
          note: `${disk.over40} fsync(s) over 40 ms in the phase; a stall delays every update committed during it`,
        });
      }
    } finally {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

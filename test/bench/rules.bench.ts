/**
 * Rules bench rows (issue 15): ingest through the real hub process with 100 geofences of 100
 * vertices (an enter rule each) and 10 proximity rules over 10,000 moving objects, beside the same
 * server and workload without rules in the same run; then commit → alert latency on a
 * `subscribe_alerts` socket at 10,000 updates/s offered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type WebSocket from 'ws';

import { median, percentile, type BenchRow, type BenchSuite } from './bench-kit.js';
import { pumpFrames } from './publisher-pump.js';
import { createSource, openWs, rest, startServeProcess, type ServeProcess } from '../reliability/serve-process.js';

const TOKEN = 'bench-app-token-abcdefghijklmnop';
const OBJECTS = 10_000;
const GROUPS = 10;
/** The area the objects move in and the fences cover: 0.5° x 0.5° of the Baltic. */
const AREA = { lon: 10, lat: 54, size: 0.5 };
const FENCE_GRID = 10;
const FENCE_VERTICES = 100;
const FENCE_RADIUS_M = 1200;
/** Each object moves this far per report: one report per pass over the fleet, a second apart. */
const STEP_M = 30;
/** Updates per millisecond of observed time: each object reports once a second (10,000 objects). */
const UPDATES_PER_MS = OBJECTS / 1000;
const M_PER_DEG_LAT = 111_320;
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((54.25 * Math.PI) / 180);

/** A closed 100-vertex ring around a centre (a real-sized harbour zone). */
function circle(lon: number, lat: number): number[][] {
  const ring = Array.from({ length: FENCE_VERTICES }, (_, k) => {
    const a = (2 * Math.PI * k) / FENCE_VERTICES;
    return [lon + (FENCE_RADIUS_M * Math.cos(a)) / M_PER_DEG_LON, lat + (FENCE_RADIUS_M * Math.sin(a)) / M_PER_DEG_LAT];
  });
  return [...ring, ring[0]!];
}

/** Wraps a coordinate into [origin, origin + size). */
const wrap = (v: number, origin: number) => origin + ((((v - origin) % AREA.size) + AREA.size) % AREA.size);

/** When the n-th update was observed: the fleet reports once a second, so speed tags match the motion. */
const observedAt = (t0: number, n: number) => t0 + Math.floor(n / UPDATES_PER_MS);

/**
 * The object of the n-th update and where it is: object n mod 10,000, `pass` reports in, moving
 * STEP_M per report along its own heading (so pairs converge and part, and fences are crossed).
 */
function update(n: number, t0: number) {
  const id = n % OBJECTS;
  const pass = Math.floor(n / OBJECTS);
  const heading = (id * 137) % 360;
  const rad = (heading * Math.PI) / 180;
  const lon0 = AREA.lon + (((id * 7919) % 10_007) / 10_007) * AREA.size;
  const lat0 = AREA.lat + (((id * 104_729) % 10_009) / 10_009) * AREA.size;
  const lon = wrap(lon0 + (pass * STEP_M * Math.sin(rad)) / M_PER_DEG_LON, AREA.lon);
  const lat = wrap(lat0 + (pass * STEP_M * Math.cos(rad)) / M_PER_DEG_LAT, AREA.lat);
  return {
    osm_id: `a${id}`,
    type: 'node',
    tags: { kind: 'aircraft', name: `Flight ${id}`, group: `g${id % GROUPS}`, speed: STEP_M, heading },
    geom: { type: 'Point', coordinates: [lon, lat] },
    observed_at: observedAt(t0, n),
  };
}

async function call(server: ServeProcess, method: string, path: string, body: unknown): Promise<{ id: string }> {
  const r = await rest(server, method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as { id: string };
}

/** 100 fences with an enter rule each, and 10 proximity rules (one per group of 1,000; half with CPA). */
async function addRules(server: ServeProcess): Promise<void> {
  const step = AREA.size / FENCE_GRID;
  for (let i = 0; i < FENCE_GRID * FENCE_GRID; i++) {
    const lon = AREA.lon + step * ((i % FENCE_GRID) + 0.5);
    const lat = AREA.lat + step * (Math.floor(i / FENCE_GRID) + 0.5);
    const fence = await call(server, 'POST', '/api/geofences', {
      name: `Zone ${i}`,
      geometry: { type: 'Polygon', coordinates: [circle(lon, lat)] },
    });
    await call(server, 'POST', '/api/rules', {
      name: `Into zone ${i}`,
      filter: 'kind=aircraft',
      trigger: { type: 'enter', geofence_id: fence.id },
    });
  }
  for (let g = 0; g < GROUPS; g++) {
    await call(server, 'POST', '/api/rules', {
      name: `Group ${g} separation`,
      filter: `group=g${g}`,
      trigger: { type: 'proximity', distance_m: 100, ...(g % 2 ? { cpa_seconds: 60 } : {}) },
    });
  }
}

async function publisher(server: ServeProcess, source: { id: string; token: string }, name: string) {
  return openWs(`ws://127.0.0.1:${server.port}/api/ws/data-source/${source.id}/${name}`, {
    headers: { authorization: `Bearer ${source.token}` },
  });
}

/** Batches of 100 updates numbered from `first`. */
function batches(first: number, count: number, t0: number): string[] {
  return Array.from({ length: count / 100 }, (_, k) =>
    JSON.stringify({
      type: 'objects',
      seq: k,
      objects: Array.from({ length: 100 }, (_, j) => update(first + k * 100 + j, t0)),
    }),
  );
}

/** Updates/s of `count` updates from 4 publishers in batches of 100. */
async function throughput(
  server: ServeProcess,
  source: { id: string; token: string },
  first: number,
  count: number,
  t0: number,
) {
  const per = count / 4;
  const sockets = await Promise.all([0, 1, 2, 3].map((p) => publisher(server, source, `bench-${p}`)));
  const frames = sockets.map((_, p) => batches(first + p * per, per, t0));
  const start = performance.now();
  await Promise.all(sockets.map((ws, p) => pumpFrames(ws, frames[p]!, 40)));
  const rate = count / ((performance.now() - start) / 1000);
  for (const ws of sockets) ws.close();
  return rate;
}

/**
 * How far the rules trail ingest at the end of a saturated round: a marker object is published inside
 * fence 0 right after the round's last ack, and the lag is the time from the marker's ack (its commit)
 * to its enter alert on the hub (the rules evaluate commits in order, so that alert comes only after
 * every update of the round was evaluated).
 */
async function rulesLag(s: Server, alerts: WebSocket, round: number, t0: number): Promise<number> {
  const step = AREA.size / FENCE_GRID;
  const name = `Marker ${round}`;
  const arrived = new Promise<number>((resolve) => {
    const onMessage = (d: Buffer) => {
      const m = JSON.parse(d.toString()) as { type: string; alert?: { message: string } };
      if (m.type !== 'alert' || !m.alert?.message.startsWith(`${name} `)) return;
      alerts.off('message', onMessage);
      resolve(performance.now());
    };
    alerts.on('message', onMessage);
  });
  const pub = await publisher(s.process, s.source, `bench-marker-${round}`);
  const marker = {
    osm_id: `marker-${round}`,
    type: 'node',
    tags: { kind: 'aircraft', name },
    geom: { type: 'Point', coordinates: [AREA.lon + step / 2, AREA.lat + step / 2] },
    observed_at: observedAt(t0, s.next),
  };
  const acked = new Promise<number>((resolve) =>
    pub.on('message', (d: Buffer) => {
      if ((JSON.parse(d.toString()) as { type: string }).type === 'ack') resolve(performance.now());
    }),
  );
  pub.send(JSON.stringify({ type: 'objects', seq: 0, objects: [marker] }));
  const [ackAt, alertAt] = await Promise.all([acked, arrived]);
  pub.close();
  return alertAt - ackAt;
}

async function subscribeAlerts(s: Server, name: string): Promise<WebSocket> {
  const sub = await openWs(`ws://127.0.0.1:${s.process.port}/api/ws/objects/${name}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  await new Promise<void>((resolve, reject) => {
    const onMessage = (d: Buffer) => {
      const m = JSON.parse(d.toString()) as { type: string };
      if (m.type === 'error') reject(new Error(`alert subscription refused: ${d.toString()}`));
      if (m.type !== 'subscribe_alerts_ack') return;
      sub.off('message', onMessage);
      resolve();
    };
    sub.on('message', onMessage);
    sub.send(JSON.stringify({ type: 'subscribe_alerts' }));
  });
  return sub;
}

interface Server {
  process: ServeProcess;
  source: { id: string; token: string };
  /** The next update number (observations keep increasing across phases). */
  next: number;
}

async function startServer(dir: string, withRules: boolean, t0: number): Promise<Server> {
  const process = await startServeProcess({ dataDir: dir, token: TOKEN, env: { LOG_LEVEL: 'warn' } });
  const source = await createSource(process, 'bench');
  if (withRules) await addRules(process);
  // Every object exists before timing starts (untimed): the rows measure updates, not first sightings.
  const ws = await publisher(process, source, 'bench-create');
  await pumpFrames(ws, batches(0, OBJECTS, t0), 40);
  ws.close();
  return { process, source, next: OBJECTS };
}

/**
 * Offers 10,000 updates/s for `seconds` (a batch of 50 every 5 ms) with an alert subscriber open;
 * the latency of an alert is its arrival minus the arrival of the ack of the batch holding the
 * update it names (by observed_at): the ack leaves right after that batch's commit.
 */
async function alertLatency(s: Server, t0: number, seconds: number) {
  const sub = await openWs(`ws://127.0.0.1:${s.process.port}/api/ws/objects/bench-alerts`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const arrivals: { observed: number; at: number }[] = [];
  await new Promise<void>((resolve, reject) => {
    sub.on('message', (d: Buffer) => {
      const m = JSON.parse(d.toString()) as { type: string; alert?: { observed_at: string; trigger: string } };
      if (m.type === 'subscribe_alerts_ack') resolve();
      else if (m.type === 'error') reject(new Error(`alert subscription refused: ${d.toString()}`));
      else if (m.type === 'alert' && m.alert)
        arrivals.push({ observed: Date.parse(m.alert.observed_at), at: performance.now() });
    });
    sub.send(JSON.stringify({ type: 'subscribe_alerts' }));
  });
  const pub = await publisher(s.process, s.source, 'bench-latency');
  const ackAt = new Map<number, number>();
  pub.on('message', (d: Buffer) => {
    const m = JSON.parse(d.toString()) as { type: string; seq?: number };
    if (m.type === 'ack' && m.seq !== undefined) ackAt.set(m.seq, performance.now());
  });
  const perTick = 50;
  const ticks = (seconds * 1000) / 5;
  const first = s.next;
  const begin = performance.now();
  for (let k = 0; k < ticks; k++) {
    const wait = begin + k * 5 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const from = first + k * perTick;
    const objects = Array.from({ length: perTick }, (_, j) => update(from + j, t0));
    pub.send(JSON.stringify({ type: 'objects', seq: k, objects }));
  }
  s.next = first + ticks * perTick;
  await new Promise((r) => setTimeout(r, 2000));
  pub.close();
  sub.close();
  const samples: number[] = [];
  for (const a of arrivals) {
    // The first update observed then: its batch of 50 holds all 10 updates of that millisecond.
    const n = (a.observed - t0) * UPDATES_PER_MS - first;
    if (n < 0) continue;
    const acked = ackAt.get(Math.floor(n / perTick));
    if (acked !== undefined) samples.push(a.at - acked);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), alerts: samples.length };
}

export const suite: BenchSuite = {
  name: 'rules',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-rules-'));
    const rows: BenchRow[] = [];
    const t0 = Date.UTC(2026, 0, 1);
    const servers: Server[] = [];
    try {
      const plain = await startServer(join(dir, 'plain'), false, t0);
      servers.push(plain);
      const ruled = await startServer(join(dir, 'ruled'), true, t0);
      servers.push(ruled);
      const RUN = 200_000;
      const rates = { plain: [] as number[], ruled: [] as number[] };
      const lags: number[] = [];
      const lagAlerts = await subscribeAlerts(ruled, 'bench-lag');
      // Alternating rounds, so a slow spell of the disk does not land on one side only.
      for (let round = 0; round < 3; round++) {
        for (const [name, s] of [
          ['plain', plain],
          ['ruled', ruled],
        ] as const) {
          rates[name].push(await throughput(s.process, s.source, s.next, RUN, t0));
          s.next += RUN;
          if (s === ruled) lags.push(await rulesLag(s, lagAlerts, round, t0));
        }
      }
      rows.push({
        name: 'ingest through the hub with 100 fences + 10 proximity rules',
        value: median(rates.ruled),
        baseline: median(rates.plain),
        unit: 'upd/s',
        higherIsBetter: true,
        target: '>= 0.90x the same run without rules',
        note: `median of 3 rounds of ${RUN.toLocaleString('en')} updates to ${OBJECTS.toLocaleString('en')} moving objects, 4 publishers, batches of 100; baseline = the same server without rules`,
      });
      lagAlerts.close();
      rows.push({
        name: 'rules behind ingest at the end of a round (commit -> alert)',
        value: median(lags),
        baseline: null,
        unit: 'ms',
        higherIsBetter: false,
        note: `median of 3 rounds (${lags.map((l) => Math.round(l)).join(', ')} ms): the rules thread yields to ingest while both cores are busy and catches up after; no raw baseline`,
      });
      const alertsAfterThroughput = (await rest(ruled.process, 'GET', '/api/alerts?limit=0', undefined)).body as {
        total: number;
      };
      const latency = await alertLatency(ruled, t0, 5);
      for (const [p, v] of [
        ['p50', latency.p50],
        ['p99', latency.p99],
      ] as const) {
        rows.push({
          name: `commit -> alert on the hub ${p}, 10,000 upd/s offered`,
          value: v,
          baseline: null,
          unit: 'ms',
          higherIsBetter: false,
          ...(p === 'p99' ? { target: '<= 100 ms' } : {}),
          note: `${latency.alerts.toLocaleString('en')} alerts in 5 s (${alertsAfterThroughput.total.toLocaleString('en')} stored by the throughput rounds); from the ack of the batch that fired it; no raw baseline`,
        });
      }
    } finally {
      for (const s of servers) await s.process.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

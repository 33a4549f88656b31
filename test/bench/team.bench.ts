/**
 * Team bench rows (issue 19): three headless servers on one Postgres. Aggregate ingest of the three
 * at once (updates/s) beside one server alone in the same run, and change propagation latency
 * p50/p99 from a publisher on one server to a subscriber on another at 1,000 updates/s offered,
 * beside the same publisher's own server's subscriber; an offline SQLite desktop's catch-up rate
 * both ways (team-catchup.ts). Needs BENCH_DATABASE_URL or
 * TEST_DATABASE_URL (a role that may CREATE DATABASE); skipped with a message otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type WebSocket from 'ws';
import { createPgTestDatabase } from '../db/store-targets.js';
import { percentile, type BenchRow, type BenchSuite } from './bench-kit.js';
import { catchUpRows } from './team-catchup.js';
import { pumpFrames } from './publisher-pump.js';
import { createSource, openWs, startServeProcess, type ServeProcess } from '../reliability/serve-process.js';

const TOKEN = 'bench-team-app-token-abcdefghijklmnop';
const FLEET = 10_000;
const UPDATES = 40_000;
const BATCH = 100;

/** Update `i` of a fleet: object i mod FLEET, moved a little on every pass. */
function frameOf(first: number, seq: number, t0: number): string {
  const objects = Array.from({ length: BATCH }, (_, j) => {
    const i = first + j;
    const id = i % FLEET;
    const pass = Math.floor(i / FLEET);
    return {
      osm_id: `v${id}`,
      type: 'node',
      tags: { kind: 'ship', speed: (i % 300) / 10 },
      geom: {
        type: 'Point',
        coordinates: [((id * 7) % 36000) / 100 - 180 + pass * 1e-4, ((id * 13) % 17000) / 100 - 85],
      },
      observed_at: t0 + i,
    };
  });
  return JSON.stringify({ type: 'objects', seq, objects });
}

/** Streams UPDATES into a fresh source on `server` with two publishers; resolves when all are acked. */
async function ingest(server: ServeProcess, name: string): Promise<number> {
  const source = await createSource({ base: server.base, token: TOKEN }, name);
  const t0 = Date.now() - 10_000_000;
  const perPub = UPDATES / 2 / BATCH;
  const sockets = await Promise.all(
    [0, 1].map((p) =>
      openWs(`ws://127.0.0.1:${server.port}/api/ws/data-source/${source.id}/bench-${name}-${p}`, {
        headers: { authorization: `Bearer ${source.token}` },
      }),
    ),
  );
  const frames = sockets.map((_, p) =>
    Array.from({ length: perPub }, (_, k) => frameOf((p * perPub + k) * BATCH, k, t0)),
  );
  await Promise.all(sockets.map((ws, p) => pumpFrames(ws, frames[p]!, 40)));
  for (const ws of sockets) ws.close();
  return UPDATES;
}

/** A subscriber collecting publish → delivery delays of `probe` objects (the publisher stamps `sent`). */
async function probeSubscriber(server: ServeProcess, name: string): Promise<{ samples: number[]; ws: WebSocket }> {
  const ws = await openWs(`ws://127.0.0.1:${server.port}/api/ws/objects/${name}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const samples: number[] = [];
  await new Promise<void>((resolve) => {
    let live = false;
    ws.on('message', (d: Buffer) => {
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
    ws.send(JSON.stringify({ type: 'subscribe', filter: { kinds: ['probe'] }, snapshot_limit: 0 }));
  });
  return { samples, ws };
}

/** Offers `rate` updates/s of probe objects for `seconds` to `server` (one batch every 5 ms). */
async function offerProbes(server: ServeProcess, rate: number, seconds: number): Promise<number> {
  const source = await createSource({ base: server.base, token: TOKEN }, `probes ${rate}`);
  const pub = await openWs(`ws://127.0.0.1:${server.port}/api/ws/data-source/${source.id}/bench-probe`, {
    headers: { authorization: `Bearer ${source.token}` },
  });
  pub.on('message', () => undefined);
  const perTick = Math.max(1, Math.round((rate * 5) / 1000));
  const ticks = Math.round((seconds * 1000) / 5);
  const begin = performance.now();
  let n = 0;
  for (let k = 0; k < ticks; k++) {
    const wait = begin + k * 5 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.timeOrigin + performance.now();
    const objects = Array.from({ length: perTick }, () => {
      const i = n++;
      return {
        osm_id: `p${i % 2000}`,
        type: 'node',
        tags: { kind: 'probe', sent },
        geom: { type: 'Point', coordinates: [(i % 2000) % 180, Math.floor(i / 2000) * 0.001] },
        observed_at: Math.floor(sent),
      };
    });
    pub.send(JSON.stringify({ type: 'objects', seq: k, objects }));
  }
  pub.close();
  return n;
}

/** Waits until the subscribers stop receiving (3 s without a sample) or 180 s pass: the backlog is written. */
async function drained(...subs: { samples: number[] }[]): Promise<void> {
  const end = Date.now() + 180_000;
  let last = -1;
  let quietSince = Date.now();
  while (Date.now() < end) {
    const n = subs.reduce((x, s) => x + s.samples.length, 0);
    if (n !== last) {
      last = n;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 3000) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const suite: BenchSuite = {
  name: 'team',
  async run(): Promise<BenchRow[]> {
    const base = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
    if (!base) {
      console.log(
        'team: skipped — set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a Postgres role that may CREATE DATABASE.',
      );
      return [];
    }
    const db = await createPgTestDatabase(base);
    const dirs = [0, 1, 2].map((i) => mkdtempSync(join(tmpdir(), `bench-team-${i}-`)));
    const servers: ServeProcess[] = [];
    try {
      for (const dir of dirs)
        servers.push(
          await startServeProcess({ dataDir: dir, token: TOKEN, env: { DATABASE_URL: db.url, LOG_LEVEL: 'warn' } }),
        );
      const [a, b, c] = servers as [ServeProcess, ServeProcess, ServeProcess];

      let start = performance.now();
      const alone = (await ingest(a, 'alone')) / ((performance.now() - start) / 1000);
      start = performance.now();
      const together = (await Promise.all([ingest(a, 'a'), ingest(b, 'b'), ingest(c, 'c')])).reduce((x, y) => x + y, 0);
      const aggregate = together / ((performance.now() - start) / 1000);

      const rows: BenchRow[] = [
        {
          name: 'team ingest: three servers at once into one Postgres (updates/s)',
          value: aggregate,
          baseline: alone,
          unit: 'updates/s',
          higherIsBetter: true,
          note: 'baseline: one server alone, same Postgres, same run; 2 publishers per server, batches of 100',
        },
      ];
      // 200/s, which this machine's Postgres writes without queueing, shows the fan-out's own delay;
      // 1,000/s as the issue asks. Each phase waits until its backlog is written before the next.
      for (const rate of [200, 1000]) {
        const remote = await probeSubscriber(b, `bench-remote-${rate}`);
        const local = await probeSubscriber(a, `bench-local-${rate}`);
        const offered = await offerProbes(a, rate, 10);
        await drained(remote, local);
        remote.ws.close();
        local.ws.close();
        const note = `baseline: the publishing server's own subscriber; ${offered} updates offered, ${remote.samples.length} delivered on the other server and ${local.samples.length} on the publisher's own`;
        for (const p of [50, 99])
          rows.push({
            name: `team propagation p${p} at ${rate.toLocaleString('en')} updates/s (ms)`,
            value: percentile(remote.samples, p),
            baseline: percentile(local.samples, p),
            unit: 'ms',
            higherIsBetter: false,
            note,
          });
      }
      // An offline desktop's catch-up runs in this process, on the same Postgres.
      rows.push(...(await catchUpRows(db.url)));
      return rows;
    } finally {
      await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
      await db.drop().catch(() => undefined);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  },
};

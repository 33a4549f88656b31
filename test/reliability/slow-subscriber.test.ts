/**
 * A subscriber that stops reading does not hold up publishers or other subscribers, and the
 * server's memory stays bounded while it lags (its changes are conflated per object).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- frames and REST bodies are loosely typed JSON in tests */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, openWs, point, rssOf, startServeProcess, type ServeProcess } from './serve-process.js';

const TOKEN = 'slow-app-token-abcdefghijklmnop';
const OBJECTS = 2_000;
/** 80,000 updates of 2,000 objects, ~4 KB each: queued whole for a reader that reads nothing, ~320 MB. */
const ROUNDS = 40;
/** RSS is sampled from this round on (after warm-up: SQLite cache, V8 heap sizing). */
const WARM_ROUNDS = 10;
let server: ServeProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-slow-'));
  server = await startServeProcess({ dataDir, token: TOKEN });
}, 90_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Subscribes to everything; returns the latest `rev` tag seen per osm_id. */
async function subscriber(name: string, read: boolean): Promise<{ ws: WebSocket; latest: Map<string, number> }> {
  const ws = await openWs(`ws://127.0.0.1:${server.port}/api/ws/objects/${name}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const latest = new Map<string, number>();
  await new Promise<void>((resolve) => {
    ws.on('message', (d: Buffer) => {
      const m = JSON.parse(d.toString()) as { type: string; complete?: boolean; objects?: any[]; upserted?: any[] };
      for (const o of m.objects ?? m.upserted ?? []) latest.set(o.osm_id as string, o.tags.rev as number);
      if (m.type === 'snapshot' && m.complete) resolve();
    });
    ws.send(JSON.stringify({ type: 'subscribe', filter: {} }));
  });
  // Stop reading from the TCP socket: the server's writes to it back up.
  if (!read) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  return { ws, latest };
}

describe('a slow subscriber (real process)', () => {
  it(
    'does not stop publishers or a fast subscriber, and server memory stays bounded',
    { timeout: 240_000 },
    async () => {
      const source = await createSource(server, 'slow');
      const slow = await subscriber('slow', false);
      const fast = await subscriber('fast', true);
      const pub = await openWs(`ws://127.0.0.1:${server.port}/api/ws/data-source/${source.id}/pub`, {
        headers: { authorization: `Bearer ${source.token}` },
      });
      let rssWarm = 0;
      let rssMax = 0;
      let acked = 0;
      const padding = 'p'.repeat(4000);
      const t0 = Date.now() - 3_600_000;
      await new Promise<void>((resolve, reject) => {
        let round = 0;
        pub.on('message', (d: Buffer) => {
          const m = JSON.parse(d.toString()) as { type: string; message?: string };
          if (m.type === 'error') return reject(new Error(m.message));
          acked++;
          if (acked === ROUNDS * (OBJECTS / 100)) return resolve();
          if (acked % (OBJECTS / 100) === 0) {
            // Peaks against peaks: the main thread's heap swings by ~150 MB between collections, so one
            // sample at the end of warm-up may catch a trough and make a later crest look like growth.
            if (round > 1 && round <= WARM_ROUNDS) rssWarm = Math.max(rssWarm, rssOf(server.child.pid!));
            if (round > WARM_ROUNDS) rssMax = Math.max(rssMax, rssOf(server.child.pid!));
            sendRound(++round);
          }
        });
        const sendRound = (r: number) => {
          for (let b = 0; b < OBJECTS / 100; b++) {
            const objects = Array.from({ length: 100 }, (_, i) =>
              point(`s${b * 100 + i}`, (r % 360) - 180, 0, t0 + r, { rev: r, padding }),
            );
            pub.send(JSON.stringify({ type: 'objects', seq: r * 1000 + b, objects }));
          }
        };
        sendRound(0);
      });
      // Every publish was acknowledged although one subscriber read nothing; the fast one got the final state.
      expect(acked).toBe(ROUNDS * (OBJECTS / 100));
      const deadline = Date.now() + 60_000;
      while ([...fast.latest.values()].filter((v) => v === ROUNDS - 1).length < OBJECTS && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect([...fast.latest.values()].filter((v) => v === ROUNDS - 1).length).toBe(OBJECTS);
      // After warm-up the server's memory stays bounded: the slow reader's changes are conflated to one
      // per object (~8 MB), where queuing them whole would add ~8 MB per round (~240 MB over the sampled
      // rounds). The allowance covers what legitimately grows meanwhile: the SQLite page caches of the
      // reader and writer connections (64 + 16 MiB) filling up as history grows, and V8 heap sizing.
      expect(rssWarm).toBeGreaterThan(0);
      expect(rssMax - rssWarm).toBeLessThan(150 * 1024 * 1024);
      // The slow subscriber, once it reads again, converges to the final state as well.
      (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      const deadline2 = Date.now() + 60_000;
      while ([...slow.latest.values()].filter((v) => v === ROUNDS - 1).length < OBJECTS && Date.now() < deadline2)
        await new Promise((r) => setTimeout(r, 50));
      expect([...slow.latest.values()].filter((v) => v === ROUNDS - 1).length).toBe(OBJECTS);
      pub.close();
      slow.ws.close();
      fast.ws.close();
    },
  );
});

/**
 * Hostile connections against the real headless server: 1,100 WebSockets with one push token take
 * only their source's quota; another source's publisher, a subscriber, the RPC socket and health
 * still answer, the refusals show in the source's status, and an over-long URL gets 414/431.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, rpcCall } from '../hub/ws-probes.js';
import { createSource, frames, openWs, point, rest, startServeProcess, type ServeProcess } from './serve-process.js';

const TOKEN = randomBytes(32).toString('base64url');
const FLOOD = 1_100;
/** Connection attempts in flight at once (bounded: a 2-core box, one test process). */
const WAVE = 100;
/** The default `hub.maxConnectionsPerSource`. */
const PER_SOURCE = 64;
const ACKED = 50;

let server: ServeProcess;
let dataDir: string;
const held: WebSocket[] = [];
const ws = (path: string) => `ws://127.0.0.1:${server.port}${path}`;
const pubUrl = (s: { id: string; token: string }, client: string) =>
  ws(`/api/ws/data-source/${s.id}/${client}?token=${encodeURIComponent(s.token)}`);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hostile-conn-'));
  server = await startServeProcess({ dataDir, token: TOKEN });
}, 90_000);

afterAll(async () => {
  for (const sock of held) sock.terminate();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Opens `count` publisher sockets in waves; keeps the opened ones, counts refusals by status. */
async function flood(s: { id: string; token: string }, count: number) {
  const refusedBy = new Map<number, number>();
  for (let start = 0; start < count; start += WAVE) {
    const wave = Array.from({ length: Math.min(WAVE, count - start) }, (_, i) =>
      openWs(pubUrl(s, `flood-${start + i}`)).then(
        (sock) => void held.push(sock),
        (e: { status?: number }) => void refusedBy.set(e.status ?? -1, (refusedBy.get(e.status ?? -1) ?? 0) + 1),
      ),
    );
    await Promise.all(wave);
  }
  return refusedBy;
}

describe('hostile connections (real process)', () => {
  it('1,100 connections with one push token leave other publishers, subscribers, RPC and health working', async () => {
    const started = Date.now();
    const flooder = await createSource(server, 'flooder');
    const quiet = await createSource(server, 'quiet');
    // Objects acknowledged before the flood.
    const first = await openWs(pubUrl(flooder, 'before'));
    held.push(first);
    const ff = frames(first);
    first.send(
      JSON.stringify({
        type: 'objects',
        seq: 1,
        objects: Array.from({ length: ACKED }, (_, i) => point(`before-${i}`, 10 + i / 100, 50, Date.now())),
      }),
    );
    expect(await ff.next()).toEqual({ type: 'ack', seq: 1, count: ACKED });

    const refusedBy = await flood(flooder, FLOOD);
    const opened = held.length - 1;
    expect(opened).toBe(PER_SOURCE - 1);
    expect(Object.fromEntries(refusedBy)).toEqual({ 429: FLOOD - opened });
    expect(server.child.exitCode).toBeNull();

    // Another source's publisher connects and its push is acknowledged.
    const other = await openWs(pubUrl(quiet, 'other'));
    held.push(other);
    other.send(JSON.stringify(point('quiet-1', 1, 1, Date.now())));
    expect(await frames(other).next()).toMatchObject({ type: 'ack' });
    // A subscriber connects and gets its snapshot of every object acknowledged before.
    const sub = await openWs(ws(`/api/ws/objects/watcher?token=${TOKEN}`));
    held.push(sub);
    const sf = frames(sub);
    sub.send(JSON.stringify({ type: 'subscribe', request_id: 1, filter: { source_ids: [flooder.id] } }));
    expect(await sf.next()).toMatchObject({ type: 'subscribe_ack', request_id: 1, snapshot_count: ACKED });
    // The window's RPC socket connects; the flooder's status counts the refusals, the quiet one's none.
    const rpc = await openWs(ws(`/api/rpc?token=${TOKEN}`));
    held.push(rpc);
    const status = (await rpcCall(rpc, 'sources.status')) as {
      items: { source_id: string; refused_connections?: number }[];
    };
    const byId = new Map(status.items.map((s) => [s.source_id, s.refused_connections]));
    expect(byId.get(flooder.id)).toBe(FLOOD - opened);
    expect(byId.get(quiet.id)).toBe(0);
    expect((await fetch(`${server.base}/api/health`)).status).toBe(200);

    // Every object acknowledged before is still there.
    const list = await rest(server, 'GET', `/api/objects?source_id=${flooder.id}&limit=1000`);
    expect(list.body.total).toBe(ACKED);
    // Logged once per burst, not once per refusal.
    const logDir = join(dataDir, 'logs');
    const log = readdirSync(logDir)
      .map((f) => readFileSync(join(logDir, f), 'utf8'))
      .join('\n');
    const lines = log.split('\n').filter((l) => l.includes('connections refused by a quota'));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);

  it('answers a 100 kB URL with 414 (or 431) and stays alive', async () => {
    const path = `/api/objects?q=${'a'.repeat(100_000)}`;
    const r = await rawExchange(
      server.port,
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`,
    );
    expect([414, 431]).toContain(r.status);
    expect((JSON.parse(r.body) as { error: { message: string } }).error.message).toMatch(/limit of \d+ bytes/);
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
  });
});

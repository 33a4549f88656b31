/**
 * Fair shares on real sockets (in-process server, extra hubs over its core with small quotas): one
 * source's publishers stop at their quota while other sources, subscribers and the RPC socket still
 * connect; the app token's quota and the reserves hold; refusals are counted in the source's status.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachApp } from '../../electron/app/attach-app.js';
import type { SourceStatus } from '../../electron/contract/domain.js';
import { createHub, type RunningHub } from '../../electron/core/hub/create-hub.js';
import type { HubConfig } from '../../electron/core/hub/types.js';
import { startServer, type RunningServer } from '../../electron/headless/serve.js';
import { quietLogger } from '../fakes/quiet-logger.js';
import { closed, frames, openWs, point, rest } from '../reliability/serve-process.js';
import { refusalOf, rpcCall } from './ws-probes.js';

const TOKEN = 'fair-shares-app-token-abcdefghijk';
let server: RunningServer;
let base: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fair-shares-'));
  server = await startServer({ dataDir, port: 0, token: TOKEN, env: { LOG_LEVEL: 'silent' } });
  base = new URL(server.url).origin;
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function newSource(name: string): Promise<{ id: string; token: string }> {
  const r = await rest({ base, token: TOKEN }, 'POST', '/api/data-sources', { name, type: 'websocket' });
  expect(r.status).toBe(201);
  return { id: r.body.id as string, token: r.body.token as string };
}

/** A second hub over the server's core, with the RPC bridge, a log that keeps its lines, and `quotas`. */
async function hubWith(quotas: Partial<HubConfig>) {
  const lines: string[] = [];
  const keep = (msg: string, fields?: Record<string, unknown>) => void lines.push(`${msg} ${JSON.stringify(fields)}`);
  const hub = createHub({
    core: server.core,
    log: { ...quietLogger, warn: keep },
    config: { token: TOKEN, ...quotas },
  });
  const stopApp = attachApp(hub, { dispatcher: server.core.dispatcher, log: quietLogger });
  const running: RunningHub = await hub.start();
  const ws = `ws://127.0.0.1:${running.port}`;
  const open: WebSocket[] = [];
  const keepOpen = async (url: string) => {
    const sock = await openWs(url);
    open.push(sock);
    return sock;
  };
  return {
    lines,
    pubUrl: (s: { id: string; token: string }, client = 'c') =>
      `${ws}/api/ws/data-source/${s.id}/${client}?token=${s.token}`,
    subUrl: `${ws}/api/ws/objects/fair?token=${TOKEN}`,
    rpcUrl: `${ws}/api/rpc?token=${TOKEN}`,
    keepOpen,
    async stop() {
      for (const sock of open) sock.close();
      await running.stop();
      await stopApp();
    },
  };
}

const refused = (s: { id: string }) => server.core.connectors.status(s.id)[0]?.refused_connections;

describe('fair shares', () => {
  it("stops one source's publishers at their quota with 429, counted and logged once; others still connect", async () => {
    const [a, b] = [await newSource('flood'), await newSource('quiet')];
    const h = await hubWith({ maxConnectionsPerSource: 3 });
    const pushed: SourceStatus[] = [];
    const off = server.core.events.on((event, payload) => {
      if (event === 'source.statusChanged') pushed.push(payload as SourceStatus);
    });
    try {
      const mine = [await h.keepOpen(h.pubUrl(a)), await h.keepOpen(h.pubUrl(a)), await h.keepOpen(h.pubUrl(a))];
      for (let i = 0; i < 5; i++) {
        const r = await refusalOf(h.pubUrl(a));
        expect(r).toEqual({
          status: 429,
          body: {
            error: {
              code: 'OVERLOADED',
              message: `Data source '${a.id}' already has 3 connections (quota hub.maxConnectionsPerSource).`,
            },
          },
        });
      }
      expect(refused(a)).toBe(5);
      expect(refused(b)).toBe(0);
      // source.statusChanged carries the count with the next status tick.
      await waitFor(async () => pushed.some((p) => p.source_id === a.id && p.refused_connections === 5));
      expect(h.lines.filter((l) => l.startsWith('connections refused by a quota'))).toHaveLength(1);
      // Another source's publisher connects and its push is acknowledged.
      const bSock = await h.keepOpen(h.pubUrl(b));
      bSock.send(JSON.stringify(point('fair-b1', 1, 1, Date.now())));
      expect(await frames(bSock).next()).toMatchObject({ type: 'ack' });
      // A subscriber gets its snapshot, and the RPC socket reports the count in the source's status.
      const sub = await h.keepOpen(h.subUrl);
      const sf = frames(sub);
      sub.send(JSON.stringify({ type: 'subscribe', request_id: 1, filter: 'fair-b1' }));
      expect(await sf.next()).toMatchObject({ type: 'subscribe_ack', request_id: 1 });
      expect(await sf.next()).toMatchObject({ type: 'snapshot', complete: true });
      const rpc = await h.keepOpen(h.rpcUrl);
      const status = (await rpcCall(rpc, 'sources.status', { id: a.id })) as { items: SourceStatus[] };
      expect(status.items[0]).toMatchObject({ source_id: a.id, refused_connections: 5 });
      // Once one of the source's publishers closes, it may connect again.
      const gone = closed(mine[0]!);
      mine[0]!.close();
      await gone;
      await waitFor(() =>
        h.keepOpen(h.pubUrl(a)).then(
          () => true,
          (e: { status?: number }) => (e.status === 429 ? false : Promise.reject(e as Error)),
        ),
      );
      expect((await refusalOf(h.pubUrl(a))).status).toBe(429);
    } finally {
      off();
      await h.stop();
    }
  });

  it("stops the app token's subscribers at the per-token quota, and lets the RPC socket in through its reserve", async () => {
    const h = await hubWith({ maxConnectionsPerToken: 2, reservedRpcSlots: 1 });
    try {
      await h.keepOpen(h.subUrl);
      await h.keepOpen(h.subUrl);
      const r = await refusalOf(h.subUrl);
      expect(r.status).toBe(429);
      expect(r.body.error.message).toBe(
        'The token presented already holds 2 connections (quota hub.maxConnectionsPerToken).',
      );
      const rpc = await h.keepOpen(h.rpcUrl);
      expect((await rpcCall(rpc, 'app.info')).name).toBe('OSM Object Tracker');
      expect((await refusalOf(h.rpcUrl)).status).toBe(429);
    } finally {
      await h.stop();
    }
  });

  it('keeps slots for subscribers and the RPC socket that publishers of many sources cannot take', async () => {
    const [a, b] = [await newSource('many-a'), await newSource('many-b')];
    const h = await hubWith({ maxConnections: 6, reservedRpcSlots: 1, reservedSubscriberSlots: 2 });
    try {
      await h.keepOpen(h.pubUrl(a));
      await h.keepOpen(h.pubUrl(a));
      await h.keepOpen(h.pubUrl(b));
      const r = await refusalOf(h.pubUrl(b));
      expect(r.status).toBe(503);
      expect(r.body.error.message).toMatch(
        /last 3 free connection slots are reserved for subscribers and the app's RPC/,
      );
      expect(refused(b)).toBe(1);
      await h.keepOpen(h.subUrl);
      await h.keepOpen(h.subUrl);
      expect((await refusalOf(h.subUrl)).status).toBe(503);
      await h.keepOpen(h.rpcUrl);
      expect((await refusalOf(h.rpcUrl)).body.error.message).toBe(
        'The hub already holds 6 connections (quota hub.maxConnections).',
      );
    } finally {
      await h.stop();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

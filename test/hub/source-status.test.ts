/**
 * `GET /api/data-sources` and `GET /api/data-sources/{id}` carry each source's live status (state,
 * counters, last error, connected publishers, bound address, poll interval and last answer), for
 * every kind of source: push-only, a listener, a poller, a feed in backoff, a stopped one. Real
 * server in-process, real sockets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sourceStatusSchema } from '../../electron/contract/domain.js';
import { startServer, type RunningServer } from '../../electron/headless/serve.js';
import { waitFor } from '../connectors/harness.js';
import { rest } from '../reliability/serve-process.js';

const TOKEN = 'status-test-app-token-abcdefghij';
let server: RunningServer;
let dataDir: string;
let base: string;
const s = () => ({ base, token: TOKEN });

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const create = async (body: Record<string, unknown>) => {
  const created = await rest(s(), 'POST', '/api/data-sources', body);
  expect(created.status).toBe(201);
  return created.body as { id: string; token: string };
};
const statusOf = async (id: string) => {
  const got = await rest(s(), 'GET', `/api/data-sources/${id}`);
  expect(got.status).toBe(200);
  return got.body.status as Record<string, unknown>;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'status-test-'));
  server = await startServer({ dataDir, port: 0, token: TOKEN, env: { LOG_LEVEL: 'silent' } });
  base = new URL(server.url).origin;
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('source status in REST', () => {
  it('counts what a push-only source received and stored', async () => {
    const src = await create({ name: 'pushed', type: 'websocket' });
    const push = (body: unknown) =>
      rest({ base, token: src.token }, 'POST', `/api/data-sources/${src.id}/objects`, body);
    expect(
      (
        await push({
          osm_id: 'p1',
          type: 'node',
          tags: { kind: 'ship' },
          geom: { type: 'Point', coordinates: [4.4, 51.9] },
        })
      ).status,
    ).toBe(200);

    const status = await statusOf(src.id);
    expect(sourceStatusSchema.parse(status)).toEqual(status);
    expect(status).toMatchObject({
      source_id: src.id,
      state: 'idle',
      received: 1,
      stored: 1,
      rejected: 0,
      last_error: null,
    });
    expect(typeof status['last_message_at']).toBe('string');
  });

  it('shows a listener listening, a feed that cannot connect in backoff and an inactive source stopped', async () => {
    const port = await freePort();
    const listener = await create({ name: 'phones', type: 'osmand', connection_info: { host: '127.0.0.1', port } });
    const dead = await create({
      name: 'dead feed',
      type: 'rest',
      connection_info: { url: `http://127.0.0.1:${await freePort()}/feed`, interval_s: 1 },
    });
    const off = await create({ name: 'off', type: 'websocket', is_active: false });

    await waitFor(async () => (await statusOf(listener.id))['state'] === 'listening', 'the osmand source listening');
    expect((await statusOf(listener.id))['listen_address']).toBe(`127.0.0.1:${port}`);
    await waitFor(
      async () => ['backoff', 'error'].includes((await statusOf(dead.id))['state'] as string),
      'the dead feed failing',
    );
    expect((await statusOf(dead.id))['last_error']).toMatch(/127\.0\.0\.1/);
    expect(await statusOf(off.id)).toMatchObject({ state: 'stopped', received: 0 });

    const list = await rest(s(), 'GET', '/api/data-sources');
    const byId = new Map((list.body.items as { id: string; status: { state: string } }[]).map((i) => [i.id, i]));
    expect(byId.get(listener.id)?.status.state).toBe('listening');
    expect(byId.get(off.id)?.status.state).toBe('stopped');

    // A phone report the listener refuses shows in the listener's counters and last error.
    const refused = await fetch(`http://127.0.0.1:${port}/?lat=43.7&lon=7.4`);
    expect(refused.status).toBe(400);
    await waitFor(async () => (await statusOf(listener.id))['rejected'] === 1, 'the refusal counted');
    expect((await statusOf(listener.id))['last_error']).toBe(
      "The request has no device id (query parameter 'id' or 'deviceid').",
    );
    for (const item of list.body.items as { id: string; status: unknown }[]) {
      expect(sourceStatusSchema.parse(item.status)).toMatchObject({ source_id: item.id });
    }

    const deactivated = await rest(s(), 'POST', `/api/data-sources/${listener.id}/deactivate`);
    expect(deactivated.status).toBe(200);
    expect(await statusOf(listener.id)).toMatchObject({ state: 'stopped', listen_address: null });
  });

  it('counts the publishers connected to a push source, as they come and go', async () => {
    const src = await create({ name: 'boats', type: 'websocket' });
    const connect = (client: string) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws/data-source/${src.id}/${client}`, {
          headers: { Authorization: `Bearer ${src.token}` },
        });
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const publishers = async () => (await statusOf(src.id))['publishers'];
    expect(await publishers()).toBe(0);
    const a = await connect('a');
    const b = await connect('b');
    await waitFor(async () => (await publishers()) === 2, 'two publishers counted');
    expect(await statusOf(src.id)).toMatchObject({ state: 'idle' });
    a.close();
    await waitFor(async () => (await publishers()) === 1, 'one publisher left');
    b.close();
    await waitFor(async () => (await publishers()) === 0, 'no publisher left');
  });

  it("reports a poller's interval and the time of its last answer, a 304 included", async () => {
    let answers = 0;
    const feed = createHttpServer((req, res) => {
      answers++;
      if (req.headers['if-none-match'] === '"v1"') {
        res.statusCode = 304;
        return res.end();
      }
      res.setHeader('etag', '"v1"');
      res.setHeader('content-type', 'application/json');
      res.end('[]');
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = feed.address() as net.AddressInfo;
      const src = await create({
        name: 'poller',
        type: 'rest',
        connection_info: { url: `http://127.0.0.1:${port}/feed`, interval_s: 0.2 },
      });
      await waitFor(async () => answers >= 3, 'three polls answered (the later ones 304)');
      const status = await statusOf(src.id);
      expect(sourceStatusSchema.parse(status)).toEqual(status);
      expect(status).toMatchObject({ state: 'polling', poll_interval_s: 0.2, listen_address: null });
      const answeredAgo = Date.now() - Date.parse(status['last_answer_at'] as string);
      // The first answer came with data; the 304s after it keep the last answer fresh.
      expect(answeredAgo).toBeLessThan(1000);
      await rest(s(), 'POST', `/api/data-sources/${src.id}/deactivate`);
    } finally {
      feed.close();
    }
  });
});

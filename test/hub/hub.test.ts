/**
 * The hub end to end on a real SQLite file and real sockets (in-process startServer): REST routes
 * over the dispatcher, publisher messages and acks, subscriber snapshot and deltas, and hooks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/headless/serve.js';
import type { Logger } from '../../electron/contract/logger.js';
import { createHub, type CreateHubOptions } from '../../electron/core/hub/create-hub.js';
import { sendJson } from '../../electron/core/hub/http-io.js';
import { quietLogger } from '../fakes/quiet-logger.js';
import { closed, frames, openWs, point, rest } from '../reliability/serve-process.js';

const TOKEN = 'hub-test-app-token-abcdefghijk';
let server: RunningServer;
let base: string;
let dataDir: string;
let src: { id: string; token: string };
const s = () => ({ base, token: TOKEN });
const pubUrl = (client = 'c1') =>
  `ws://127.0.0.1:${server.port}/api/ws/data-source/${src.id}/${client}?token=${src.token}`;
const subUrl = () => `ws://127.0.0.1:${server.port}/api/ws/objects/sub?token=${TOKEN}`;

/** Runs `run` against a second hub over the same core, built with `config` (and `log`), and stops it after. */
async function withHub(
  { log = quietLogger, ...config }: Omit<CreateHubOptions['config'], 'token'> & { log?: Logger },
  run: (port: number) => Promise<void>,
): Promise<void> {
  const running = await createHub({ core: server.core, log, config: { token: TOKEN, ...config } }).start();
  try {
    await run(running.port);
  } finally {
    await running.stop();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-test-'));
  server = await startServer({
    dataDir,
    port: 0,
    token: TOKEN,
    env: { LOG_LEVEL: 'silent' },
    setup: ({ hub }) =>
      hub.addRoute('GET', '/api/extra/:name', (_req, res, { params }) => sendJson(res, 200, { hello: params['name'] })),
  });
  base = new URL(server.url).origin;
  const created = await rest(s(), 'POST', '/api/data-sources', { name: 'hub test', type: 'websocket' });
  expect(created.status).toBe(201);
  src = { id: created.body.id, token: created.body.token };
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('hub REST', () => {
  it('answers health without a token and everything else only with one', async () => {
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect((await fetch(`${base}/api/data-sources`)).status).toBe(401);
  });
  it('lists sources and objects as {items,total,limit,offset}', async () => {
    const sources = await rest(s(), 'GET', '/api/data-sources');
    expect(sources.body).toMatchObject({ total: sources.body.items.length, offset: 0 });
    const objects = await rest(s(), 'GET', '/api/objects?limit=5');
    expect(objects.body).toMatchObject({ limit: 5, offset: 0 });
    expect(Array.isArray(objects.body.items)).toBe(true);
  });
  it('pushes through ingest with the source token and filters by query parameters', async () => {
    const push = await rest({ base, token: src.token }, 'POST', `/api/data-sources/${src.id}/objects`, {
      type: 'objects',
      seq: 5,
      objects: [point('r1', 1, 1, Date.now(), { kind: 'boat' }), point('r2', 50, 50, Date.now(), { kind: 'car' })],
    });
    expect(push.status).toBe(200);
    expect(push.body).toMatchObject({ count: 2, seq: 5 });
    const inBox = await rest(s(), 'GET', `/api/objects?bbox=0,0,2,2&source_id=${src.id}`);
    expect(inBox.body.items.map((o: { osm_id: string }) => o.osm_id)).toEqual(['r1']);
    const byTag = await rest(s(), 'GET', `/api/objects?tag=kind=car&type=node`);
    expect(byTag.body.items.map((o: { osm_id: string }) => o.osm_id)).toContain('r2');
    const id = push.body.object_ids[0] as string;
    expect((await rest(s(), 'GET', `/api/objects/${id}`)).body.osm_id).toBe('r1');
    expect((await rest(s(), 'GET', `/api/objects/${id}/history`)).body.items.length).toBe(1);
    expect((await rest(s(), 'PATCH', `/api/objects/${id}`, { tags: { note: 'x' } })).body.tags.note).toBe('x');
    expect((await rest(s(), 'DELETE', `/api/objects/${id}`)).body).toEqual({ id, deleted: true });
    expect((await rest(s(), 'GET', `/api/objects/${id}`)).status).toBe(404);
  });
  it('answers the objects and one object as they were at a moment (at), and refuses a bad moment', async () => {
    const t0 = Date.parse('2026-02-01T10:00:00Z');
    const push = (lon: number, t: number) =>
      rest(
        { base, token: src.token },
        'POST',
        `/api/data-sources/${src.id}/objects`,
        point('when', lon, 1, t, { kind: 'ship' }),
      );
    const first = await push(10, t0);
    await push(20, t0 + 60_000);
    const id = first.body.object_ids[0] as string;
    const at = (iso: string) => rest(s(), 'GET', `/api/objects?source_id=${src.id}&q=when&at=${iso}`);
    expect((await at('2026-02-01T10:00:30Z')).body.items.map((o: { geom: unknown }) => o.geom)).toEqual([
      { type: 'Point', coordinates: [10, 1] },
    ]);
    expect((await at('2026-02-01T10:01:00Z')).body.items[0].geom.coordinates).toEqual([20, 1]);
    expect((await at('2026-02-01T09:59:59Z')).body.items).toEqual([]);
    // Staleness counts from the moment asked for: fresh then, stale now.
    const fresh = `/api/objects?source_id=${src.id}&q=when&filter=-stale`;
    expect((await rest(s(), 'GET', `${fresh}&at=2026-02-01T10:00:30Z`)).body.items).toHaveLength(1);
    expect((await rest(s(), 'GET', fresh)).body.items).toHaveLength(0);
    const one = await rest(s(), 'GET', `/api/objects/${id}?at=2026-02-01T10:00:30Z`);
    expect(one.body).toMatchObject({ id, geom: { coordinates: [10, 1] }, observed_at: '2026-02-01T10:00:00.000Z' });
    const before = await rest(s(), 'GET', `/api/objects/${id}?at=2026-02-01T09:00:00Z`);
    expect(before.status).toBe(404);
    expect(before.body.error.message).toBe(`Object '${id}' was not seen yet at 2026-02-01T09:00:00Z.`);
    const bad = await at('yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/'at'/);
  });
  it('refuses a push without the source token, and bad input with 400', async () => {
    expect(
      (
        await rest(
          { base, token: 'nope-nope-nope-nope' },
          'POST',
          `/api/data-sources/${src.id}/objects`,
          point('x', 1, 1, 1),
        )
      ).status,
    ).toBe(401);
    const bad = await rest({ base, token: src.token }, 'POST', `/api/data-sources/${src.id}/objects`, {
      ...point('x', 1, 1, 1),
      type: 'blob',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/'type'/);
  });
  it('answers 404 for unknown routes, 405 for a wrong method, 400 for a bad parameter', async () => {
    expect((await rest(s(), 'GET', '/api/nothing')).status).toBe(404);
    expect((await rest(s(), 'PUT', '/api/objects')).status).toBe(405);
    expect((await rest(s(), 'GET', '/api/objects?bbox=1,2')).status).toBe(400);
  });
  it('serves routes added through the hook, behind the same door', async () => {
    expect((await rest(s(), 'GET', '/api/extra/me')).body).toEqual({ hello: 'me' });
    expect((await fetch(`${base}/api/extra/me`)).status).toBe(401);
  });
});

describe('hub publishers', () => {
  it('acks a single object after commit with its object id, and a batch once with seq and count', async () => {
    const ws = await openWs(pubUrl());
    const f = frames(ws);
    ws.send(JSON.stringify(point('p1', 2, 3, Date.now())));
    const ack = await f.next();
    expect(ack).toMatchObject({ type: 'ack' });
    expect((await rest(s(), 'GET', `/api/objects/${ack.object_id}`)).body.osm_id).toBe('p1');
    ws.send(
      JSON.stringify({
        type: 'objects',
        seq: 'b1',
        objects: [point('p2', 1, 1, Date.now()), point('p3', 1, 1, Date.now())],
      }),
    );
    expect(await f.next()).toEqual({ type: 'ack', seq: 'b1', count: 2 });
    ws.send(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', id: 'f1', geometry: { type: 'Point', coordinates: [1, 1] }, properties: { kind: 'buoy' } },
        ],
      }),
    );
    expect(await f.next()).toMatchObject({ type: 'ack', count: 1 });
    ws.close();
  });
  it('answers bad input with an error frame carrying seq and keeps the connection open', async () => {
    const ws = await openWs(pubUrl());
    const f = frames(ws);
    ws.send(
      JSON.stringify({
        type: 'objects',
        seq: 9,
        objects: [point('q1', 1, 1, 1), { ...point('q2', 1, 1, 1), geom: { type: 'Point', coordinates: [200, 0] } }],
      }),
    );
    expect(await f.next()).toMatchObject({
      type: 'error',
      seq: 9,
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/objects\[1\].*longitude/),
    });
    ws.send('{nope');
    expect(await f.next()).toMatchObject({ type: 'error', code: 'INVALID_INPUT' });
    ws.send(JSON.stringify(point('q3', 1, 1, Date.now())));
    expect((await f.next()).type).toBe('ack');
    // Nothing of the refused batch was stored.
    expect(
      (await rest(s(), 'GET', `/api/objects?filter=${encodeURIComponent('q1')}&source_id=${src.id}`)).body.items,
    ).toEqual([]);
    ws.close();
  });
  it('stores the update under the authenticated source, never a message field', async () => {
    const ws = await openWs(pubUrl());
    const f = frames(ws);
    ws.send(JSON.stringify({ ...point('spoof', 1, 1, Date.now()), source_id: 'someone-else' }));
    const ack = await f.next();
    expect((await rest(s(), 'GET', `/api/objects/${ack.object_id}`)).body.source_id).toBe(src.id);
    ws.close();
  });
});

describe('hub subscribers', () => {
  it('subscribes with a text filter: ack, snapshot, then coalesced deltas; get_objects answers objects_data', async () => {
    const sub = await openWs(subUrl());
    const f = frames(sub);
    sub.send(JSON.stringify({ type: 'subscribe', request_id: 1, filter: 'kind=sub-test' }));
    expect(await f.next()).toMatchObject({ type: 'subscribe_ack', request_id: 1, snapshot_count: 0 });
    expect(await f.next()).toMatchObject({ type: 'snapshot', objects: [], complete: true });
    const pub = await openWs(pubUrl('c2'));
    const pf = frames(pub);
    pub.send(
      JSON.stringify({
        type: 'objects',
        seq: 1,
        objects: [
          point('d1', 1, 1, Date.now(), { kind: 'sub-test' }),
          point('d2', 1, 1, Date.now(), { kind: 'other' }),
        ],
      }),
    );
    await pf.next();
    const delta = await f.next();
    expect(delta.type).toBe('objects_changed');
    expect(delta.upserted.map((o: { osm_id: string }) => o.osm_id)).toEqual(['d1']);
    sub.send(JSON.stringify({ type: 'get_objects', request_id: 'g', object_types: ['node'], text: 'kind=sub-test' }));
    expect(await f.next()).toMatchObject({ type: 'objects_data', request_id: 'g', total: 1 });
    sub.send(JSON.stringify({ type: 'subscribe', object_types: ['way'] }));
    expect(await f.next()).toMatchObject({ type: 'subscribe_ack' });
    sub.send(JSON.stringify({ type: 'nope' }));
    let m = await f.next();
    while (m.type === 'snapshot') m = await f.next();
    expect(m).toMatchObject({ type: 'error', code: 'INVALID_INPUT' });
    pub.close();
    sub.close();
  });
  it('sends a large snapshot in frames of at most 1,000 objects, only the last complete, then deltas', async () => {
    const at = Date.now();
    const objects = Array.from({ length: 2_500 }, (_, i) => point(`fr${i}`, 2, 2, at, { kind: 'frame-test' }));
    const pushed = await rest({ base, token: src.token }, 'POST', `/api/data-sources/${src.id}/objects`, {
      type: 'objects',
      objects,
    });
    expect(pushed.status).toBe(200);
    const sub = await openWs(subUrl());
    const f = frames(sub);
    sub.send(JSON.stringify({ type: 'subscribe', filter: 'kind=frame-test' }));
    expect(await f.next()).toMatchObject({ type: 'subscribe_ack', snapshot_count: 2_500, total: 2_500 });
    const snapshot: { objects: unknown[]; complete: boolean }[] = [];
    do snapshot.push(await f.next());
    while (!snapshot.at(-1)!.complete);
    expect(snapshot.map((m) => m.objects.length)).toEqual([1000, 1000, 500]);
    expect(snapshot.map((m) => m.complete)).toEqual([false, false, true]);
    const pub = await openWs(pubUrl('c3'));
    pub.send(JSON.stringify(point('fr7', 3, 3, at + 1, { kind: 'frame-test' })));
    expect(await f.next()).toMatchObject({ type: 'objects_changed', upserted: [{ osm_id: 'fr7' }], deleted: [] });
    pub.close();
    sub.close();
  });
  it('closes a subscriber that falls past maxSubscriberPending with 1013, and keeps one within it', async () => {
    await withHub({ maxSubscriberPending: 10 }, async (port) => {
      const url = `ws://127.0.0.1:${port}/api/ws/objects/bound?token=${TOKEN}`;
      const subscribe = async () => {
        const ws = await openWs(url);
        const f = frames(ws);
        ws.send(JSON.stringify({ type: 'subscribe', filter: 'kind=bound-test' }));
        expect(await f.next()).toMatchObject({ type: 'subscribe_ack' });
        expect(await f.next()).toMatchObject({ type: 'snapshot', complete: true });
        return { ws, f, closing: closed(ws) };
      };
      const push = async (prefix: string, n: number) => {
        const objects = Array.from({ length: n }, (_, i) =>
          point(`${prefix}${i}`, 4, 4, Date.now(), { kind: 'bound-test' }),
        );
        const r = await rest({ base, token: src.token }, 'POST', `/api/data-sources/${src.id}/objects`, {
          type: 'objects',
          objects,
        });
        expect(r.status).toBe(200);
      };
      const within = await subscribe();
      await push('bw', 10); // one commit of 10 changes: at the bound, not past it
      expect((await within.f.next()).upserted).toHaveLength(10);
      expect(within.ws.readyState).toBe(within.ws.OPEN);
      await push('bp', 11); // one commit of 11 changes: past the bound before any could be sent
      expect(await within.closing).toMatchObject({ code: 1013, reason: /more than 10 changes pending/ });
    });
  });
  it('closes an oversize subscriber frame with 1009', async () => {
    const sub = await openWs(subUrl());
    const c = closed(sub);
    sub.send(JSON.stringify({ type: 'get_objects', filter: { q: 'x'.repeat(100_000) } }));
    expect((await c).code).toBe(1009);
  });
});

describe('hub logging', () => {
  it('logs refused requests without their query strings, so tokens in ?token= never reach the log', async () => {
    // A second hub over the same core, with a logger that keeps everything it is given (no redaction).
    const lines: string[] = [];
    const capture = (msg: string, fields?: Record<string, unknown>) =>
      void lines.push(`${msg} ${JSON.stringify(fields ?? {})}`);
    const log = { ...quietLogger, debug: capture, info: capture, warn: capture, error: capture };
    await withHub({ log }, async (port) => {
      const status = (p: Promise<unknown>) =>
        p.then(
          () => 101,
          (e: { status?: number }) => e.status,
        );
      expect(
        (
          await fetch(`http://127.0.0.1:${port}/api/objects?token=${TOKEN}`, {
            headers: { origin: 'http://evil.example' },
          })
        ).status,
      ).toBe(403);
      expect(
        await status(
          openWs(`ws://127.0.0.1:${port}/api/ws/objects/x?token=${TOKEN}`, { origin: 'http://evil.example' }),
        ),
      ).toBe(403);
      expect(await status(openWs(`ws://127.0.0.1:${port}/api/ws/nowhere?token=${src.token}`))).toBe(404);
      expect(
        await status(openWs(`ws://127.0.0.1:${port}/api/ws/data-source/${src.id}/x?token=not-the-token-at-all`)),
      ).toBe(401);
      const ws = await openWs(`ws://127.0.0.1:${port}/api/ws/data-source/${src.id}/x?token=${src.token}`);
      ws.close();
      await new Promise((r) => setTimeout(r, 50));
    });
    const text = lines.join('\n');
    expect(text).toMatch(/refused/);
    expect(text).toMatch(/publisher connected/);
    for (const t of [TOKEN, src.token, 'not-the-token-at-all']) expect(text.includes(t)).toBe(false);
  });
});

describe('hub connection limits and heartbeat', () => {
  it('refuses connections beyond maxConnections with 503, and accepts again once one closes', async () => {
    // No reserves: this is the global cap alone (the reserves are tested in fair-shares.test.ts).
    await withHub({ maxConnections: 2, reservedRpcSlots: 0, reservedSubscriberSlots: 0 }, async (port) => {
      const url = `ws://127.0.0.1:${port}/api/ws/objects/lim?token=${TOKEN}`;
      const a = await openWs(url);
      const b = await openWs(url);
      await expect(openWs(url)).rejects.toMatchObject({ status: 503 });
      const gone = closed(a);
      a.close();
      await gone;
      const c = await openWs(url);
      b.close();
      c.close();
    });
  });

  it('drops a peer that stops answering pings and keeps one that answers', async () => {
    await withHub({ heartbeatMs: 100 }, async (port) => {
      const url = `ws://127.0.0.1:${port}/api/ws/objects/hb?token=${TOKEN}`;
      const dead = await openWs(url, { autoPong: false });
      const healthy = await openWs(url);
      const deadClosed = closed(dead);
      expect((await deadClosed).code).toBe(1006);
      expect(healthy.readyState).toBe(healthy.OPEN);
      healthy.close();
    });
  });
});

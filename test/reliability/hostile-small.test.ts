/**
 * Issue 21's small hostile inputs against the real headless server: 1,100 tag conditions, a failed
 * subscribe, a lone surrogate, unknown vs known source ids, repeated wrong tokens. After each the
 * process is alive, health answers and every acknowledged object is still there.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- frames and REST bodies are loosely typed JSON in tests */
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createSource, frames, openWs, point, rest, startServeProcess, type ServeProcess } from './serve-process.js';

const TOKEN = 'hostile-small-Xk3_q9ZpL2vR7tYb1WmN0e';
const TAGS_1100 = Array.from({ length: 1100 }, (_, i) => `tag=k${i.toString(36)}`).join('&');

let dir: string;
let server: ServeProcess;
let src: { id: string; token: string };
const acked: string[] = [];

const wsBase = () => server.base.replace('http', 'ws');
const pubUrl = (id: string, token: string) => `${wsBase()}/api/ws/data-source/${id}/c1?token=${token}`;

/** Sends `frame` on a publisher socket and resolves with the next frame (ack or error). */
async function publish(frame: string): Promise<any> {
  const ws = await openWs(pubUrl(src.id, src.token));
  const f = frames(ws);
  ws.send(frame);
  const reply = await f.next();
  ws.close();
  return reply;
}

/** A WebSocket upgrade's refusal as status and body (the `ws` client hides the body). */
function upgradeAnswer(path: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.base}${path}`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        authorization: `Bearer ${token}`,
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('upgrade', () => reject(new Error(`${path} was upgraded`)));
    req.on('error', reject);
    req.end();
  });
}

/** JSON-RPC over `/api/rpc`: call(method, params) resolves with the reply; notifications are kept. */
async function rpcClient(): Promise<{
  call(method: string, params: unknown): Promise<any>;
  notes: any[];
  ws: WebSocket;
}> {
  const ws = await openWs(`${wsBase()}/api/rpc`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const waiting = new Map<number, (v: any) => void>();
  const notes: any[] = [];
  let id = 0;
  ws.on('message', (d: Buffer) => {
    const msg = JSON.parse(d.toString()) as any;
    if (msg.id === undefined) notes.push(msg);
    else waiting.get(msg.id)?.(msg);
  });
  return {
    ws,
    notes,
    call: (method, params) =>
      new Promise((resolve) => {
        waiting.set(++id, resolve);
        ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      }),
  };
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-small-'));
  server = await startServeProcess({ dataDir: dir, token: TOKEN });
  src = await createSource(server, 'hostile small');
  for (const id of ['keep-1', 'keep-2']) {
    const reply = await publish(JSON.stringify(point(id, 1, 2, Date.now())));
    expect(reply.type).toBe('ack');
    acked.push(id);
  }
}, 90_000);

afterAll(async () => {
  // Survived everything: alive, healthy, nothing acknowledged lost.
  expect(server.child.exitCode).toBeNull();
  expect((await rest(server, 'GET', '/api/health')).status).toBe(200);
  const list = await rest(server, 'GET', `/api/objects?source_id=${src.id}&limit=100`);
  expect(list.body.items.map((o: any) => o.osm_id).sort()).toEqual(expect.arrayContaining(acked));
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('hostile small inputs (real process)', () => {
  it('answers 1,100 tag conditions with 400 naming the limit: REST list and export, RPC, hub subscribe', async () => {
    for (const path of [`/api/objects?${TAGS_1100}`, `/api/export.geojson?${TAGS_1100}`]) {
      const r = await rest(server, 'GET', path);
      expect(r.status, path).toBe(400);
      expect(r.body.error.message).toContain('256');
    }
    const text = `has:${Array.from({ length: 1100 }, (_, i) => i.toString(36)).join(',')}`;
    const viaText = await rest(server, 'GET', `/api/objects?filter=${encodeURIComponent(text)}`);
    expect(viaText.status).toBe(400);
    expect(viaText.body.error.message).toBe(
      'Filter has 1100 tag conditions; the limit is 256 per filter (structured and text parts together).',
    );
    const rpc = await rpcClient();
    const tags = Array.from({ length: 1100 }, (_, i) => ({ key: `k${i}`, op: 'exists' }));
    const listed = await rpc.call('objects.list', { filter: { tags } });
    expect(listed.error.data).toMatchObject({ code: 'INVALID_INPUT' });
    expect(listed.error.data.message).toContain('at most 256 items');
    rpc.ws.close();
    const sub = await openWs(`${wsBase()}/api/ws/objects/s1?token=${TOKEN}`);
    const f = frames(sub);
    sub.send(JSON.stringify({ type: 'subscribe', request_id: 1, filter: text }));
    expect(await f.next()).toMatchObject({ type: 'error', request_id: 1, code: 'INVALID_INPUT' });
    sub.close();
  });

  it('a refused hub subscribe leaves the previous subscription as it was, and sends nothing for it', async () => {
    const sub = await openWs(`${wsBase()}/api/ws/objects/s2?token=${TOKEN}`);
    const seen: any[] = [];
    sub.on('message', (d: Buffer) => seen.push(JSON.parse(d.toString())));
    sub.send(JSON.stringify({ type: 'subscribe', request_id: 1, filter: { kinds: ['ship'] } }));
    await until(() => seen.some((m) => m.type === 'snapshot' && m.complete), 'the first snapshot');
    const first = seen.find((m) => m.type === 'subscribe_ack').subscription_id as string;
    sub.send(JSON.stringify({ type: 'subscribe', request_id: 2, filter: `has:${'a,'.repeat(300)}b` }));
    await until(() => seen.some((m) => m.type === 'error'), 'the refusal');
    expect(seen.find((m) => m.type === 'error')).toMatchObject({ request_id: 2, code: 'INVALID_INPUT' });
    expect((await publish(JSON.stringify(point('after-refusal', 3, 4, Date.now())))).type).toBe('ack');
    acked.push('after-refusal');
    await until(() => seen.some((m) => m.type === 'objects_changed'), 'a delta under the first filter');
    const delta = seen.find((m) => m.type === 'objects_changed');
    expect(delta.subscription_id).toBe(first);
    expect(delta.upserted.map((o: any) => o.osm_id)).toContain('after-refusal');
    expect(seen.filter((m) => m.subscription_id !== undefined && m.subscription_id !== first)).toEqual([]);
    expect(seen.filter((m) => m.type === 'subscribe_ack')).toHaveLength(1);
    sub.close();
  });

  it('a refused RPC live.subscribe or live.update leaves the previous subscription as it was', async () => {
    const rpc = await rpcClient();
    const ok = await rpc.call('live.subscribe', { filter: { kinds: ['ship'] } });
    const id = ok.result.subscription_id as string;
    const bad = { text: 'speed>' };
    expect((await rpc.call('live.subscribe', { filter: bad })).error.data.code).toBe('INVALID_INPUT');
    expect((await rpc.call('live.update', { subscription_id: id, filter: bad })).error.data.code).toBe('INVALID_INPUT');
    expect((await publish(JSON.stringify(point('after-rpc-refusal', 5, 6, Date.now())))).type).toBe('ack');
    acked.push('after-rpc-refusal');
    const changed = (n: any) => n.method === 'objects.changed' && n.params.reset === false;
    await until(() => rpc.notes.some(changed), 'a delta under the first filter');
    const delta = rpc.notes.find(changed);
    expect(delta.params.subscription_id).toBe(id);
    expect(delta.params.upserted.map((o: any) => o.osm_id)).toContain('after-rpc-refusal');
    const liveNotes = rpc.notes.filter((n) => n.method === 'objects.changed');
    expect(liveNotes.every((n) => n.params.subscription_id === id)).toBe(true);
    rpc.ws.close();
  });

  it('refuses a lone surrogate in osm_id (hub frame, REST push) and in tags (RPC edit) with 400 naming the field', async () => {
    const frame = `{"osm_id":"abc\\ud800","type":"node","tags":{},"geom":{"type":"Point","coordinates":[1,2]}}`;
    const reply = await publish(frame);
    expect(reply).toMatchObject({ type: 'error', code: 'INVALID_INPUT' });
    expect(reply.message).toContain("Field 'osm_id' holds a lone UTF-16 surrogate");
    const res = await fetch(`${server.base}/api/data-sources/${src.id}/objects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${src.token}`, 'content-type': 'application/json' },
      body: frame,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toContain("'osm_id' holds a lone UTF-16 surrogate");
    const kept = (await rest(server, 'GET', `/api/objects?source_id=${src.id}&limit=100`)).body.items as any[];
    expect(kept.some((o) => o.osm_id.startsWith('abc'))).toBe(false);
    const rpc = await rpcClient();
    const edit = await rpc.call('objects.update', { id: kept[0].id, tags: JSON.parse('{"name":"x\\udc00"}') });
    expect(edit.error.data).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'tags.name' } });
    rpc.ws.close();
  });

  it('answers an unknown source id exactly as a known one when the token is not valid', async () => {
    const push = async (id: string, token?: string) => {
      const res = await fetch(`${server.base}/api/data-sources/${id}/objects`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(point('x', 1, 2, Date.now())),
      });
      return { status: res.status, body: await res.text() };
    };
    const wrong = 'not-the-token-of-any-source-0123';
    for (const token of [wrong, undefined]) {
      const known = await push(src.id, token);
      expect(known.status).toBe(401);
      expect(await push('no-such-source', token)).toEqual(known);
    }
    const knownWs = await upgradeAnswer(`/api/ws/data-source/${src.id}/c1`, wrong);
    const unknownWs = await upgradeAnswer('/api/ws/data-source/no-such-source/c1', wrong);
    expect(knownWs.status).toBe(401);
    expect(unknownWs.status).toBe(401);
    // The message names the id the caller sent, and nothing else differs.
    expect(unknownWs.body.replace('no-such-source', src.id)).toBe(knownWs.body);
  });

  it('answers repeated wrong tokens with 401s that slow down, while a correct client is served at once', async () => {
    const attempt = async () => {
      const t0 = performance.now();
      const res = await fetch(`${server.base}/api/objects`, { headers: { authorization: 'Bearer wrong-token-0123' } });
      return { status: res.status, ms: performance.now() - t0 };
    };
    const answers: Array<{ status: number; ms: number }> = [];
    for (let i = 0; i < 8; i++) answers.push(await attempt());
    expect(answers.every((a) => a.status === 401)).toBe(true);
    // Timers never fire early: by the 8th consecutive failure the answer waited at least 400 ms.
    expect(answers[7]!.ms).toBeGreaterThanOrEqual(400);
    expect(answers[7]!.ms).toBeGreaterThan(answers[0]!.ms);
    // While the next (slowest) refusal waits, a correct client and health are answered first.
    const order: string[] = [];
    const slow = attempt().then((a) => order.push(`refused ${a.status}`));
    const good = rest(server, 'GET', '/api/objects?limit=1').then((r) => order.push(`served ${r.status}`));
    const health = rest(server, 'GET', '/api/health').then((r) => order.push(`health ${r.status}`));
    await Promise.all([slow, good, health]);
    expect(order.slice(0, 2).sort()).toEqual(['health 200', 'served 200']);
    expect(order[2]).toBe('refused 401');
    expect(server.stderr()).toContain('token refused');
    expect(server.stderr()).not.toContain('wrong-token-0123');
  }, 60_000);
});

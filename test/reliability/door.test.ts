/**
 * The hub is a door (ARCHITECTURE §9), checked on the real server process: each refusal with its
 * status or close code, each beside the same request accepted, an oversize frame closing only its
 * own connection, and no token ever written to the log file.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closed,
  createSource,
  frames,
  openWs,
  point,
  rest,
  startServeProcess,
  type ServeProcess,
} from './serve-process.js';

const TOKEN = 'door-app-token-abcdefghijklmnop';
let server: ServeProcess;
let dataDir: string;
let src: { id: string; token: string };
let other: { id: string; token: string };
let inactive: { id: string; token: string };

/** A raw HTTP GET with exactly the headers given (fetch would not let us forge Host). */
function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((res, rej) => {
    const r = request({ host: '127.0.0.1', port: server.port, path, headers, setHost: false }, (resp) => {
      resp.resume();
      res(resp.statusCode ?? 0);
    });
    r.on('error', rej);
    r.end();
  });
}
const hostHeader = () => `127.0.0.1:${server.port}`;
const pubUrl = (id: string, q = '') => `ws://127.0.0.1:${server.port}/api/ws/data-source/${id}/door${q}`;
const subUrl = (q = '') => `ws://127.0.0.1:${server.port}/api/ws/objects/door${q}`;
const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 101,
    (e: { status?: number }) => e.status ?? -1,
  );

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-door-'));
  server = await startServeProcess({ dataDir, token: TOKEN });
  src = await createSource(server, 'door');
  other = await createSource(server, 'other');
  inactive = await createSource(server, 'inactive', false);
}, 90_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the hub door (real process)', () => {
  it('refuses a foreign Origin with 403 on REST and upgrades, and accepts its own origin', async () => {
    const auth = { host: hostHeader(), authorization: `Bearer ${TOKEN}` };
    expect(await rawGet('/api/objects', { ...auth, origin: 'http://evil.example' })).toBe(403);
    expect(await rawGet('/api/objects', { ...auth, origin: `http://127.0.0.1:${server.port}` })).toBe(200);
    expect(
      await statusOf(
        openWs(subUrl(), { headers: { authorization: `Bearer ${TOKEN}` }, origin: 'http://evil.example' }),
      ),
    ).toBe(403);
    const ok = await openWs(subUrl(), {
      headers: { authorization: `Bearer ${TOKEN}` },
      origin: `http://127.0.0.1:${server.port}`,
    });
    ok.close();
  });

  it('refuses a rebinding Host with 421 and accepts loopback names', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(await rawGet('/api/objects', { ...auth, host: `attacker.example:${server.port}` })).toBe(421);
    expect(await rawGet('/api/health', { host: 'attacker.example' })).toBe(421);
    expect(await rawGet('/api/objects', { ...auth, host: `localhost:${server.port}` })).toBe(200);
    expect(await statusOf(openWs(subUrl(), { headers: { ...auth, host: `attacker.example:${server.port}` } }))).toBe(
      421,
    );
  });

  it('refuses a missing or wrong app token with 401 and accepts Bearer and ?token=', async () => {
    expect((await rest({ base: server.base, token: '' }, 'GET', '/api/objects')).status).toBe(401);
    expect((await rest({ base: server.base, token: 'wrong-token-wrong-token' }, 'GET', '/api/objects')).status).toBe(
      401,
    );
    expect((await rest(server, 'GET', '/api/objects')).status).toBe(200);
    expect((await fetch(`${server.base}/api/objects?token=${TOKEN}`)).status).toBe(200);
    expect(await statusOf(openWs(subUrl()))).toBe(401);
    expect(await statusOf(openWs(subUrl('?token=nope-nope-nope-nope')))).toBe(401);
    (await openWs(subUrl(`?token=${TOKEN}`))).close();
  });

  it("refuses a publisher without a token or with another source's token (401), accepts its own", async () => {
    expect(await statusOf(openWs(pubUrl(src.id)))).toBe(401);
    expect(await statusOf(openWs(pubUrl(src.id, `?token=${other.token}`)))).toBe(401);
    expect(await statusOf(openWs(pubUrl(src.id), { headers: { authorization: `Bearer ${TOKEN}` } }))).toBe(401);
    const ws = await openWs(pubUrl(src.id, `?token=${src.token}`));
    const f = frames(ws);
    ws.send(JSON.stringify(point('door-1', 1, 2, Date.now())));
    expect((await f.next()).type).toBe('ack');
    ws.close();
  });

  it('closes an inactive source with 1008 and a reason; an activated one is accepted; an unknown one is a 401', async () => {
    // Closed at once: an update sent right after the upgrade is never acknowledged.
    const ws = await openWs(pubUrl(inactive.id, `?token=${inactive.token}`));
    const seen: unknown[] = [];
    ws.on('message', (d: Buffer) => seen.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify(point('while-inactive', 1, 2, Date.now())));
    const c = await closed(ws);
    expect(c.code).toBe(1008);
    expect(c.reason).toBe(`Data source '${inactive.id}' is inactive.`);
    expect(seen).toEqual([]);
    // Without its own valid token, an unknown source is answered as a known one with a wrong token.
    await expect(openWs(pubUrl('no-such-source', `?token=${src.token}`))).rejects.toMatchObject({ status: 401 });
    await expect(openWs(pubUrl(src.id, `?token=${inactive.token}`))).rejects.toMatchObject({ status: 401 });
    expect((await rest(server, 'POST', `/api/data-sources/${inactive.id}/activate`)).status).toBe(200);
    const again = await openWs(pubUrl(inactive.id, `?token=${inactive.token}`));
    const f = frames(again);
    again.send(JSON.stringify({ type: 'ping' }));
    expect((await f.next()).type).toBe('pong');
    // Deactivating it while connected closes the publisher with 1008.
    const gone = closed(again);
    expect((await rest(server, 'POST', `/api/data-sources/${inactive.id}/deactivate`)).status).toBe(200);
    expect((await gone).code).toBe(1008);
  });

  it('closes only the oversize connection with 1009; the process and other connections live on', async () => {
    const bystander = await openWs(pubUrl(src.id, `?token=${src.token}`));
    const fb = frames(bystander);
    const big = await openWs(pubUrl(src.id, `?token=${src.token}`));
    const bigClosed = closed(big);
    big.send(JSON.stringify({ ...point('big', 0, 0, Date.now()), tags: { blob: 'x'.repeat(2 * 1024 * 1024) } }));
    expect((await bigClosed).code).toBe(1009);
    // A frame just under the limit is not closed (it is refused as a message instead).
    const under = await openWs(pubUrl(src.id, `?token=${src.token}`));
    const fu = frames(under);
    under.send(JSON.stringify({ ...point('under', 0, 0, Date.now()), tags: { blob: 'x'.repeat(512 * 1024) } }));
    expect((await fu.next()).type).toBe('error');
    under.close();
    bystander.send(JSON.stringify(point('after-1009', 3, 4, Date.now())));
    expect((await fb.next()).type).toBe('ack');
    bystander.close();
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
  });

  it('never writes a token to the log file', async () => {
    // Every token has been used above, in headers and in query strings, accepted and refused; these
    // refusals are logged with their paths, whose query strings carry real tokens.
    await rest(server, 'GET', `/api/objects?token=${TOKEN}&limit=1`);
    expect(await rawGet(`/api/objects?token=${TOKEN}`, { host: 'rebind.example' })).toBe(421);
    expect(await statusOf(openWs(subUrl(`?token=${TOKEN}`), { origin: 'http://evil.example' }))).toBe(403);
    expect(await statusOf(openWs(pubUrl(src.id, `?token=${other.token}`), { origin: 'http://evil.example' }))).toBe(
      403,
    );
    expect(await statusOf(openWs(`ws://127.0.0.1:${server.port}/api/ws/nowhere?token=${src.token}`))).toBe(404);
    const logDir = join(dataDir, 'logs');
    const text =
      readdirSync(logDir)
        .map((f) => readFileSync(join(logDir, f), 'utf8'))
        .join('\n') + server.stderr();
    expect(text.length).toBeGreaterThan(0);
    expect(text).toMatch(/publisher/);
    for (const t of [TOKEN, src.token, other.token, inactive.token])
      expect(text.includes(t), 'a token leaked into the log').toBe(false);
  });
});

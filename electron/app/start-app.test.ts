// The one assembly on real SQLite files and real sockets: the hub's port fallback (optional, as in
// Electron) against a start that fails (required, as headless), the renderer and `/api/rpc` served by
// both, settings reaching the hub (publisher frame limit), and stop() running the setup's stop.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tryUpgrade } from '../../test/hub/ws-probes.js';
import { closed, createSource, openWs } from '../../test/reliability/serve-process.js';
import { startApp, type RunningApp, type StartAppOptions } from './start-app.js';

const TOKEN = 'start-app-test-token-0123456789';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'start-app-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(options: Partial<StartAppOptions> & { hubSettings?: object } = {}): Promise<RunningApp> {
  const { hubSettings, ...rest } = options;
  const app = await startApp({
    mode: 'headless',
    env: { LOG_LEVEL: 'silent' },
    dataDir: tempDir(),
    ...rest,
    overrides: { appToken: TOKEN, hub: { port: 0, ...hubSettings }, ...rest.overrides },
  });
  cleanups.push(() => app.stop());
  return app;
}

/** Holds a port on 127.0.0.1 so the hub cannot take it. */
async function takenPort(): Promise<number> {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  return (blocker.address() as { port: number }).port;
}

describe('startApp', () => {
  it('moves an optional hub (Electron) to a free port when its port is taken', async () => {
    const port = await takenPort();
    const app = await start({ hub: 'optional', hubSettings: { port } });
    expect(app.port).not.toBe(port);
    expect(app.hubUrl).toBe(`http://127.0.0.1:${app.port}`);
    expect((await fetch(`${app.hubUrl}/api/health`)).status).toBe(200);
    const info = await app.core.dispatcher.dispatch('app.info', {}, appContext());
    expect(info).toMatchObject({ ok: true, result: { hub_url: app.hubUrl } });
  });

  it('fails a required hub (headless) on a taken port and closes the database it opened', async () => {
    const port = await takenPort();
    const dataDir = tempDir();
    await expect(startApp({ mode: 'headless', env: {}, dataDir, overrides: { hub: { port } } })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    // A closed SQLite database in WAL mode leaves no -wal file behind.
    expect(existsSync(path.join(dataDir, 'tracker.db'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'tracker.db-wal'))).toBe(false);
  });

  it('runs without an optional hub that cannot listen at all, and refuses to start a required one', async () => {
    // 192.0.2.1 (TEST-NET-1) is on no local interface: listening fails with EADDRNOTAVAIL, not EADDRINUSE.
    const unbindable = { host: '192.0.2.1', allowRemote: true };
    const app = await start({ hub: 'optional', hubSettings: unbindable });
    expect([app.hub, app.hubUrl, app.port]).toEqual([null, null, null]);
    const info = await app.core.dispatcher.dispatch('app.info', {}, appContext());
    expect(info).toMatchObject({ ok: true, result: { hub_url: null } });
    await expect(start({ hub: 'required', hubSettings: unbindable })).rejects.toMatchObject({
      code: 'EADDRNOTAVAIL',
    });
  });

  it('serves the renderer without a token and /api/rpc only with one', async () => {
    const rendererDir = tempDir();
    mkdirSync(path.join(rendererDir, 'assets'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>tracker</title>');
    const app = await start({ rendererDir });
    const page = await fetch(`${app.hubUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<title>tracker</title>');
    const ws = app.hubUrl!.replace(/^http/, 'ws');
    expect(await tryUpgrade(`${ws}/api/rpc?token=${TOKEN}`)).toBe('open');
    expect(await tryUpgrade(`${ws}/api/rpc`)).toBe(401);
  });

  it('serves only the API when no renderer is given', async () => {
    const app = await start();
    expect((await fetch(`${app.hubUrl}/`)).status).toBe(404);
  });

  it('gives publishers the frame limit of hub.maxPayloadBytes: 1009 above it, an answer below it', async () => {
    const app = await start({ hubSettings: { maxPayloadBytes: 4096 } });
    const source = await createSource({ base: app.hubUrl!, token: TOKEN });
    const url = `${app.hubUrl!.replace(/^http/, 'ws')}/api/ws/data-source/${source.id}/c1?token=${source.token}`;
    const small = await openWs(url);
    const answer = new Promise<string>((resolve) => small.once('message', (data) => resolve(String(data))));
    small.send(JSON.stringify({ osm_id: 'a', type: 'node', tags: { pad: 'x'.repeat(3000) }, geom: 'POINT(1 2)' }));
    expect(JSON.parse(await answer)).toMatchObject({ type: 'ack' });
    small.close();
    const big = await openWs(url);
    const end = closed(big);
    big.send(JSON.stringify({ osm_id: 'b', type: 'node', tags: { pad: 'x'.repeat(5000) }, geom: 'POINT(1 2)' }));
    expect((await end).code).toBe(1009);
  });

  it('stops the setup it was given, once, however often stop() is called', async () => {
    let stops = 0;
    const app = await startApp({
      mode: 'headless',
      env: { LOG_LEVEL: 'silent' },
      dataDir: tempDir(),
      overrides: { appToken: TOKEN, hub: { port: 0 } },
      setup: () => () => void stops++,
    });
    await Promise.all([app.stop(), app.stop()]);
    await app.stop();
    expect(stops).toBe(1);
  });
});

function appContext() {
  return { clientId: 'test', principal: { kind: 'app' as const }, push: () => undefined, onClose: () => undefined };
}

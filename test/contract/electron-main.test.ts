// The bundled Electron main (dist/main/main.cjs) run in Node over a fake electron runtime: the core
// and hub start at ready with the data dir from userData, the window is secure and titled with the
// hub address, the IPC bridge answers only our window, the app:// protocol serves with CSP, the
// guards deny navigation/new windows/permissions, and quit flushes and closes the database.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const runtime = path.join(root, 'test/fakes/electron-runtime.cjs');
type Message = { type: string; id?: number; result?: unknown; error?: string; [k: string]: unknown };
let child: ChildProcess;
let dir: string;
const messages: Message[] = [];
let nextId = 1;

function waitFor(match: (m: Message) => boolean, ms = 30_000): Promise<Message> {
  return new Promise((resolve, reject) => {
    const found = messages.find(match);
    if (found) return resolve(found);
    const timer = setTimeout(() => reject(new Error(`Timed out; saw ${messages.map((m) => m.type).join(', ')}`)), ms);
    const on = (m: Message) => {
      if (!match(m)) return;
      clearTimeout(timer);
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
  });
}

async function ask(msg: Record<string, unknown>): Promise<unknown> {
  const id = nextId++;
  child.send({ ...msg, id });
  const reply = await waitFor((m) => m.type === 'reply' && m.id === id);
  if (reply.error) throw new Error(reply.error);
  return reply.result;
}

beforeAll(async () => {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--only', 'main'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
  dir = mkdtempSync(path.join(tmpdir(), 'electron-main-'));
  child = fork(path.join(root, 'dist/main/main.cjs'), [], {
    execArgv: ['--require', runtime],
    env: { ...process.env, FAKE_USER_DATA: dir, TRACKER_PORT: '0', TRACKER_DATA_DIR: '' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.on('message', (m: Message) => messages.push(m));
  await waitFor((m) => m.type === 'window' || m.type === 'errorBox');
}, 120_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('Electron main (bundled) over a fake electron', () => {
  it('starts the core and the hub, and opens a secure window titled with the hub address', async () => {
    expect(messages.find((m) => m.type === 'errorBox')).toBeUndefined();
    const win = await waitFor((m) => m.type === 'window');
    expect(win.title).toMatch(/^OSM Object Tracker — hub http:\/\/127\.0\.0\.1:\d+$/);
    expect(win.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect((win.webPreferences as { preload: string }).preload).toBe(path.join(root, 'dist/main/preload.cjs'));
    expect((await waitFor((m) => m.type === 'loadURL')).url).toBe('app://tracker/index.html');
    expect((await waitFor((m) => m.type === 'schemes')).schemes).toEqual(['app', 'tiles']);
    expect((await waitFor((m) => m.type === 'menu')).labels).toEqual(expect.arrayContaining(['File', 'View', 'help']));
  });

  it('answers our window over IPC and refuses a foreign sender and a sub-frame', async () => {
    const info = (await ask({ type: 'invoke', payload: { method: 'app.info', params: {} } })) as {
      ok: boolean;
      result: Record<string, unknown>;
    };
    expect(info).toMatchObject({ ok: true });
    expect(info.result).toMatchObject({ mode: 'electron', data_dir: dir, version: '0.1.0-test' });
    expect(info.result.hub_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const who of [{ sender: 'foreign' }, { frame: 'sub' }]) {
      expect(await ask({ type: 'invoke', ...who, payload: { method: 'app.info', params: {} } })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
  });

  it('lists a view saved by the window in the Views menu (rebuilt on views.changed)', async () => {
    expect((await waitFor((m) => m.type === 'menu')).labels).toContain('Views');
    const saved = await ask({
      type: 'invoke',
      payload: {
        method: 'views.save',
        params: {
          name: 'Harbour watch',
          view: { filter: { text: 'kind=ship', types: [], kinds: [], source_ids: [] } },
        },
      },
    });
    expect(saved).toMatchObject({ ok: true });
    await waitFor((m) => m.type === 'menu' && (m.views as string[]).includes('Harbour watch'));
  });

  it('serves the renderer on app:// with the CSP and refuses other hosts', async () => {
    if (existsSync(path.join(root, 'dist/renderer/index.html'))) {
      const page = (await ask({ type: 'fetch', url: 'app://tracker/index.html' })) as { status: number; csp: string };
      expect(page.status).toBe(200);
      expect(page.csp).toContain("script-src 'self'");
    }
    expect(await ask({ type: 'fetch', url: 'app://elsewhere/index.html' })).toMatchObject({ status: 400 });
    expect(await ask({ type: 'fetch', url: 'app://tracker/no-such-file.js' })).toMatchObject({ status: 404 });
  });

  it('denies navigation, new windows and permission requests; opens user links outside', async () => {
    expect(await ask({ type: 'guards' })).toEqual({ navigationBlocked: true, windowOpen: 'deny', permission: false });
    expect((await waitFor((m) => m.type === 'openExternal')).url).toBe('https://www.openstreetmap.org/');
  });

  it('quits only after the database is flushed and closed', async () => {
    const created = (await ask({
      type: 'invoke',
      payload: { method: 'sources.create', params: { name: 'kept over quit', type: 'rest' } },
    })) as { ok: boolean };
    expect(created).toMatchObject({ ok: true });
    // An import goes through the ingest pipeline and the bundled writer worker (ingest-writer-worker.cjs).
    const content = JSON.stringify({
      type: 'Feature',
      properties: { name: 'imported before quit' },
      geometry: { type: 'Point', coordinates: [7, 8] },
    });
    const imported = await ask({
      type: 'invoke',
      payload: { method: 'files.import', params: { name: 'one.geojson', content } },
    });
    expect(imported).toMatchObject({ ok: true, result: { imported: 1 } });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.send({ type: 'quit' });
    expect(await exited).toBe(0);
    expect(existsSync(path.join(dir, 'tracker.db-wal'))).toBe(false);
    const db = new Database(path.join(dir, 'tracker.db'), { readonly: true });
    expect(db.prepare('select name from data_sources order by name').all()).toEqual([
      { name: 'kept over quit' },
      { name: 'one.geojson' },
    ]);
    expect(db.prepare('select name from osm_objects').all()).toEqual([{ name: 'imported before quit' }]);
    db.close();
  }, 60_000);
});

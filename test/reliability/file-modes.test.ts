/**
 * Private by default (docs/security.md): the real headless server on a fresh data folder and on an
 * existing 0755 one with 0644 files from before; after pushes, a backup and a stop, every folder is 0700
 * and every file 0600. Feed credentials are ciphertext in the database and masked over REST.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../electron/headless/serve.js';
import { createSource, point, rest, startServeProcess, type ServeProcess } from './serve-process.js';

const root = mkdtempSync(join(tmpdir(), 'file-modes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every path under `dir` (itself included) whose mode is not 0700 (folders) or 0600 (files), with its mode. */
function offenders(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const st = statSync(p);
    const mode = st.mode & 0o777;
    const want = st.isDirectory() ? 0o700 : 0o600;
    if (mode !== want) out.push(`${relative(dir, p) || '.'} is ${mode.toString(8)}, want ${want.toString(8)}`);
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
  };
  walk(dir);
  return out;
}

/** Every path under `dir` made wide, as an older version (umask 022) left them. */
function widen(dir: string): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) widen(p);
    else chmodSync(p, 0o644);
  }
  chmodSync(dir, 0o755);
}

const SECRET_INFO = {
  url: 'http://feeder:hunter2@127.0.0.1:9/ships?api_key=k-42',
  headers: { Authorization: 'Bearer s3cret' },
  interval_s: 600,
};

/** Pushes objects, stores a credential, checks it is masked; checks modes while the writer runs; stops (backup at close). */
async function exercise(dataDir: string): Promise<{ running: string[]; stopped: string[]; sourceId: string }> {
  const server: ServeProcess = await startServeProcess({ dataDir });
  let sourceId = '';
  let running: string[];
  try {
    const feed = await createSource(server, 'modes');
    const objects = Array.from({ length: 200 }, (_, i) => point(`m${i}`, 10 + i / 1000, 53.5, Date.now()));
    const pushed = await rest(
      { base: server.base, token: feed.token },
      'POST',
      `/api/data-sources/${feed.id}/objects`,
      objects,
    );
    expect(pushed.status, JSON.stringify(pushed.body)).toBeLessThan(300);
    const created = await rest(server, 'POST', '/api/data-sources', {
      name: 'secret poll',
      type: 'rest',
      connection_info: SECRET_INFO,
      is_active: false,
    });
    expect(created.status).toBe(201);
    sourceId = created.body.id as string;
    const got = await rest(server, 'GET', `/api/data-sources/${sourceId}`);
    expect(got.body.connection_info).toMatchObject({
      url: 'http://feeder:••••@127.0.0.1:9/ships?api_key=••••',
      headers: { Authorization: '••••' },
    });
    // The mask sent back keeps the secret (a REST PATCH, as a script would send it).
    const patched = await rest(server, 'PATCH', `/api/data-sources/${sourceId}`, {
      connection_info: { ...got.body.connection_info, interval_s: 300 },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    // Give the writer thread and its checkpointer time to create and reuse -wal/-shm.
    await new Promise((r) => setTimeout(r, 1500));
    running = offenders(dataDir);
  } finally {
    const code = await server.stop();
    expect(code, server.stderr().slice(-3000)).toBe(0);
  }
  return { running, stopped: offenders(dataDir), sourceId };
}

/** The stored connection_info of a source, read past the app. */
function rawInfo(dataDir: string, id: string): string {
  const db = new Database(join(dataDir, 'tracker.db'), { readonly: true });
  try {
    return (db.prepare('SELECT connection_info FROM data_sources WHERE id = ?').get(id) as { connection_info: string })
      .connection_info;
  } finally {
    db.close();
  }
}

describe('file modes of everything the app writes', () => {
  it('a fresh data folder: 0700 folders, 0600 files, ciphertext credentials', { timeout: 180_000 }, async () => {
    const dataDir = join(root, 'fresh', 'data');
    const { running, stopped, sourceId } = await exercise(dataDir);
    expect(running, `while running:\n${running.join('\n')}`).toEqual([]);
    expect(stopped, `after stop:\n${stopped.join('\n')}`).toEqual([]);
    const names = readdirSync(dataDir);
    expect(names).toEqual(expect.arrayContaining(['tracker.db', 'backups', 'logs', 'secret.key']));
    expect(readdirSync(join(dataDir, 'backups')).length).toBeGreaterThan(0);
    const raw = rawInfo(dataDir, sourceId);
    expect(raw).not.toMatch(/hunter2|s3cret|k-42/);
    expect(raw).toMatch(/enc:v1:/);
    expect(JSON.parse(raw)).toMatchObject({ interval_s: 300 });
  });

  it('an existing 0755 folder with 0644 files from before is tightened', { timeout: 180_000 }, async () => {
    const dataDir = join(root, 'existing');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    await exercise(dataDir);
    widen(dataDir);
    expect(offenders(dataDir).length).toBeGreaterThan(3);
    const { running, stopped } = await exercise(dataDir);
    expect(running, `while running:\n${running.join('\n')}`).toEqual([]);
    expect(stopped, `after stop:\n${stopped.join('\n')}`).toEqual([]);
  });

  it('an export the app writes to a path is 0600, also over an existing 0644 file', { timeout: 120_000 }, async () => {
    const dataDir = join(root, 'export', 'data');
    const outDir = join(root, 'export', 'out');
    mkdirSync(outDir, { recursive: true });
    const existing = join(outDir, 'old.geojson');
    writeFileSync(existing, 'old', { mode: 0o644 });
    chmodSync(existing, 0o644);
    const server = await startServer({ dataDir, port: 0, env: {} });
    try {
      await server.core.files.exportPath(join(outDir, 'new.geojson'), { format: 'geojson' });
      await server.core.files.exportPath(existing, { format: 'geojson' });
    } finally {
      await server.stop();
    }
    expect(statSync(join(outDir, 'new.geojson')).mode & 0o777).toBe(0o600);
    expect(statSync(existing).mode & 0o777).toBe(0o600);
    const inside = offenders(dataDir);
    expect(inside, inside.join('\n')).toEqual([]);
  });

  it(
    'credentials an older version stored in plain text are sealed at the next start',
    { timeout: 120_000 },
    async () => {
      const dataDir = join(root, 'plain', 'data');
      let server = await startServer({ dataDir, port: 0, env: {} });
      let id: string;
      try {
        id = (
          await server.core.store.createSource({
            name: 'old poll',
            description: '',
            type: 'rest',
            connectionInfo: { interval_s: 600 },
            isActive: false,
            tokenHash: '',
          })
        ).id;
      } finally {
        await server.stop();
      }
      // What a version before sealing left in the row.
      const db = new Database(join(dataDir, 'tracker.db'));
      db.prepare('UPDATE data_sources SET connection_info = ? WHERE id = ?').run(JSON.stringify(SECRET_INFO), id);
      db.close();
      expect(rawInfo(dataDir, id)).toMatch(/hunter2/);
      server = await startServer({ dataDir, port: 0, env: {} });
      try {
        const raw = rawInfo(dataDir, id);
        expect(raw).not.toMatch(/hunter2|s3cret|k-42/);
        expect(JSON.parse(raw)).toMatchObject({
          interval_s: 600,
          headers: { Authorization: expect.stringMatching(/^enc:v1:/) },
        });
        const shown = (await server.core.store.getSource(id)).connection_info;
        expect(JSON.stringify(shown)).not.toMatch(/hunter2/);
      } finally {
        await server.stop();
      }
    },
  );
});

/**
 * Saved views over the hub's REST routes on a real headless server: save (replacing by name), list,
 * delete, and one-sentence 400s naming the bad field.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/headless/serve.js';
import { rest } from '../reliability/serve-process.js';

const TOKEN = 'views-routes-token-abcdefghijkl';
const VIEW = {
  filter: { text: 'kind=ship', types: [], kinds: [], source_ids: [] },
  map: { zoom: 14, lat: 43.7384, lon: 7.4246 },
  time: { live: true },
};

describe('saved views over the hub', () => {
  let server: RunningServer;
  let dataDir: string;
  const s = () => ({ base: new URL(server.url).origin, token: TOKEN });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'views-routes-'));
    server = await startServer({ dataDir, port: 0, token: TOKEN, env: { LOG_LEVEL: 'silent' } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('saves, replaces by name, lists and deletes a view', async () => {
    const saved = await rest(s(), 'POST', '/api/views', { name: 'Harbour', view: VIEW });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: 'Harbour', view: VIEW });
    const id = saved.body.id as string;
    const replaced = await rest(s(), 'POST', '/api/views', { name: 'Harbour', view: { ...VIEW, map: undefined } });
    expect(replaced.body).toMatchObject({ id, view: { filter: VIEW.filter, time: VIEW.time } });
    const list = await rest(s(), 'GET', '/api/views');
    expect(list.body).toEqual({ items: [replaced.body], total: 1, limit: 1, offset: 0 });
    expect((await rest(s(), 'DELETE', `/api/views/${id}`)).body).toEqual({ id, deleted: true });
    expect((await rest(s(), 'DELETE', `/api/views/${id}`)).status).toBe(404);
  });

  it('refuses a bad view with 400 and a sentence naming the field', async () => {
    const bad = await rest(s(), 'POST', '/api/views', { name: 'Bad', view: { ...VIEW, basemap: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: "Parameter 'view.basemap' must not be empty, got ''.",
    });
  });
});

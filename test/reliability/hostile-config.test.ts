// Stored settings can never stop the app: deep or huge connection_info is refused with a 400 naming
// the field and the limit (REST and RPC); bad rows written straight into the database leave their
// source in error while the app starts and the good sources run; the worst accepted settings of
// every source type survive a restart and run.
/* eslint-disable @typescript-eslint/no-explicit-any -- REST and RPC answers are loosely typed JSON in tests */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worstInfoByType } from '../connectors/worst-settings.js';
import { deepJson, openRpc, restRaw, startFeeds, until, type Feeds } from './hostile-config-kit.js';
import { rest, startServeProcess, type ServeProcess } from './serve-process.js';

const TOKEN = 'hostile-config-test-token-6f1c0d2e9a7b4c35';
const DEPTH_SENTENCE = "Field 'connection_info.subscribe_message' is nested more than 32 levels deep.";
const dirs: string[] = [];
let feeds: Feeds;

beforeAll(async () => {
  feeds = await startFeeds();
});
afterAll(async () => {
  await feeds.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-config-'));
  dirs.push(dir);
  return dir;
}

const serve = (dir: string) => startServeProcess({ dataDir: dir, token: TOKEN, env: { LOG_LEVEL: 'warn' } });

async function statuses(s: ServeProcess): Promise<Map<string, any>> {
  const rpc = await openRpc(s.base, TOKEN);
  try {
    const { items } = await rpc.call('sources.status');
    return new Map((items as any[]).map((i) => [i.source_id, i]));
  } finally {
    rpc.close();
  }
}

async function healthy(s: ServeProcess): Promise<void> {
  const r = await rest({ base: s.base, token: TOKEN }, 'GET', '/api/health');
  expect(r.status).toBe(200);
}

describe('hostile stored settings', () => {
  it('refuses deep and oversized connection_info with a 400 naming the field and the limit, over REST and RPC', async () => {
    const s = await serve(dataDir());
    try {
      const create = (info: string) =>
        restRaw(s, TOKEN, 'POST', '/api/data-sources', `{"name":"x","type":"websocket","connection_info":${info}}`);
      for (const levels of [3000, 100_000]) {
        const r = await create(`{"subscribe_message":${deepJson(levels)}}`);
        expect(r.status, `${levels} levels`).toBe(400);
        expect(r.body.error).toEqual({
          code: 'INVALID_INPUT',
          message: DEPTH_SENTENCE,
          details: { field: 'connection_info.subscribe_message' },
        });
      }
      const big = await create(JSON.stringify({ subscribe_message: 'x'.repeat(70_000) }));
      expect(big.status).toBe(400);
      expect(big.body.error.message).toBe("Field 'connection_info' must be at most 65536 bytes as JSON, got 70024.");

      const good = await rest({ base: s.base, token: TOKEN }, 'POST', '/api/data-sources', {
        name: 'good',
        type: 'websocket',
      });
      expect(good.status).toBe(201);
      const id = good.body.id as string;
      const patch = await restRaw(
        s,
        TOKEN,
        'PATCH',
        `/api/data-sources/${id}`,
        `{"connection_info":{"subscribe_message":${deepJson(100_000)}}}`,
      );
      expect(patch.status).toBe(400);
      expect(patch.body.error.message).toBe(DEPTH_SENTENCE);

      const rpc = await openRpc(s.base, TOKEN);
      const created = await rpc.callRaw(
        'sources.create',
        `{"name":"x","type":"websocket","connection_info":{"subscribe_message":${deepJson(100_000)}}}`,
      );
      expect(created.error.data).toMatchObject({ code: 'INVALID_INPUT', message: DEPTH_SENTENCE });
      const updated = await rpc.callRaw(
        'sources.update',
        `{"id":"${id}","connection_info":{"subscribe_message":${deepJson(3000)}}}`,
      );
      expect(updated.error.data).toMatchObject({ code: 'INVALID_INPUT', message: DEPTH_SENTENCE });
      // A whole deep params object is refused as input too, never a stack overflow (500).
      const deepParams = await rpc.callRaw('sources.create', deepJson(100_000));
      expect(deepParams.error.data.code).toBe('INVALID_INPUT');
      rpc.close();

      // A deep body on every REST route that reads one: never a 500.
      const routes: Array<[string, string]> = [
        ['POST', '/api/data-sources'],
        ['PATCH', `/api/data-sources/${id}`],
        ['POST', `/api/data-sources/${id}/objects`],
        ['PATCH', '/api/objects/no-such-object'],
      ];
      for (const [method, path] of routes) {
        const r = await restRaw(s, TOKEN, method, path, deepJson(100_000));
        // (PATCH ignores the unknown key `a` and answers 200: also no crash.)
        expect(r.status, `${method} ${path}`).toBeLessThan(500);
      }
      await healthy(s);
      const list = await rest({ base: s.base, token: TOKEN }, 'GET', '/api/data-sources');
      expect(list.body.items.map((i: any) => i.name)).toEqual(['good']);
    } finally {
      await s.stop();
    }
    expect(s.stderr()).not.toMatch(/Maximum call stack|RangeError/);
  }, 120_000);

  it('starts with bad rows in the database: each bad source is in error with the reason, the good ones run', async () => {
    const dir = dataDir();
    const first = await serve(dir);
    const app = { base: first.base, token: TOKEN };
    const wsGood = await rest(app, 'POST', '/api/data-sources', {
      name: 'ws good',
      type: 'websocket',
      connection_info: { url: feeds.ws },
    });
    const simGood = await rest(app, 'POST', '/api/data-sources', {
      name: 'sim good',
      type: 'simulator',
      connection_info: { count: 5, rate_per_s: 50, seed: 1 },
    });
    expect([wsGood.status, simGood.status]).toEqual([201, 201]);
    await first.stop();

    // Rows no API would accept, written with raw SQL (as an older version or a hand edit could leave them).
    const db = new Database(join(dir, 'tracker.db'));
    const insert = db.prepare(
      `INSERT INTO data_sources (id, name, description, type, connection_info, is_active, token_hash, created_at, updated_at)
       VALUES (?, ?, '', ?, ?, 1, '', 0, 0)`,
    );
    const bad: Array<[string, string, string]> = [
      ['deep-3000', 'websocket', `{"subscribe_message":${deepJson(3000)}}`],
      ['deep-100k', 'websocket', `{"subscribe_message":${deepJson(100_000)}}`],
      ['pigeon', 'carrier-pigeon', '{}'],
      ['not-json', 'rest', '{"url": "http://x'],
      ['huge', 'websocket', JSON.stringify({ subscribe_message: 's'.repeat(2_000_000) })],
      ['ftp', 'rest', '{"url":"ftp://x"}'],
      ['euro', 'websocket', JSON.stringify({ url: feeds.ws, headers: { 'x-price': '5 €' } })],
    ];
    for (const [name, type, info] of bad) insert.run(name, name, type, info);
    db.close();

    const s = await serve(dir);
    try {
      await healthy(s);
      const list = await rest({ base: s.base, token: TOKEN }, 'GET', '/api/data-sources');
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(9);
      const byId = new Map((list.body.items as any[]).map((i) => [i.id, i]));
      expect(byId.get('deep-100k').connection_info).toEqual({ $unreadable: DEPTH_SENTENCE });

      const st = await until(async () => {
        const m = await statuses(s);
        return m.get(wsGood.body.id)?.stored > 0 && m.get(simGood.body.id)?.stored > 0 && m;
      }, 'the good sources to store objects');
      const errors = Object.fromEntries(bad.map(([id]) => [id, st.get(id)?.last_error]));
      for (const [id] of bad) expect(st.get(id)?.state, id).toBe('error');
      expect(errors).toMatchObject({
        'deep-3000': DEPTH_SENTENCE,
        'deep-100k': DEPTH_SENTENCE,
        pigeon:
          "Field 'type' must be one of 'websocket', 'rest', 'simulator', 'file', 'osmand', 'cot', 'nmea', 'gpsd', 'aircraft_json', 'sbs', 'opensky', 'overpass', 'osm_api', 'osm_replication', got 'carrier-pigeon'.",
        'not-json': expect.stringMatching(/^Field 'connection_info' as stored is not valid JSON \(/),
        huge: "Field 'connection_info' must be at most 1048576 bytes as JSON, got 2000024.",
        ftp: "Field 'connection_info.url' must use http:// or https://, got 'ftp://x'.",
        euro: expect.stringMatching(/^Source 'euro' failed to start: .*header/i),
      });

      // The way out needs no database editor: saving new settings replaces the bad ones.
      const fixed = await rest({ base: s.base, token: TOKEN }, 'PATCH', '/api/data-sources/deep-100k', {
        connection_info: { url: feeds.ws },
      });
      expect(fixed.status).toBe(200);
      await until(async () => (await statuses(s)).get('deep-100k')?.state === 'connected', 'the fixed source');
      await healthy(s);
    } finally {
      await s.stop();
    }
    expect(s.stderr()).not.toMatch(/Maximum call stack|RangeError/);
  }, 120_000);

  it('stores the worst settings the validator accepts for every source type, restarts, and runs them', async () => {
    const dir = dataDir();
    const worst = worstInfoByType(feeds);
    const first = await serve(dir);
    const ids: Record<string, string> = {};
    for (const [type, info] of Object.entries(worst)) {
      const r = await rest({ base: first.base, token: TOKEN }, 'POST', '/api/data-sources', {
        name: `worst ${type}`,
        type,
        connection_info: info,
        // Started only after the restart: the point is a launch with all of them stored.
        is_active: false,
      });
      expect(r.status, `${type}: ${JSON.stringify(r.body?.error)}`).toBe(201);
      ids[type] = r.body.id as string;
    }
    await first.stop();
    const db = new Database(join(dir, 'tracker.db'));
    db.prepare('UPDATE data_sources SET is_active = 1').run();
    db.close();

    const s = await serve(dir);
    try {
      await healthy(s);
      const st = await until(async () => {
        const m = await statuses(s);
        const storing = ['websocket', 'rest', 'simulator'].every((t) => m.get(ids[t]!)?.stored > 0);
        return storing && m;
      }, 'websocket, rest and simulator sources to store objects');
      expect(st.get(ids['websocket']!)?.state).toBe('connected');
      expect(st.get(ids['simulator']!)?.state).toBe('connected');
      expect(st.get(ids['rest']!)?.state).toBe('polling');
      expect(st.get(ids['file']!)?.state).toBe('idle');
      // The feeds really got the worst: 64 extra headers, and the 32-level subscribe message.
      expect(Math.max(...feeds.headerCounts.ws)).toBeGreaterThanOrEqual(64);
      expect(Math.max(...feeds.headerCounts.http)).toBeGreaterThanOrEqual(64);
      expect(feeds.subscribes.some((m) => m.startsWith('{"k":{"k":'))).toBe(true);
      // The hub keeps answering while a simulator at its highest rate and a rest feed polled without pause run.
      for (let i = 0; i < 5; i += 1) {
        const started = Date.now();
        await healthy(s);
        expect(Date.now() - started).toBeLessThan(2000);
      }
    } finally {
      await s.stop();
    }
    expect(s.stderr()).not.toMatch(/Maximum call stack|RangeError/);
  }, 180_000);
});

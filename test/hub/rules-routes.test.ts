/**
 * Rules and alerts over the hub on a real headless server: geofence and rule CRUD, one-sentence 400s
 * naming the bad field or query parameter, a track pushed into a fence raising an alert that reaches
 * a `subscribe_alerts` socket and `GET /api/alerts`, acknowledging it, and the exports read by GDAL;
 * on SQLite, and on Postgres when TEST_DATABASE_URL is set.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/headless/serve.js';
import { createPgTestDatabase, pgTestUrl } from '../db/store-targets.js';
import { frames, openWs, point, rest } from '../reliability/serve-process.js';

const hasGdal = spawnSync('ogrinfo', ['--version']).status === 0;
const TOKEN = 'rules-routes-token-abcdefghijkl';
const HARBOUR = 'POLYGON((7.42 43.73, 7.43 43.73, 7.43 43.74, 7.42 43.74, 7.42 43.73))';
const T0 = Date.parse('2026-03-10T12:00:00Z');
const pgUrl = pgTestUrl();
const dialects = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(dialects)('rules and alerts over the hub on %s', (dialect) => {
  let server: RunningServer;
  let base: string;
  let dataDir: string;
  let src: { id: string; token: string };
  const s = () => ({ base, token: TOKEN });

  let dropDb: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rules-routes-'));
    const pgDb = dialect === 'postgres' ? await createPgTestDatabase(pgUrl!) : undefined;
    dropDb = pgDb?.drop;
    server = await startServer({
      dataDir,
      port: 0,
      token: TOKEN,
      env: { LOG_LEVEL: 'silent' },
      ...(pgDb ? { databaseUrl: pgDb.url } : {}),
    });
    base = new URL(server.url).origin;
    const created = await rest(s(), 'POST', '/api/data-sources', { name: 'rules test', type: 'websocket' });
    src = { id: created.body.id, token: created.body.token };
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await dropDb?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('geofence routes', () => {
    it('create, list, read, rename and delete a geofence; import a file', async () => {
      const created = await rest(s(), 'POST', '/api/geofences', { name: 'Harbour', geometry: HARBOUR });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'Harbour',
        bbox: [7.42, 43.73, 7.43, 43.74],
        geometry: { type: 'Polygon' },
      });
      const id = created.body.id as string;
      const list = await rest(s(), 'GET', '/api/geofences?limit=10');
      expect(list.body).toMatchObject({ total: 1, limit: 10, offset: 0 });
      expect((await rest(s(), 'GET', `/api/geofences/${id}`)).body.name).toBe('Harbour');
      expect((await rest(s(), 'PATCH', `/api/geofences/${id}`, { name: 'Old harbour' })).body.name).toBe('Old harbour');
      expect((await rest(s(), 'DELETE', `/api/geofences/${id}`)).body).toEqual({ id, deleted: true });
      expect((await rest(s(), 'GET', `/api/geofences/${id}`)).status).toBe(404);
      const imported = await rest(s(), 'POST', '/api/geofences/import', {
        name: 'zones.geojson',
        content: JSON.stringify({
          type: 'Feature',
          properties: { name: 'Imported' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        }),
      });
      expect(imported.status).toBe(201);
      expect(imported.body).toMatchObject({ created: [{ name: 'Imported' }], skipped: [] });
    });

    it('answers a bad area with a 400 naming the field', async () => {
      const bad = await rest(s(), 'POST', '/api/geofences', { name: 'Dot', geometry: 'POINT(7.42 43.73)' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe("Field 'geometry' must be a Polygon or MultiPolygon, got a Point.");
    });
  });

  describe('rule routes', () => {
    let fenceId: string;
    beforeAll(async () => {
      fenceId = (await rest(s(), 'POST', '/api/geofences', { name: 'Rule zone', geometry: HARBOUR })).body.id;
    });

    it('create, list, read, change and delete a rule', async () => {
      const created = await rest(s(), 'POST', '/api/rules', {
        name: 'Fast ships',
        filter: 'kind=ship',
        trigger: { type: 'speed_above', value: 15 },
        rearm_seconds: 600,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'Fast ships',
        enabled: true,
        rearm_seconds: 600,
        trigger: { type: 'speed_above', value: 15 },
      });
      const id = created.body.id as string;
      const list = await rest(s(), 'GET', '/api/rules');
      expect(list.body.items.map((r: { id: string }) => r.id)).toContain(id);
      expect((await rest(s(), 'PATCH', `/api/rules/${id}`, { enabled: false })).body.enabled).toBe(false);
      expect((await rest(s(), 'GET', `/api/rules/${id}`)).body.enabled).toBe(false);
      expect((await rest(s(), 'DELETE', `/api/rules/${id}`)).body).toEqual({ id, deleted: true });
    });

    it('answers bad rules with a 400 naming the field', async () => {
      const cases: [unknown, string][] = [
        [
          { name: 'x', trigger: { type: 'enter', geofence_id: 'nope' } },
          "Field 'trigger.geofence_id' names no geofence: 'nope' does not exist.",
        ],
        [
          { name: 'x', filter: 'speed>>1', trigger: { type: 'lost_contact', seconds: 60 } },
          "Field 'filter' is not a valid filter: Unexpected '>' at position 6 in 'speed>>1'.",
        ],
        [
          { name: 'x', trigger: { type: 'proximity', distance_m: -50 } },
          "Parameter 'trigger.distance_m' must be at least 0, got -50.",
        ],
      ];
      for (const [body, message] of cases) {
        const res = await rest(s(), 'POST', '/api/rules', body);
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'INVALID_INPUT', message });
      }
    });

    it('refuses to delete a geofence a rule uses (409 naming the rule)', async () => {
      const rule = await rest(s(), 'POST', '/api/rules', {
        name: 'Keeper',
        trigger: { type: 'exit', geofence_id: fenceId },
      });
      const res = await rest(s(), 'DELETE', `/api/geofences/${fenceId}`);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        `Geofence 'Rule zone' is used by rule 'Keeper' (${rule.body.id}); change or delete that rule first.`,
      );
      await rest(s(), 'DELETE', `/api/rules/${rule.body.id}`);
    });
  });

  describe('alerts', () => {
    let alertId: string;

    it('a track pushed into a fence raises an alert on subscribe_alerts sockets and in GET /api/alerts', async () => {
      const fence = await rest(s(), 'POST', '/api/geofences', { name: 'Port', geometry: HARBOUR });
      const rule = await rest(s(), 'POST', '/api/rules', {
        name: 'Into port',
        filter: 'kind=ship',
        trigger: { type: 'enter', geofence_id: fence.body.id },
      });
      const ws = await openWs(`ws://127.0.0.1:${server.port}/api/ws/objects/alerts?token=${TOKEN}`);
      const inbox = frames(ws);
      ws.send(JSON.stringify({ type: 'subscribe_alerts', request_id: 7 }));
      expect(await inbox.next()).toEqual({ type: 'subscribe_alerts_ack', request_id: 7 });
      const push = (lon: number, at: number) =>
        rest(
          { base, token: src.token },
          'POST',
          `/api/data-sources/${src.id}/objects`,
          point('ever-given', lon, 43.735, at),
        );
      expect((await push(7.41, T0)).status).toBe(200);
      const inside = await push(7.425, T0 + 60_000);
      const objectId = inside.body.object_ids[0] as string;
      const frame = await inbox.next();
      expect(frame).toMatchObject({
        type: 'alert',
        alert: {
          rule_id: rule.body.id,
          rule_name: 'Into port',
          trigger: 'enter',
          object_ids: [objectId],
          geofence_id: fence.body.id,
          observed_at: new Date(T0 + 60_000).toISOString(),
          position: [7.425, 43.735],
          acknowledged: false,
        },
      });
      alertId = frame.alert.id;
      ws.send(JSON.stringify({ type: 'unsubscribe_alerts' }));
      expect(await inbox.next()).toEqual({ type: 'unsubscribe_alerts_ack' });
      ws.close();
      const list = await rest(s(), 'GET', `/api/alerts?rule_id=${rule.body.id}&acknowledged=false`);
      expect(list.body).toMatchObject({ total: 1, unacknowledged: 1, limit: 100, offset: 0 });
      expect(list.body.items[0]).toEqual(frame.alert);
    });

    it('answers bad alert query parameters with a 400 naming the parameter', async () => {
      for (const [query, message] of [
        [
          'since=yesterday',
          "Query parameter 'since' must be an ISO time such as 2026-03-10T12:00:00Z, got 'yesterday'.",
        ],
        ['acknowledged=maybe', "Query parameter 'acknowledged' must be true, false, 1 or 0, got 'maybe'."],
        ['limit=-1', "Query parameter 'limit' must be a non-negative integer, got '-1'."],
      ]) {
        for (const path of ['/api/alerts', '/api/alerts.csv']) {
          const res = await rest(s(), 'GET', `${path}?${query}`);
          expect(res.status).toBe(400);
          expect(res.body.error.message).toBe(message);
        }
      }
    });

    it.runIf(hasGdal)('exports the alerts as CSV and GeoJSON that GDAL reads from the live URL', async () => {
      const run = promisify(execFile);
      const csv = await fetch(`${base}/api/alerts.csv`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const lines = (await csv.text()).split('\r\n');
      expect(lines[0]).toBe(
        'id,raised_at,observed_at,rule_id,rule_name,trigger,object_ids,geofence_id,lon,lat,message,acknowledged',
      );
      expect(lines[1]).toMatch(new RegExp(`^${alertId},.*,Into port,enter,.*,7\\.425,43\\.735,.*,false$`));
      const geojson = (await run('ogrinfo', ['-ro', '-al', `${base}/api/alerts.geojson?token=${TOKEN}`])).stdout;
      expect(geojson).toMatch(/Feature Count: 1/);
      expect(geojson).toContain('POINT (7.425 43.735)');
      expect(geojson).toContain('rule_name (String) = Into port');
      // A streamed CSV has no size up front: GDAL reads it through /vsicurl_streaming/.
      const fromCsv = (
        await run('ogrinfo', [
          '-ro',
          '-al',
          '-oo',
          'X_POSSIBLE_NAMES=lon',
          '-oo',
          'Y_POSSIBLE_NAMES=lat',
          `CSV:/vsicurl_streaming/${base}/api/alerts.csv?token=${TOKEN}`,
        ])
      ).stdout;
      expect(fromCsv).toMatch(/Feature Count: 1/);
      expect(fromCsv).toContain(`id (String) = ${alertId}`);
      expect(fromCsv).toContain('POINT (7.425 43.735)');
    });

    it('acknowledges one alert, then all of them', async () => {
      expect((await rest(s(), 'POST', `/api/alerts/${alertId}/ack`)).body).toEqual({
        acknowledged: 1,
        unacknowledged: 0,
      });
      expect((await rest(s(), 'POST', '/api/alerts/ack', { all: true })).body).toEqual({
        acknowledged: 0,
        unacknowledged: 0,
      });
      const res = await rest(s(), 'POST', '/api/alerts/ack', {});
      expect(res.status).toBe(400);
      const acked = await rest(s(), 'GET', '/api/alerts?acknowledged=true');
      expect(acked.body.items.map((a: { id: string }) => a.id)).toEqual([alertId]);
    });
  });
});

/**
 * The hub's file routes on a real headless server: a live export URL read by GDAL, an import
 * streamed in a POST body, and tiles of an opened MBTiles file served with the right content type.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/headless/serve.js';

const hasGdal = spawnSync('ogrinfo', ['--version']).status === 0;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
let server: RunningServer;
let base: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'routes-'));
  server = await startServer({ port: 0, dataDir: dir, token: 'route-test-token-0123456789', env: {} });
  base = new URL(server.url).origin;
});
afterAll(async () => server.stop());

const auth = { Authorization: 'Bearer route-test-token-0123456789' };

describe('file routes', () => {
  it('imports a POSTed CSV and exports it back as GeoJSON, CSV and GPX', async () => {
    const csv = readFileSync(join(import.meta.dirname, '../fixtures/csv/cycle_hire_xy.csv'));
    const res = await fetch(`${base}/api/import?name=cycle_hire_xy.csv`, { method: 'POST', headers: auth, body: csv });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { imported: number; skipped: number; source_id: string; format: string };
    expect(report).toMatchObject({ imported: 742, skipped: 0, format: 'csv' });

    const geo = await fetch(
      `${base}/api/export.geojson?source_id=${report.source_id}&token=route-test-token-0123456789`,
    );
    expect(geo.headers.get('content-type')).toBe('application/geo+json');
    const fc = (await geo.json()) as { features: unknown[] };
    expect(fc.features).toHaveLength(742);

    const filtered = await fetch(
      `${base}/api/export.csv?source_id=${report.source_id}&filter=${encodeURIComponent('area=Kensington')}`,
      { headers: auth },
    );
    const lines = (await filtered.text()).trim().split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes('Kensington'))).toBe(true);

    const gpx = await fetch(`${base}/api/export.gpx?source_id=${report.source_id}`, { headers: auth });
    expect(gpx.headers.get('content-type')).toBe('application/gpx+xml');
    expect((await gpx.text()).match(/<wpt /g)).toHaveLength(742);
  });

  it('files.exportUrl gives a URL that exports exactly what a structured filter selects', async () => {
    const ctx = { clientId: 't', principal: { kind: 'app' as const }, push() {}, onClose() {} };
    const filter = {
      tags: [
        { key: 'area', op: '=' as const, value: 'Kensington' },
        { key: 'nbikes', op: '>' as const, value: 5 },
      ],
    };
    const listed = (await server.core.dispatcher.dispatch('objects.list', { filter, limit: 0 }, ctx)) as {
      ok: true;
      result: { total: number };
    };
    const made = (await server.core.dispatcher.dispatch('files.exportUrl', { format: 'geojson', filter }, ctx)) as {
      ok: true;
      result: { url: string };
    };
    expect(listed.result.total).toBeGreaterThan(0);
    const res = await fetch(made.result.url, { headers: auth });
    expect(((await res.json()) as { features: unknown[] }).features).toHaveLength(listed.result.total);
  });

  it('refuses an export without the app token and an import without a name', async () => {
    expect((await fetch(`${base}/api/export.geojson`)).status).toBe(401);
    const res = await fetch(`${base}/api/import`, { method: 'POST', headers: auth, body: '{}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error?: { message: string }; message?: string }).error?.message ?? '').toMatch(
      /'name'/,
    );
  });

  it.runIf(hasGdal)('GDAL reads the live export URL', async () => {
    // Asynchronous: the server answering GDAL runs in this very process.
    const { stdout } = await promisify(execFile)('ogrinfo', [
      '-ro',
      '-so',
      '-al',
      `${base}/api/export.geojson?token=route-test-token-0123456789`,
    ]);
    expect(stdout).toMatch(/Feature Count: 742/);
  });

  it('serves MBTiles tiles with their content type, and 204 where there is none', async () => {
    const path = join(dir, 'area.mbtiles');
    const db = new Database(path);
    db.exec(
      'CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);',
    );
    db.prepare("INSERT INTO metadata VALUES ('format', 'png'), ('name', 'Area')").run();
    db.prepare('INSERT INTO tiles VALUES (2, 1, 2, ?)').run(PNG); // z2, TMS row 2 = XYZ y 1
    db.close();
    const layer = (await server.core.dispatcher.dispatch(
      'tiles.openMbtiles',
      { path },
      { clientId: 't', principal: { kind: 'app' }, push() {}, onClose() {} },
    )) as {
      ok: true;
      result: { id: string; name: string };
    };
    expect(layer.ok).toBe(true);
    const tile = await fetch(`${base}/tiles/${layer.result.id}/2/1/1.png`, { headers: auth });
    expect(tile.status).toBe(200);
    expect(tile.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await tile.arrayBuffer())).toEqual(PNG);
    expect((await fetch(`${base}/tiles/${layer.result.id}/2/0/0`, { headers: auth })).status).toBe(204);
    expect((await fetch(`${base}/tiles/${layer.result.id}/2/x/0`, { headers: auth })).status).toBe(400);
  });
});

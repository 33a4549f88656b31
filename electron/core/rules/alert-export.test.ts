import { execFile, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredAlert } from '../../../db/rules-store.js';
import { ALERT_CSV_COLUMNS, exportAlerts, type AlertExportFormat } from './alert-export.js';

const hasGdal = spawnSync('ogrinfo', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'alert-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.parse('2026-03-10T12:04:05Z');

const alerts: StoredAlert[] = [
  {
    id: 'a-3',
    ruleId: 'r-1',
    ruleName: 'Harbour, "inner" zone',
    trigger: 'enter',
    objectIds: ['o-1'],
    geofenceId: 'g-1',
    observedAt: T0,
    raisedAt: T0 + 120,
    position: [7.4251, 43.7353],
    message: 'Ever Given entered Harbour, "inner" zone at 12:04:05.\nSecond line',
    details: {},
    acknowledgedAt: null,
  },
  {
    id: 'a-2',
    ruleId: 'r-2',
    ruleName: 'Too close',
    trigger: 'proximity',
    objectIds: ['o-1', 'o-2'],
    geofenceId: null,
    observedAt: T0 - 60_000,
    raisedAt: T0 - 59_000,
    position: [-0.5, -12.25],
    message: 'Ever Given came within 420 m of Pilot 1 at 12:03:05.',
    details: { distance_m: 420 },
    acknowledgedAt: T0,
  },
  {
    id: 'a-1',
    ruleId: 'r-3',
    ruleName: 'Silent',
    trigger: 'lost_contact',
    objectIds: ['o-3'],
    geofenceId: null,
    observedAt: T0 - 120_000,
    raisedAt: T0 - 119_000,
    position: null,
    message: '=cmd|calc',
    details: { seconds: 300 },
    acknowledgedAt: null,
  },
];

/** The store's pages (two of them), as iterateAlerts yields them. */
const rules = {
  async *iterateAlerts() {
    yield alerts.slice(0, 2);
    yield alerts.slice(2);
  },
};

async function exportTo(format: AlertExportFormat): Promise<string> {
  const path = join(dir, `alerts.${format}`);
  const out = createWriteStream(path);
  const { alerts: count } = await exportAlerts({ rules, format, query: {}, out });
  expect(count).toBe(3);
  out.end();
  await once(out, 'close');
  return path;
}

describe('exportAlerts', () => {
  it('writes RFC 4180 CSV: the columns, one row per alert, quoted cells, CRLF rows', async () => {
    const text = readFileSync(await exportTo('csv'), 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(ALERT_CSV_COLUMNS.join(','));
    expect(lines[1]).toBe(
      'a-3,2026-03-10T12:04:05.120Z,2026-03-10T12:04:05.000Z,r-1,"Harbour, ""inner"" zone",enter,o-1,g-1,7.4251,43.7353,"Ever Given entered Harbour, ""inner"" zone at 12:04:05.\nSecond line",false',
    );
    expect(lines[2]).toContain(',proximity,o-1 o-2,,-0.5,-12.25,');
    expect(lines[2]!.endsWith(',true')).toBe(true);
    expect(lines[3]).toBe(
      'a-1,2026-03-10T12:02:06.000Z,2026-03-10T12:02:05.000Z,r-3,Silent,lost_contact,o-3,,,,"=cmd|calc",false',
    );
    expect(lines[4]).toBe('');
  });

  it('writes a GeoJSON FeatureCollection: a Point per positioned alert, the alert as properties', async () => {
    const doc = JSON.parse(readFileSync(await exportTo('geojson'), 'utf8')) as {
      features: { id: string; geometry: unknown; properties: Record<string, unknown> }[];
    };
    expect(doc.features.map((f) => f.id)).toEqual(['a-3', 'a-2', 'a-1']);
    expect(doc.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [7.4251, 43.7353] });
    expect(doc.features[2]!.geometry).toBeNull();
    expect(doc.features[1]!.properties).toMatchObject({
      rule_name: 'Too close',
      object_ids: ['o-1', 'o-2'],
      details: { distance_m: 420 },
      acknowledged: true,
      acknowledged_at: '2026-03-10T12:04:05.000Z',
    });
  });

  it.runIf(hasGdal)('both files are read by GDAL with every alert and field', async () => {
    const run = promisify(execFile);
    const csv = (await run('ogrinfo', ['-ro', '-al', await exportTo('csv')])).stdout;
    expect(csv).toMatch(/Feature Count: 3/);
    expect(csv).toContain('rule_name (String) = Harbour, "inner" zone');
    expect(csv).toContain('message (String) = Ever Given entered Harbour, "inner" zone at 12:04:05.\nSecond line');
    const geojson = (await run('ogrinfo', ['-ro', '-al', await exportTo('geojson')])).stdout;
    expect(geojson).toMatch(/Feature Count: 3/);
    expect(geojson).toMatch(/Geometry: Point/);
    expect(geojson).toContain('POINT (7.4251 43.7353)');
    expect(geojson).toContain('trigger (String) = proximity');
  });
});

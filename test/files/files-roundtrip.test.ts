/**
 * Exports read back by other people's tools (RFC 7946 checker, GDAL) and round trips through our
 * own importer, on a real SQLite store with the real ingest pipeline.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from '@placemarkio/check-geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/store.js';
import type { OsmObject } from '../../electron/contract/domain.js';
import { createFilesService, bufferInput, type FilesService } from '../../electron/core/files/files-service.js';
import type { ExportFormat } from '../../electron/core/files/export/format-writers.js';
import { createIngest, type IngestPipeline } from '../../electron/core/ingest/ingest.js';
import { quietLogger } from '../fakes/quiet-logger.js';

const silent = quietLogger;
const hasGdal = spawnSync('ogrinfo', ['--version']).status === 0;

let dir: string;
let store: Store;
let ingest: IngestPipeline;
let files: FilesService;
let sourceId: string;

async function exportText(
  format: ExportFormat,
  extra: Parameters<FilesService['exportTo']>[1] extends infer R ? Partial<R> : never = {},
): Promise<string> {
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await files.exportTo(out, { format, ...extra });
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'files-'));
  store = await openStore(join(dir, 'tracker.db'), { dataDir: dir, log: silent });
  ingest = createIngest({ store, log: silent });
  files = createFilesService({ store, ingest });
  const source = await store.createSource({
    name: 'fleet',
    description: '',
    type: 'websocket',
    connectionInfo: {},
    isActive: true,
    tokenHash: 'x',
  });
  sourceId = source.id;
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const ops = [];
  for (let i = 0; i < 20; i++) {
    ops.push({
      op: 'upsert' as const,
      sourceId,
      type: 'node' as const,
      osmId: `ship-${i}`,
      tags: {
        kind: i % 2 ? 'ship' : 'car',
        name: `Vessel "${i}" <&>`,
        speed: i * 1.5,
        active: i % 3 === 0,
        type: 'tagged-type',
      },
      geom: { type: 'Point' as const, coordinates: [10 + i / 10, 50 + i / 20] },
      observedAt: t0 + i * 1000,
    });
  }
  // A moving object: three observations make a track.
  for (let k = 0; k < 3; k++) {
    ops.push({
      op: 'upsert' as const,
      sourceId,
      type: 'node' as const,
      osmId: 'mover',
      tags: { kind: 'drone', name: 'Mover' },
      geom: { type: 'Point' as const, coordinates: [11 + k / 100, 51] },
      observedAt: t0 + k * 60_000,
    });
  }
  ops.push({
    op: 'upsert' as const,
    sourceId,
    type: 'way' as const,
    osmId: 'w1',
    tags: { highway: 'residential' },
    geom: {
      type: 'LineString' as const,
      coordinates: [
        [10, 50],
        [10.1, 50.1],
      ],
    },
    observedAt: t0,
  });
  ops.push({
    op: 'upsert' as const,
    sourceId,
    type: 'way' as const,
    osmId: 'area',
    tags: { landuse: 'grass' },
    geom: {
      type: 'Polygon' as const,
      coordinates: [
        [
          [10, 50],
          [10, 50.1],
          [10.1, 50.1],
          [10.1, 50],
          [10, 50],
        ],
      ],
    }, // clockwise
    observedAt: t0,
  });
  await ingest.submit(ops, { sourceId, channel: 'api' });
});

afterAll(async () => {
  await ingest.close();
  await store.close();
});

describe('GeoJSON export', () => {
  it('passes the RFC 7946 checker and holds every object with its tags and metadata', async () => {
    const text = await exportText('geojson');
    const fc = check(text) as {
      features: Array<{
        id: string;
        properties: Record<string, unknown>;
        geometry: { type: string; coordinates: number[][][] };
      }>;
    };
    expect(fc.features).toHaveLength(23);
    const ship = fc.features.find((f) => f.properties.osm_id === 'ship-3')!;
    expect(ship.properties).toMatchObject({
      osm_type: 'node',
      source_id: sourceId,
      kind: 'ship',
      speed: 4.5,
      active: true,
      type: 'tagged-type',
    });
    const area = fc.features.find((f) => f.properties.osm_id === 'area')!;
    const ring = area.geometry.coordinates[0]!;
    let sum = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
      sum += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
    expect(sum).toBeGreaterThan(0); // exterior ring rewound counterclockwise
  });

  it('exports exactly what the filter selects', async () => {
    const fc = JSON.parse(await exportText('geojson', { filter: { kinds: ['ship'] } })) as { features: unknown[] };
    expect(fc.features).toHaveLength(10);
  });

  it('exports tracks as LineStrings with per-vertex times', async () => {
    const fc = JSON.parse(await exportText('geojson', { filter: { q: 'Mover' }, from: '2026-01-01T00:00:00Z' })) as {
      features: Array<{
        geometry: { type: string; coordinates: unknown[] };
        properties: { coordinateProperties: { times: string[] } };
      }>;
    };
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]!.geometry.type).toBe('LineString');
    expect(fc.features[0]!.properties.coordinateProperties.times).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:01:00.000Z',
      '2026-01-01T00:02:00.000Z',
    ]);
  });

  it('round-trips: exported then imported gives the same objects and tags', async () => {
    const text = await exportText('geojson');
    const report = await files.importInput(bufferInput('roundtrip.geojson', Buffer.from(text)));
    expect(report).toMatchObject({ imported: 23, skipped: 0, format: 'geojson' });
    const norm = (items: OsmObject[]) =>
      items
        .map((o) => ({
          osm_id: o.osm_id,
          type: o.type,
          tags: o.tags,
          geom: o.geom.type === 'Polygon' ? 'polygon' : o.geom,
          observed_at: o.observed_at,
        }))
        .sort((a, b) => a.osm_id.localeCompare(b.osm_id));
    const before = await store.listObjects({ filter: { source_ids: [sourceId] }, limit: 100 });
    const after = await store.listObjects({ filter: { source_ids: [report.source_id] }, limit: 100 });
    expect(norm(after.items)).toEqual(norm(before.items));
  });
});

describe('other formats', () => {
  it('GeoJSONSeq has one feature per line', async () => {
    const lines = (await exportText('geojsonseq')).trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(23);
    for (const line of lines)
      check(
        line.startsWith('{"type":"Feature"')
          ? JSON.stringify({ type: 'FeatureCollection', features: [JSON.parse(line)] })
          : line,
      );
  });

  it('CSV has a column per tag and quotes what needs it', async () => {
    const text = await exportText('csv', { filter: { kinds: ['ship'], source_ids: [sourceId] } });
    const [header, ...rows] = text.trim().split('\r\n');
    expect(header!.split(',')).toEqual(
      expect.arrayContaining(['id', 'osm_id', 'lon', 'lat', 'wkt', 'kind', 'name', 'speed', 'type']),
    );
    expect(rows).toHaveLength(10);
    expect(text).toContain('"Vessel ""1"" <&>"');
  });

  it('GPX and KML are well-formed and import back', async () => {
    for (const format of ['gpx', 'kml'] as const) {
      const text = await exportText(format, { filter: { kinds: ['ship'], source_ids: [sourceId] } });
      const report = await files.importInput(bufferInput(`back.${format}`, Buffer.from(text)));
      expect(report.imported, format).toBe(10);
      expect(report.skipped, format).toBe(0);
    }
  });
});

describe.runIf(hasGdal)('GDAL reads our exports', () => {
  it.each([
    ['geojson', 'GeoJSON'],
    ['geojsonseq', 'GeoJSONSeq'],
    ['gpx', 'GPX'],
    ['kml', 'KML'],
    ['csv', 'CSV'],
  ] as const)('%s', async (format, driver) => {
    const ext = { geojson: 'geojson', geojsonseq: 'geojsonl', gpx: 'gpx', kml: 'kml', csv: 'csv' }[format];
    const path = join(dir, `out.${ext}`);
    writeFileSync(path, await exportText(format, { filter: { source_ids: [sourceId] } }));
    const result = spawnSync('ogrinfo', ['-ro', '-al', '-so', path], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(driver === 'GeoJSONSeq' ? 'GeoJSONSeq' : driver);
    expect(result.stderr, 'GDAL warnings').not.toMatch(/Warning|ERROR/);
    if (format === 'geojson' || format === 'geojsonseq' || format === 'csv') {
      expect(result.stdout).toMatch(/Feature Count: 23/);
      expect(result.stdout).toMatch(/osm_id: String/);
      if (format !== 'csv') expect(result.stdout).toMatch(/speed: Real/);
    }
  });

  it('ogr2ogr converts our GeoJSON to GPX', async () => {
    const src = join(dir, 'conv.geojson');
    writeFileSync(src, await exportText('geojson', { filter: { types: ['node'] } }));
    execFileSync('ogr2ogr', ['-f', 'GPX', join(dir, 'conv.gpx'), src, '-nlt', 'POINT']);
    expect(readFileSync(join(dir, 'conv.gpx'), 'utf8')).toContain('<wpt');
  });
});

describe('malformed files', () => {
  it.each([
    ['broken.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature"'],
    ['broken.gpx', '<gpx version="1.1"><wpt lat="1" lon="2"></gpx>'],
    ['broken.kml', '<kml><Document><Placemark></Document>'],
    ['broken.kmz', 'PK\u0003\u0004 this is not really a zip'],
    ['broken.csv', 'name;value\nx;1\n'],
    ['broken.osm', '<osm><node id="1" lat="1" lon="2"></osm>'],
    ['broken.json', '{"elements": [ {"type":"node", '],
  ])('%s gives one clear sentence and leaves nothing behind', async (name, content) => {
    const sourcesBefore = (await store.listSources()).length;
    const objectsBefore = await store.countObjects();
    await expect(files.importInput(bufferInput(name, Buffer.from(content)))).rejects.toThrow(
      new RegExp(`^File '${name.replace('.', '\\.')}' cannot be imported: .+\\.$`),
    );
    expect((await store.listSources()).length).toBe(sourcesBefore);
    expect(await store.countObjects()).toBe(objectsBefore);
  });

  it('skips bad features with their reasons and imports the good ones', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { osm_id: 'good' }, geometry: { type: 'Point', coordinates: [1, 2] } },
        { type: 'Feature', properties: { osm_id: 'far' }, geometry: { type: 'Point', coordinates: [200, 2] } },
        { type: 'Feature', properties: { osm_id: 'none' }, geometry: null },
        {
          type: 'Feature',
          properties: { osm_id: 'node-line', osm_type: 'node' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [1, 2],
              [3, 4],
            ],
          },
        },
      ],
    };
    const report = await files.importInput(bufferInput('mixed.geojson', Buffer.from(JSON.stringify(fc))));
    expect(report.imported).toBe(1);
    expect(report.skipped).toBe(3);
    expect(report.skipped_reasons.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(report.skipped_reasons[0]!.reason).toMatch(/far/);
    expect(report.skipped_reasons[1]!.reason).toBe('it has no geometry');
  });
});

describe('import sources', () => {
  it('are file sources whose stored connection info passes the file schema', async () => {
    const { validateConnectionInfo } = await import('../../electron/core/connectors/connection-info.js');
    const report = await files.importInput(
      bufferInput('named.geojson', Buffer.from(JSON.stringify({ type: 'Point', coordinates: [1, 2] }))),
    );
    const source = await store.getSource(report.source_id);
    expect(source).toMatchObject({ name: 'named.geojson', type: 'file', is_active: false });
    expect(() => validateConnectionInfo('file', source.connection_info)).not.toThrow();
    expect(source.connection_info).toMatchObject({ path: 'named.geojson', format: 'geojson' });
  });
});

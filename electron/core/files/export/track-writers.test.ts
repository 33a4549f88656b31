import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OsmObject, Track } from '../../../contract/domain.js';
import type { ImportInput, ImportedObject } from '../import/import-types.js';
import { readImport } from '../import/read-import.js';
import { toOps } from '../import/to-ops.js';
import { trackDocument, type TrackFormat } from './track-writers.js';
import { decimal7 } from './xml-parts.js';

const hasGdal = spawnSync('ogrinfo', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'track-writers-'));
const T0 = Date.parse('2026-03-10T08:00:00Z');

const mover: OsmObject = {
  id: '4f1c2b9e-0000-4000-8000-000000000001',
  osm_id: 'ferry-7',
  type: 'node',
  tags: { name: 'Ferry <Monaco> & "Nice"', kind: 'ship', speed: 4 },
  geom: { type: 'Point', coordinates: [7.4251, 43.7353] },
  source_id: 'src-1',
  observed_at: new Date(T0).toISOString(),
  created_at: new Date(T0).toISOString(),
  updated_at: new Date(T0).toISOString(),
};

/**
 * A 2,500-position track (more than two of the writers' chunks) at 1e-7° resolution, with
 * sub-second times and speed, heading and altitude each missing at some positions.
 */
function makeTrack(n = 2500): Track {
  const t: Track = {
    id: mover.id,
    times: [],
    lon: [],
    lat: [],
    speed: [],
    heading: [],
    altitude: [],
    truncated: false,
  };
  for (let i = 0; i < n; i++) {
    t.times.push(T0 + i * 1250);
    t.lon.push(Math.round((7.4123456 + i * 0.0000137) * 1e7) / 1e7);
    t.lat.push(Math.round((43.7234567 - i * 0.0000093) * 1e7) / 1e7);
    t.speed.push(i % 7 === 3 ? null : Math.round(i * 0.37) / 10);
    t.heading.push(i % 5 === 1 ? null : (i * 13) % 360);
    t.altitude.push(i % 11 === 4 ? null : 12.5 + (i % 40));
  }
  return t;
}

/** A track's positions as [lon, lat] pairs, as a file holds them. */
const positionsOf = (t: Track): number[][] => t.lon.map((lon, i) => [lon, t.lat[i]!]);

function write(format: TrackFormat, t: Track, o: OsmObject = mover): string {
  const path = join(dir, `track-${t.times.length}.${format}`);
  writeFileSync(path, [...trackDocument(format, o, t)].join(''));
  return path;
}

/** A layer of a file as GDAL reads it (KML with LIBKML, GDAL's first choice), converted to GeoJSON by ogr2ogr. */
function gdalRead(
  path: string,
  layer?: string,
): Array<{ properties: Record<string, unknown>; geometry: { type: string; coordinates: number[][] } }> {
  const args = ['-f', 'GeoJSON', '/vsistdout/', path, ...(layer ? [layer] : [])];
  const result = spawnSync('ogr2ogr', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stderr, 'GDAL warnings').not.toMatch(/Warning|ERROR/);
  return JSON.parse(result.stdout).features;
}

async function readBack(path: string, format: TrackFormat): Promise<ImportedObject[]> {
  const { createReadStream, statSync } = await import('node:fs');
  const input: ImportInput = { name: path, size: statSync(path).size, stream: () => createReadStream(path) };
  const out: ImportedObject[] = [];
  for await (const r of readImport(input, format)) if ('object' in r) out.push(r.object);
  return out;
}

describe.runIf(hasGdal)('track writers, read back by GDAL', () => {
  const track = makeTrack();

  it('GPX: one track, and every position in track_points with its time and elevation', () => {
    const path = write('gpx', track);
    const tracks = gdalRead(path, 'tracks');
    expect(tracks).toHaveLength(1);
    expect(tracks[0]!.properties).toMatchObject({ name: mover.tags.name, ott_osm_id: 'ferry-7' });
    const points = gdalRead(path, 'track_points');
    expect(points).toHaveLength(track.times.length);
    points.forEach((p, i) => {
      expect(Date.parse(p.properties.time as string), `time ${i}`).toBe(track.times[i]);
      expect(p.geometry.coordinates.slice(0, 2), `position ${i}`).toEqual([track.lon[i], track.lat[i]]);
      expect(p.properties.ele ?? null, `ele ${i}`).toBe(track.altitude[i]);
      expect(p.properties.ott_speed ?? null, `speed ${i}`).toBe(track.speed[i]);
      expect(p.properties.ott_course ?? null, `course ${i}`).toBe(track.heading[i]);
    });
  });

  it('KML: LIBKML reads the gx:Track as one line with every position, from the first time to the last', () => {
    const features = gdalRead(write('kml', track));
    expect(features).toHaveLength(1);
    const f = features[0]!;
    expect(f.geometry.type).toBe('LineString');
    expect(f.geometry.coordinates).toHaveLength(track.times.length);
    expect(f.geometry.coordinates.map((c) => c.slice(0, 2))).toEqual(positionsOf(track));
    expect(Date.parse(f.properties.begin as string)).toBe(track.times[0]);
    expect(Date.parse(f.properties.end as string)).toBe(track.times.at(-1));
    expect(f.properties).toMatchObject({ osm_id: 'ferry-7', kind: 'ship', Name: mover.tags.name });
  });

  it('GeoJSON: one LineString with every position and coordinateProperties.times aligned', () => {
    const features = gdalRead(write('geojson', track));
    expect(features).toHaveLength(1);
    const f = features[0]!;
    expect(f.geometry.type).toBe('LineString');
    expect(f.geometry.coordinates).toEqual(positionsOf(track));
    const cp = (
      typeof f.properties.coordinateProperties === 'string'
        ? JSON.parse(f.properties.coordinateProperties)
        : f.properties.coordinateProperties
    ) as { times: string[] };
    expect(cp.times.map(Date.parse)).toEqual(track.times);
    expect(f.properties).toMatchObject({ osm_id: 'ferry-7', source_id: 'src-1', kind: 'ship' });
  });
});

describe('track writers, read back by our importer', () => {
  const track = makeTrack();

  it.each(['gpx', 'kml', 'geojson'] as const)('%s keeps every position and time exactly', async (format) => {
    const objects = await readBack(write(format, track), format);
    expect(objects).toHaveLength(1);
    const o = objects[0]!;
    expect(o.osmId).toBe('ferry-7');
    expect(o.type).toBe('node');
    expect(o.track!.times).toEqual(track.times);
    expect(o.track!.coordinates.map((c) => c.slice(0, 2))).toEqual(positionsOf(track));
    expect(o.track!.altitude).toEqual(track.altitude);
    if (format !== 'kml') {
      // KML's gx:Track carries no speed or heading.
      expect(o.track!.speed).toEqual(track.speed);
      expect(o.track!.heading).toEqual(track.heading);
    }
    expect(Object.keys(o.tags).filter((k) => k.startsWith('ott_'))).toEqual([]);
  });

  it('gives each position its own speed, heading and altitude tags on import', async () => {
    const [o] = await readBack(write('geojson', track), 'geojson');
    const ops = toOps(o!, 'src', T0);
    if (typeof ops === 'string') throw new Error(ops);
    expect(ops).toHaveLength(track.times.length);
    for (const i of [0, 1, 3, 4]) {
      const op = ops[i]!;
      if (op.op !== 'upsert') throw new Error('not an upsert');
      expect(op.observedAt).toBe(track.times[i]);
      expect(op.tags.speed ?? null).toBe(track.speed[i]);
      expect(op.tags.heading ?? null).toBe(track.heading[i]);
      expect(op.tags.altitude ?? null).toBe(track.altitude[i]);
      expect(op.tags.kind).toBe('ship');
    }
  });
});

describe('track writers, short tracks and numbers', () => {
  it('writes one position as a Point and none as a null geometry, times kept', () => {
    const one = makeTrack(1);
    const f1 = JSON.parse([...trackDocument('geojson', mover, one)].join(''));
    expect(f1.geometry).toEqual({ type: 'Point', coordinates: [one.lon[0], one.lat[0], one.altitude[0]] });
    expect(f1.properties.coordinateProperties.times).toEqual([new Date(T0).toISOString()]);
    const f0 = JSON.parse([...trackDocument('geojson', mover, makeTrack(0))].join(''));
    expect(f0.geometry).toBeNull();
    expect(f0.properties.coordinateProperties).toEqual({ times: [] });
  });

  it('writes coordinates as plain decimals with at most 7 places', () => {
    expect(decimal7(0.0000001)).toBe('0.0000001');
    expect(decimal7(-0.00000001)).toBe('0');
    expect(decimal7(7.42)).toBe('7.42');
    expect(decimal7(-122.20788149999)).toBe('-122.2078815');
    expect(decimal7(180)).toBe('180');
  });
});

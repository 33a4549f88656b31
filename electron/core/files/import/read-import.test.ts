import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportInput, ImportRecord } from './import-types.js';
import { detectFormat, readImport } from './read-import.js';

const FIXTURES = join(import.meta.dirname, '../../../../test/fixtures');

function fileInput(rel: string): ImportInput {
  const path = join(FIXTURES, rel);
  return { name: rel, size: statSync(path).size, stream: () => createReadStream(path, { highWaterMark: 4096 }) };
}
function textInput(name: string, text: string): ImportInput {
  const bytes = Buffer.from(text);
  return {
    name,
    size: bytes.length,
    stream: () =>
      (async function* () {
        yield bytes;
      })(),
  };
}
async function collect(input: ImportInput, rel = input.name): Promise<ImportRecord[]> {
  const head = readHead(input, rel);
  const out: ImportRecord[] = [];
  for await (const r of readImport(input, detectFormat(rel, head))) out.push(r);
  return out;
}
function readHead(input: ImportInput, rel: string): Buffer {
  try {
    return readFileSync(join(FIXTURES, rel)).subarray(0, 4096);
  } catch {
    return Buffer.from('');
  }
}
const objects = (rs: ImportRecord[]) => rs.flatMap((r) => ('object' in r ? [r.object] : []));

describe('readImport', () => {
  it('reads a real 7,745-point GPX 1.1 track as one timed track', async () => {
    const records = await collect(fileInput('gpx/route-1.1.gpx'));
    const tracks = objects(records).filter((o) => o.track);
    expect(tracks).toHaveLength(1);
    expect(tracks[0]!.track!.coordinates.length).toBeGreaterThan(7000);
    expect(tracks[0]!.type).toBe('node');
  });

  it('reads GPX waypoints as nodes and routes as ways', async () => {
    const objs = objects(await collect(fileInput('gpx/gpxparser-test.gpx')));
    expect(objs.some((o) => o.type === 'node' && (o.geom as { type: string }).type === 'Point')).toBe(true);
    expect(objs.some((o) => o.type === 'way')).toBe(true);
  });

  it('reads a GPSBabel GPX track', async () => {
    const objs = objects(await collect(fileInput('gpx/test_trk2.gpx')));
    expect(objs.length).toBeGreaterThan(0);
  });

  it('reads OSM XML and the same data as Overpass JSON into the same objects', async () => {
    const xml = objects(await collect(fileInput('osm/map.osm')));
    const json = objects(await collect(fileInput('osm/map.json')));
    const key = (o: { type: string; osmId: string }) => `${o.type}/${o.osmId}`;
    expect(xml.map(key).sort()).toEqual(json.map(key).sort());
    expect(xml.find((o) => o.osmId === '2281802897')?.tags.amenity).toBe('fountain');
  });

  it('refuses broken OSM XML with the parser position', async () => {
    await expect(collect(fileInput('osm/osm-read-invalid.osm'))).rejects.toThrow(/not well-formed XML|not <osm>/);
  });

  it('reads KML placemarks with their TimeStamps', async () => {
    const objs = objects(await collect(fileInput('kml/time.kml')));
    expect(objs.length).toBeGreaterThan(10);
    expect(objs.filter((o) => o.observedAt !== undefined).length).toBeGreaterThan(0);
  });

  it('reads every GeoJSON geometry type as a bare geometry', async () => {
    for (const name of [
      'point',
      'linestring',
      'polygon',
      'multipoint',
      'multilinestring',
      'multipolygon',
      'geometrycollection',
    ]) {
      const objs = objects(await collect(fileInput(`geojson/${name}.geojson`)));
      expect(objs, name).toHaveLength(1);
    }
  });

  it('reads a FeatureCollection of London points and the same points from CSV', async () => {
    const geo = objects(await collect(fileInput('geojson/cycle_hire.geojson')));
    const csv = objects(await collect(fileInput('csv/cycle_hire_xy.csv')));
    expect(geo.length).toBe(742);
    expect(csv.length).toBe(742);
    expect(csv[0]!.tags.name).toBe('River Street');
  });

  it('streams a FeatureCollection split across many small chunks', async () => {
    const features = Array.from({ length: 50 }, (_, i) => ({
      type: 'Feature',
      id: `f${i}`,
      properties: { name: `a "quoted" {brace} [${i}]`, n: i },
      geometry: { type: 'Point', coordinates: [i, i / 2] },
    }));
    const text = JSON.stringify({ type: 'FeatureCollection', bbox: [0, 0, 1, 1], features });
    const bytes = Buffer.from(text);
    const input: ImportInput = {
      name: 'big.geojson',
      size: 64 * 1024 * 1024, // forces the streaming path
      stream: async function* () {
        for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
      },
    };
    const objs = objects(await collect(input, 'big.geojson'));
    expect(objs.map((o) => o.osmId)).toEqual(features.map((f) => f.id));
    expect(objs[3]!.tags.name).toBe('a "quoted" {brace} [3]');
  });

  it('reads newline-delimited GeoJSON and skips a bad line with its reason', async () => {
    const text = [
      '{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"osm_id":"a"}}',
      '{oops',
      '{"type":"Feature","geometry":null,"properties":{}}',
    ].join('\n');
    const records = await collect(textInput('x.geojsonl', text));
    expect(objects(records).map((o) => o.osmId)).toEqual(['a']);
    expect(records.filter((r) => 'skip' in r).map((r) => ('skip' in r ? r.skip : ''))).toEqual([
      expect.stringMatching(/not valid JSON/),
      'it has no geometry',
    ]);
  });

  it('names the missing column when a CSV has no coordinates', async () => {
    await expect(collect(textInput('a.csv', 'name,value\nx,1\n'))).rejects.toThrow(/no longitude column found/);
  });

  it('refuses a file in no known format', () => {
    expect(() => detectFormat('notes.txt', Buffer.from('hello'))).toThrow(/not in a format we can import/);
  });
});

// eslint-disable-next-line no-restricted-imports -- the test reads its fixture tile from disk
import { readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- the test gunzips the fixture as main would send it
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeTile, isGzip } from './decode-tile.js';

// Real tiles written by Debian's tilemaker (OpenMapTiles example config) from the Monaco extract,
// see test/fixtures/SOURCES.md.
const fixture = (name: string) => new Uint8Array(readFileSync(`test/fixtures/basemap/${name}`));
const z14 = fixture('monaco-omt-14-8529-5974.mvt.gz');
const z12 = fixture('monaco-omt-12-2132-1493.mvt.gz');

describe('decodeTile (tilemaker, OpenMapTiles schema)', () => {
  const tile = decodeTile(gunzipSync(z14), 'openmaptiles');

  it('recognises gzipped tiles as they come out of an MBTiles file', () => {
    expect(isGzip(z14)).toBe(true);
    expect(isGzip(gunzipSync(z14))).toBe(false);
  });

  it('sorts the features into the style buckets', () => {
    expect(tile.extent).toBe(4096);
    expect(tile.buckets.get('building')).toHaveLength(981);
    // 33 lakes and fountains, plus the sea polygon.
    expect(tile.buckets.get('water')).toHaveLength(34);
    expect(tile.buckets.get('road:primary')?.length).toBeGreaterThan(0);
    expect(tile.buckets.get('road:secondary')?.length).toBeGreaterThan(0);
    expect(tile.buckets.get('road:path')?.length).toBeGreaterThan(1000);
    // Monaco's railway runs in a tunnel here: tunnels have their own (faint) bucket, rail none.
    expect(tile.buckets.get('rail')).toBeUndefined();
    expect(tile.buckets.get('tunnel')?.length).toBeGreaterThan(0);
    expect(tile.buckets.get('pier')).toHaveLength(26);
    // 36 boundary lines: 7 national (Monaco–France), 1 regional, 28 municipal and quarter lines.
    expect(tile.buckets.get('boundary:country')).toHaveLength(7);
    expect(tile.buckets.get('boundary:state')).toHaveLength(1);
    expect(tile.buckets.get('boundary:local')).toHaveLength(28);
  });

  it('reads coordinates and bounding boxes in tile units', () => {
    const building = tile.buckets.get('building')![0]!;
    const [x0, y0, x1, y1] = building.bbox;
    expect(x0).toBeLessThanOrEqual(x1);
    expect(y0).toBeLessThanOrEqual(y1);
    const ring = building.parts[0]!;
    expect(ring.length % 2).toBe(0);
    expect(ring[0]).toBeGreaterThanOrEqual(x0);
    expect(ring[0]).toBeLessThanOrEqual(x1);
  });

  it('keeps street names, place names and POIs as labels, most important first', () => {
    const byText = (text: string) => tile.labels.find((l) => l.text === text);
    expect(byText('Boulevard Louis II')?.kind).toBe('road-major');
    expect(byText('Monaco')?.kind).toBe('city');
    expect(byText('Jardin Exotique')?.kind).toBe('suburb');
    const busStop = tile.labels.find((l) => l.kind === 'poi' && l.text === 'Stade des Moneghetti');
    expect(busStop).toMatchObject({ category: 'transport', minZoom: 15 });
    const ranks = tile.labels.map((l) => l.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(tile.labels[0]!.kind).toBe('city');
  });

  it('labels the country at low zoom', () => {
    const low = decodeTile(gunzipSync(z12), 'openmaptiles');
    expect(low.labels.find((l) => l.kind === 'country')?.text).toBe('Monaco');
    expect(low.buckets.get('road:primary')?.length).toBeGreaterThan(0);
  });
});

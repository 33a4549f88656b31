/**
 * The sea from coastline ways: which side is water on small made-up coastlines (both directions, a
 * corner, an island, a lake, a cut and a broken coastline), the bounds an extract declares, and the
 * real Monaco extract built through the streamed reader: Port Hercule is sea, the Casino is not.
 */
import { copyFileSync, createReadStream, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Position } from 'geojson';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bbox } from '../../electron/contract/domain.js';
import { readOsmFeatures } from '../../electron/core/files/import/osm/read-osm.js';
import { openBasemapFile } from '../../electron/core/tiles/basemap/basemap-file.js';
import { buildBasemap } from '../../electron/core/tiles/basemap/build-basemap.js';
import { createCoastline } from '../../electron/core/tiles/basemap/coastline.js';
import { readExtractBounds } from '../../electron/core/tiles/basemap/extract-bounds.js';
import type { OsmFeature } from '../../electron/core/tiles/basemap/openmaptiles-layers.js';
import { latToTileY, lonToTileX } from '../../electron/core/tiles/tile-math.js';

const OSM = join(import.meta.dirname, '../fixtures/osm');
const MONACO_PBF = join(OSM, 'monaco-2026-03-10.osm.pbf');
const AREA: Bbox = [0, 0, 10, 10];

/** A way from 'x y, x y, …' (lon lat pairs). */
const way = (points: string, natural = 'coastline'): OsmFeature => ({
  type: 'way',
  osmId: '1',
  tags: { natural },
  geom: { type: 'LineString', coordinates: points.split(',').map((p) => p.trim().split(' ').map(Number)) },
});

/** Even-odd over every ring of every polygon: true when the point is in the sea. */
function isSea(polygons: Position[][][], [x, y]: [number, number]): boolean {
  let isIn = false;
  for (const ring of polygons.flat())
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) isIn = !isIn;
    }
  return isIn;
}

function sea(ways: OsmFeature[], area = AREA) {
  const c = createCoastline();
  for (const w of ways) c.add(w);
  return c.sea(area);
}

describe('createCoastline', () => {
  it('puts the water on the right of a coastline crossing the area, whichever way it runs', () => {
    const east = sea([way('-1 5, 11 5')]);
    expect(east.problem).toBeUndefined();
    expect(isSea(east.polygons, [5, 2])).toBe(true);
    expect(isSea(east.polygons, [5, 8])).toBe(false);
    const west = sea([way('11 5, -1 5')]);
    expect(isSea(west.polygons, [5, 8])).toBe(true);
    expect(isSea(west.polygons, [5, 2])).toBe(false);
  });

  it('chains ways end to end in any order and closes along the sides past a corner', () => {
    // Cuts off the south-west corner, running south-east: the corner is water.
    const corner = sea([way('2 1, 4 -1'), way('-1 4, 1 2, 2 1')]);
    expect(corner.polygons).toHaveLength(1);
    expect(isSea(corner.polygons, [0.5, 0.5])).toBe(true);
    expect(isSea(corner.polygons, [5, 5])).toBe(false);
    // The same line the other way round: everything but the corner is water.
    const rest = sea([way('4 -1, 2 1, 1 2, -1 4')]);
    expect(isSea(rest.polygons, [0.5, 0.5])).toBe(false);
    expect(isSea(rest.polygons, [9, 9])).toBe(true);
  });

  it('leaves an island (a counter-clockwise ring) out of the sea as a hole, and fills a lake ring', () => {
    const island = way('4 1, 6 1, 6 3, 4 3, 4 1');
    const withIsland = sea([way('-1 5, 11 5'), island]);
    expect(withIsland.polygons).toHaveLength(1);
    expect(withIsland.polygons[0]).toHaveLength(2);
    expect(isSea(withIsland.polygons, [5, 2])).toBe(false);
    expect(isSea(withIsland.polygons, [2, 2])).toBe(true);
    // Only an island in the area: the sea is all around it.
    const alone = sea([island]);
    expect(isSea(alone.polygons, [5, 2])).toBe(false);
    expect(isSea(alone.polygons, [8, 8])).toBe(true);
    // An island across the west side: cut there and closed along the sides like any chain.
    const across = sea([way('-2 1, 2 1, 2 3, -2 3, -2 1')]);
    expect(isSea(across.polygons, [1, 2])).toBe(false);
    expect(isSea(across.polygons, [5, 5])).toBe(true);
    expect(isSea(across.polygons, [1, 0.5])).toBe(true);
    // A clockwise ring is water inside, land outside.
    const lake = sea([way('4 1, 4 3, 6 3, 6 1, 4 1')]);
    expect(isSea(lake.polygons, [5, 2])).toBe(true);
    expect(isSea(lake.polygons, [8, 8])).toBe(false);
  });

  it('carries an end cut just short of a side out to it, and refuses a broken coastline with a sentence', () => {
    const cut = sea([way('0.2 5, 9.8 5')]);
    expect(cut.problem).toBeUndefined();
    expect(isSea(cut.polygons, [5, 2])).toBe(true);
    expect(isSea(cut.polygons, [5, 8])).toBe(false);
    const broken = sea([way('-1 5, 5 5')]);
    expect(broken.polygons).toEqual([]);
    expect(broken.problem).toBe(
      'The coastline stops at 5.00000, 5.00000, 553.9 km inside the area the extract covers, too far from its ' +
        'edge to be where the extract was cut, so the basemap is built without the sea (closing a broken ' +
        'coastline would flood the land).',
    );
  });

  it('makes no sea without coastline ways', () => {
    expect(sea([way('-1 5, 11 5', 'cliff')])).toEqual({ polygons: [] });
  });
});

describe('readExtractBounds', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'extract-bounds-'));
  });

  it("reads a PBF header's bbox (osmium fileinfo says 7.408583,43.483817,7.595671,43.75293)", async () => {
    const b = (await readExtractBounds(MONACO_PBF))!;
    [7.408583, 43.483817, 7.595671, 43.75293].forEach((v, i) => expect(b[i]).toBeCloseTo(v, 6));
  });

  it('reads <bounds> from OSM XML, plain or gzipped, and says null when a file has none', async () => {
    const xml = join(OSM, 'osm-read-test.osm');
    const expected = [-0.108157396316528, 51.5073601795557, -0.107599496841431, 51.5076406454029];
    expect(await readExtractBounds(xml)).toEqual(expected);
    const gz = join(dir, 'osm-read-test.osm.gz');
    writeFileSync(gz, gzipSync(readFileSync(xml)));
    expect(await readExtractBounds(gz)).toEqual(expected);
    expect(await readExtractBounds(join(OSM, 'monaco-port-hercule.osm'))).toBeNull();
    const text = join(dir, 'notes.osm.pbf');
    copyFileSync(join(OSM, 'map.json'), text);
    expect(await readExtractBounds(text)).toBeNull();
  });
});

describe('the sea of the Monaco extract', () => {
  // Port Hercule's basin, and the Casino de Monte-Carlo on land.
  const HARBOUR: [number, number] = [7.4255, 43.7346];
  const CASINO: [number, number] = [7.4286, 43.7394];
  let tiles: Awaited<ReturnType<typeof openBasemapFile>>;
  const notes: string[] = [];

  beforeAll(async () => {
    expect(existsSync(MONACO_PBF)).toBe(true);
    const out = join(mkdtempSync(join(tmpdir(), 'basemap-sea-')), 'monaco.mbtiles');
    const input = { name: 'monaco.osm.pbf', stream: () => createReadStream(MONACO_PBF) };
    const features = readOsmFeatures(input, { maxDocumentBytes: 1e8 }) as AsyncIterable<OsmFeature>;
    await buildBasemap(features, {
      outPath: out,
      name: 'monaco',
      origin: MONACO_PBF,
      extractBounds: await readExtractBounds(MONACO_PBF),
      onNote: (n) => notes.push(n),
    });
    tiles = await openBasemapFile(out);
  });

  /** The ocean polygons of the z14 tile (the map over-zooms it to z16–18) under a point. */
  async function oceanAt([lon, lat]: [number, number]) {
    const z = 14;
    const fx = ((lon + 180) / 360) * 2 ** z;
    const rad = (lat * Math.PI) / 180;
    const fy = ((1 - Math.asinh(Math.tan(rad)) / Math.PI) / 2) * 2 ** z;
    const tile = new VectorTile(new PbfReader((await tiles.getTile(z, Math.floor(fx), Math.floor(fy)))!));
    const water = tile.layers.water!;
    const polygons: Position[][][] = [];
    for (let i = 0; i < water.length; i++) {
      const f = water.feature(i);
      if (f.properties.class === 'ocean') polygons.push(f.loadGeometry().map((r) => r.map((p) => [p.x, p.y])));
    }
    const at: [number, number] = [(fx % 1) * water.extent, (fy % 1) * water.extent];
    return { polygons, at, first: water.feature(0).properties.class };
  }

  it('draws Port Hercule as ocean, first in the water layer (under the rest)', async () => {
    const { polygons, at, first } = await oceanAt(HARBOUR);
    expect(notes).toEqual([]);
    expect(polygons.length).toBeGreaterThan(0);
    expect(isSea(polygons, at)).toBe(true);
    expect(first).toBe('ocean');
  });

  it('keeps the Casino on land', async () => {
    const { polygons, at } = await oceanAt(CASINO);
    expect(polygons.length).toBeGreaterThan(0); // the sea is in this tile, just not under the Casino
    expect(isSea(polygons, at)).toBe(false);
  });

  it('has ocean at low zoom too (z8 over Monaco)', async () => {
    const tile = new VectorTile(new PbfReader((await tiles.getTile(8, lonToTileX(7.42, 8), latToTileY(43.73, 8)))!));
    expect(tile.layers.water!.feature(0).properties.class).toBe('ocean');
  });
});

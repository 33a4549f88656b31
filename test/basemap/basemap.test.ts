/**
 * The offline basemap on real files: tilemaker's OpenMapTiles MBTiles of Monaco and a PMTiles file
 * written by tippecanoe open and serve tiles @mapbox/vector-tile decodes; a basemap built from the
 * real Monaco extract (read by GDAL here, by our own streamed reader in the worker) carries street
 * names; files are private; broken files are refused with a sentence; tiles go out over HTTP.
 */
import { mkdtempSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBasemapFile } from '../../electron/core/tiles/basemap/basemap-file.js';
import { buildBasemap } from '../../electron/core/tiles/basemap/build-basemap.js';
import { latToTileY, lonToTileX } from '../../electron/core/tiles/tile-math.js';
import type { EventPayload } from '../../electron/contract/events.js';
import type { TileLayer } from '../../electron/contract/methods/tiles.js';
import { startServer, type RunningServer } from '../../electron/headless/serve.js';
import { iterate, readWithGdal } from './gdal-osm-features.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/basemap');
// The extract copied into the fixtures, else the team's shared copy (ODbL; see SOURCES.md).
const MONACO_PBF = [
  join(import.meta.dirname, '../fixtures/osm/monaco-2026-03-10.osm.pbf'),
  '/work/shared/data/osm/monaco-2026-03-10.osm.pbf',
].find((p) => existsSync(p))!;
// Monaco-Ville / La Condamine, where the Boulevard Albert 1er runs.
const LON = 7.4213;
const LAT = 43.7347;
const z14 = { z: 14, x: lonToTileX(LON, 14), y: latToTileY(LAT, 14) };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'basemap-'));
});

function decode(data: Buffer): VectorTile {
  return new VectorTile(new PbfReader(data));
}

/** Every value of `prop` in a layer of a decoded tile. */
function values(tile: VectorTile, layer: string, prop: string): string[] {
  const l = tile.layers[layer];
  if (!l) return [];
  return Array.from({ length: l.length }, (_, i) => String(l.feature(i).properties[prop]));
}

describe('opening basemap files another tool wrote', () => {
  it("opens tilemaker's OpenMapTiles MBTiles and serves a z14 tile over Monaco, ungzipped", async () => {
    const f = await openBasemapFile(join(FIXTURES, 'monaco-openmaptiles-tilemaker.mbtiles'));
    expect(f.info).toMatchObject({ format: 'pbf', vectorSchema: 'openmaptiles', minzoom: 0, maxzoom: 14 });
    expect(f.contentType).toBe('application/x-protobuf');
    const data = await f.getTile(z14.z, z14.x, z14.y);
    expect(data![0]).not.toBe(0x1f); // not gzip
    const tile = decode(data!);
    expect(tile.layers.transportation!.length).toBeGreaterThan(50);
    expect(values(tile, 'transportation', 'class')).toContain('primary');
    expect(await f.getTile(14, 0, 0)).toBeUndefined();
    f.close();
  });

  it('opens a PMTiles v3 file written by tippecanoe and serves its tile', async () => {
    const f = await openBasemapFile(join(FIXTURES, 'tippecanoe-fixture-1.pmtiles'));
    expect(f.info).toMatchObject({
      format: 'pbf',
      vectorSchema: null,
      minzoom: 0,
      maxzoom: 0,
      name: 'test_fixture_1.pmtiles',
    });
    const tile = decode((await f.getTile(0, 0, 0))!);
    expect(tile.layers.test_fixture_1pmtiles!.feature(0).type).toBe(3); // a polygon
    expect(await f.getTile(1, 0, 0)).toBeUndefined();
    f.close();
  });

  it('refuses broken files with one sentence naming the file', async () => {
    await expect(openBasemapFile(join(FIXTURES, 'invalid.pmtiles'))).rejects.toThrow(
      /^File 'invalid\.pmtiles' is not a readable PMTiles v3 archive: .+\.$/,
    );
    const text = join(dir, 'notes.mbtiles');
    writeFileSync(text, 'hello, this is not sqlite at all, just some text to fill a header block');
    await expect(openBasemapFile(text)).rejects.toThrow(
      /^File 'notes\.mbtiles' is not a readable MBTiles \(SQLite\) file/,
    );
    await expect(openBasemapFile(join(dir, 'x.geojson'))).rejects.toThrow(
      "File 'x.geojson' is not a basemap file (.mbtiles or .pmtiles).",
    );
  });
});

describe('building a basemap from the Monaco extract', () => {
  it('writes OpenMapTiles layers with real street names, read back by openBasemapFile', async () => {
    const features = readWithGdal(MONACO_PBF, dir);
    const out = join(dir, 'monaco-gdal.mbtiles');
    const result = await buildBasemap(iterate(features), { outPath: out, name: 'monaco', origin: MONACO_PBF });
    expect(result.features).toBeGreaterThan(5000);
    const f = await openBasemapFile(out);
    expect(f.info).toMatchObject({
      format: 'pbf',
      vectorSchema: 'openmaptiles',
      maxzoom: 14,
      origin: 'monaco-2026-03-10.osm.pbf',
    });
    const tile = decode((await f.getTile(z14.z, z14.x, z14.y))!);
    expect(Object.keys(tile.layers)).toEqual(
      expect.arrayContaining(['transportation', 'transportation_name', 'building', 'poi']),
    );
    const streets = values(tile, 'transportation_name', 'name');
    expect(streets.some((n) => n.startsWith('Boulevard '))).toBe(true);
    expect(streets).toContain('Boulevard Albert 1er');
    // Low zooms keep only the main roads, not every building.
    const z10 = decode((await f.getTile(10, lonToTileX(LON, 10), latToTileY(LAT, 10)))!);
    expect(z10.layers.building).toBeUndefined();
    expect(values(z10, 'transportation', 'class')).not.toContain('path');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    f.close();
  });
});

describe('basemaps through the app (worker thread, contract, HTTP route)', () => {
  const TOKEN = 'basemap-test-token-0123456789';
  const auth = { Authorization: `Bearer ${TOKEN}` };
  let server: RunningServer;
  let base: string;
  const ctx = { clientId: 't', principal: { kind: 'app' as const }, push() {}, onClose() {} };
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const reply = (await server.core.dispatcher.dispatch(method as never, params, ctx)) as
      { ok: true; result: T } | { ok: false; error: { message: string } };
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.result;
  };
  const built = (jobId: string) =>
    new Promise<EventPayload<'tiles.basemapProgressed'>>((resolve) => {
      const off = server.core.events.on((event, payload) => {
        const p = payload as EventPayload<'tiles.basemapProgressed'>;
        if (event === 'tiles.basemapProgressed' && p.job_id === jobId && p.finished) {
          off();
          resolve(p);
        }
      });
    });

  beforeAll(async () => {
    server = await startServer({ port: 0, dataDir: join(dir, 'app'), token: TOKEN, env: {} });
    base = new URL(server.url).origin;
  });
  afterAll(async () => server.stop());

  it('builds from the extract with the streamed reader, lists the layer, serves it over HTTP, removes it', async () => {
    const { job_id, layer_id } = await call<{ job_id: string; layer_id: string }>('tiles.buildBasemap', {
      path: MONACO_PBF,
    });
    expect(layer_id).toBe('basemap-monaco-2026-03-10');
    const done = await built(job_id);
    expect(done).toMatchObject({ phase: 'done', finished: true });
    expect(done.tiles).toBeGreaterThan(50);
    const { layers } = await call<{ layers: TileLayer[] }>('tiles.layers', {});
    const layer = layers.find((l) => l.id === layer_id)!;
    expect(layer).toMatchObject({ kind: 'vector', format: 'pbf', vector_schema: 'openmaptiles', offline: true });
    expect(layer).toMatchObject({ source: 'built', origin: 'monaco-2026-03-10.osm.pbf', min_zoom: 0, max_zoom: 14 });
    expect(layer.size_bytes).toBeGreaterThan(10_000);
    const file = join(dir, 'app', 'basemaps', 'monaco-2026-03-10.mbtiles');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'app', 'basemaps')).mode & 0o777).toBe(0o700);

    const res = await fetch(`${base}/tiles/${layer_id}/${z14.z}/${z14.x}/${z14.y}.pbf`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const tile = decode(Buffer.from(await res.arrayBuffer()));
    expect(values(tile, 'transportation_name', 'name').some((n) => n.startsWith('Boulevard '))).toBe(true);
    expect((await fetch(`${base}/tiles/${layer_id}/14/0/0`, { headers: auth })).status).toBe(204);
    expect((await fetch(`${base}/tiles/${layer_id}/14/0/0`)).status).toBe(401);

    await call('tiles.removeBasemap', { id: layer_id });
    expect(existsSync(file)).toBe(false);
  });

  it('prepares only an area when given a bbox', async () => {
    const bbox = [7.415, 43.728, 7.425, 43.738];
    const { job_id, layer_id } = await call<{ job_id: string; layer_id: string }>('tiles.buildBasemap', {
      path: MONACO_PBF,
      name: 'monaco-ville',
      bbox,
    });
    expect(await built(job_id)).toMatchObject({ phase: 'done' });
    const { layers } = await call<{ layers: TileLayer[] }>('tiles.layers', {});
    const [w, s, e, n] = layers.find((l) => l.id === layer_id)!.bounds!;
    expect(w).toBeGreaterThanOrEqual(bbox[0]!);
    expect(s).toBeGreaterThanOrEqual(bbox[1]!);
    expect(e).toBeLessThanOrEqual(bbox[2]!);
    expect(n).toBeLessThanOrEqual(bbox[3]!);
    // A z14 tile over the east of Monaco (Larvotto), outside the area, is not there.
    const east = { x: lonToTileX(7.44, 14), y: latToTileY(43.745, 14) };
    expect((await fetch(`${base}/tiles/${layer_id}/14/${east.x}/${east.y}`, { headers: auth })).status).toBe(204);
  });

  it("opens tilemaker's file through the contract, and refuses a corrupt one with a sentence", async () => {
    const layer = await call<TileLayer>('tiles.openBasemapFile', {
      path: join(FIXTURES, 'monaco-openmaptiles-tilemaker.mbtiles'),
    });
    expect(layer).toMatchObject({ kind: 'vector', vector_schema: 'openmaptiles', source: 'file', offline: true });
    const res = await fetch(`${base}/tiles/${layer.id}/${z14.z}/${z14.x}/${z14.y}`, { headers: auth });
    expect(decode(Buffer.from(await res.arrayBuffer())).layers.transportation).toBeDefined();
    await expect(call('tiles.openBasemapFile', { path: join(FIXTURES, 'invalid.pmtiles') })).rejects.toThrow(
      /^File 'invalid\.pmtiles' is not a readable PMTiles v3 archive/,
    );
  });

  it('a build from a file that is not an extract fails with one sentence', async () => {
    const bad = join(dir, 'bad.osm.pbf');
    writeFileSync(bad, 'not an extract');
    const { job_id } = await call<{ job_id: string }>('tiles.buildBasemap', { path: bad });
    const done = await built(job_id);
    expect(done.phase).toBe('failed');
    expect(done.error).toMatch(/^The basemap could not be built from 'bad\.osm\.pbf': .+\.$/);
    expect(existsSync(join(dir, 'app', 'basemaps', 'bad.mbtiles'))).toBe(false);
  });
});

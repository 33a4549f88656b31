import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadArea, estimateArea } from './area-download.js';
import { openMbtiles, sniffFormat } from './mbtiles-file.js';
import { createOnlineTileSource, OSM_STANDARD, type TileSourceDef } from './online-tiles.js';
import { openTileCache, type TileCache } from './tile-cache.js';
import { countTiles } from './tile-math.js';

// A real 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let dir: string;
let server: Server;
let base: string;
let requests: Array<{ url: string; headers: IncomingHttpHeaders }>;
let online: boolean;
let cache: TileCache;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tiles-'));
  requests = [];
  online = true;
  server = createServer((req, res) => {
    requests.push({ url: req.url!, headers: req.headers });
    if (!online) return void res.destroy();
    if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'image/png', etag: '"v1"' }).end(PNG);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cache = openTileCache(join(dir, 'cache.mbtiles'), 'test');
});
afterEach(async () => {
  cache.close();
  await new Promise((r) => server.close(r));
});

const def = (extra: Partial<TileSourceDef> = {}): TileSourceDef => ({
  id: 'local',
  name: 'Local',
  url_template: `${base}/{z}/{x}/{y}.png`,
  attribution: 'test',
  max_zoom: 18,
  allow_bulk_download: true,
  ...extra,
});

describe('createOnlineTileSource', () => {
  it('fetches with our User-Agent, caches, and serves the cached tile offline', async () => {
    let clock = 1_000;
    const source = createOnlineTileSource({
      def: def(),
      cache,
      userAgent: 'OSMObjectTracker/test',
      now: () => clock,
      maxAgeMs: 10,
    });
    expect(await source.getTile(3, 4, 2)).toEqual(PNG);
    expect(requests[0]!.headers['user-agent']).toBe('OSMObjectTracker/test');
    expect(await source.getTile(3, 4, 2)).toEqual(PNG);
    expect(requests).toHaveLength(1); // fresh: no second request
    clock += 100;
    expect(await source.getTile(3, 4, 2)).toEqual(PNG);
    expect(requests[1]!.headers['if-none-match']).toBe('"v1"'); // stale: conditional request, 304
    online = false;
    clock += 100;
    expect(await source.getTile(3, 4, 2)).toEqual(PNG); // network down: stale copy
    expect(await source.getTile(3, 0, 0)).toBeUndefined(); // never cached, offline
  });

  it('counts failed fetches and says why while the network is down, until a fetch succeeds', async () => {
    const seen: Array<string | null> = [];
    const source = createOnlineTileSource({
      def: def(),
      cache,
      userAgent: 'x',
      onStatus: (s) => seen.push(s.last_error),
    });
    online = false;
    expect(await source.getTile(3, 1, 1)).toBeUndefined();
    expect(await source.getTile(3, 1, 2)).toBeUndefined();
    expect(source.status().failed_tiles).toBe(2);
    expect(source.status().last_error).toMatch(/^Tile 3\/1\/2 from 'Local' could not be fetched: .+\.$/);
    online = true;
    expect(await source.getTile(3, 1, 1)).toEqual(PNG);
    expect(source.status()).toEqual({ failed_tiles: 2, last_error: null });
    expect(seen).toHaveLength(2); // started failing once, recovered once
    expect(seen[1]).toBeNull();
  });

  it('refuses tiles beyond the max zoom or outside the world', async () => {
    const source = createOnlineTileSource({ def: def({ max_zoom: 5 }), cache, userAgent: 'x' });
    await expect(source.getTile(6, 0, 0)).rejects.toThrow(/outside layer 'local'/);
    await expect(source.getTile(2, 4, 0)).rejects.toThrow(/outside layer/);
  });
});

describe('downloadArea', () => {
  const area = { bbox: [8.3, 48.9, 8.5, 49.1] as [number, number, number, number], min_zoom: 8, max_zoom: 11 };

  it('estimates, downloads with progress, and resumes without refetching', async () => {
    const source = createOnlineTileSource({ def: def(), cache, userAgent: 'x' });
    const estimate = estimateArea(source, cache, area);
    expect(estimate.tiles).toBe(countTiles(area.bbox, 8, 11));
    expect(estimate.already_cached).toBe(0);
    const seen: number[] = [];
    const first = await downloadArea(source, cache, area, { onProgress: (p) => seen.push(p.done) });
    expect(first.fetched).toBe(estimate.tiles);
    expect(seen.at(-1)).toBe(estimate.tiles);
    const again = await downloadArea(source, cache, area);
    expect(again.skipped).toBe(estimate.tiles);
    expect(again.fetched).toBe(0);
  });

  it('stops when cancelled', async () => {
    const source = createOnlineTileSource({ def: def(), cache, userAgent: 'x' });
    const controller = new AbortController();
    const result = await downloadArea(
      source,
      cache,
      { ...area, max_zoom: 14 },
      {
        signal: controller.signal,
        onProgress: (p) => p.done >= 25 && controller.abort(),
      },
    );
    expect(result.cancelled).toBe(true);
    expect(result.done).toBeLessThan(result.total);
  });

  it("refuses OpenStreetMap's own servers and sources not marked as permitting it", () => {
    const osm = createOnlineTileSource({ def: { ...OSM_STANDARD, allow_bulk_download: true }, cache, userAgent: 'x' });
    expect(() => estimateArea(osm, cache, area)).toThrow(/usage policy forbids/);
    const unmarked = createOnlineTileSource({ def: def({ allow_bulk_download: false }), cache, userAgent: 'x' });
    expect(() => estimateArea(unmarked, cache, area)).toThrow(/not marked as permitting/);
    const ok = createOnlineTileSource({ def: def(), cache, userAgent: 'x' });
    expect(() => estimateArea(ok, cache, { ...area, min_zoom: 0, max_zoom: 18, bbox: [-180, -85, 180, 85] })).toThrow(
      /more than the limit/,
    );
  });
});

describe('openMbtiles', () => {
  function makeMbtiles(name: string, format: string | null, tile: Buffer): string {
    const path = join(dir, name);
    const db = new Database(path);
    db.exec(
      'CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);',
    );
    if (format) db.prepare('INSERT INTO metadata VALUES (?, ?)').run('format', format);
    db.prepare('INSERT INTO metadata VALUES (?, ?)').run('bounds', '8,48,9,49');
    db.prepare('INSERT INTO tiles VALUES (1, 1, 0, ?)').run(tile); // TMS row 0 at z1 = XYZ y 1
    db.close();
    return path;
  }

  it('reads metadata and serves tiles in XYZ order', () => {
    const file = openMbtiles(makeMbtiles('area.mbtiles', 'png', PNG));
    expect(file.info).toMatchObject({ name: 'area', format: 'png', bounds: [8, 48, 9, 49], minzoom: 1, maxzoom: 1 });
    expect(file.getTile(1, 1, 1)).toEqual(PNG);
    expect(file.getTile(1, 1, 0)).toBeUndefined();
    file.close();
  });

  it('infers the format from the tiles when the metadata lacks it', () => {
    const file = openMbtiles(makeMbtiles('nofmt.mbtiles', null, PNG));
    expect(file.info.format).toBe('png');
    file.close();
  });

  it('opens vector tiles, gzipped as tilemaker stores them, and serves them inflated', () => {
    const mvt = Buffer.from([0x1a, 0x02, 0x78, 0x02]);
    const file = openMbtiles(makeMbtiles('vector.mbtiles', 'pbf', gzipSync(mvt)));
    expect(file.info.format).toBe('pbf');
    expect(file.getTile(1, 1, 1)).toEqual(mvt);
    file.close();
    const sniffed = openMbtiles(makeMbtiles('vector2.mbtiles', null, gzipSync(mvt)));
    expect(sniffed.info.format).toBe('pbf');
    sniffed.close();
  });

  it('refuses a tile format it cannot serve, naming it', () => {
    expect(() => openMbtiles(makeMbtiles('tiff.mbtiles', 'tiff', PNG))).toThrow(
      "File 'tiff.mbtiles' declares tile format 'tiff', but only png, jpg, webp and pbf (vector) tiles are supported.",
    );
  });

  it('refuses a file that is not an MBTiles database', () => {
    const text = join(dir, 'notes.mbtiles');
    writeFileSync(text, 'hello, this is not sqlite at all, just some text to fill a header block');
    expect(() => openMbtiles(text)).toThrow(/not a readable MBTiles/);
    const other = join(dir, 'other.mbtiles');
    new Database(other).exec('CREATE TABLE x (a)');
    expect(() => openMbtiles(other)).toThrow(/has no 'tiles' table/);
  });

  it('sniffs raster formats', () => {
    expect(sniffFormat(PNG)).toBe('png');
    expect(sniffFormat(Buffer.from([0xff, 0xd8, 0xff]))).toBe('jpg');
  });
});

/**
 * Builds an offline vector basemap from OSM features: each feature goes to its OpenMapTiles layers,
 * geojson-vt cuts and simplifies them per zoom, vt-pbf encodes each tile, and the tiles are stored
 * gzipped in an MBTiles file (as tilemaker writes them). The sea comes from the extract's coastline
 * (coastline.ts), under everything else. Runs in the basemap worker thread.
 */
import { renameSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Feature, Geometry } from 'geojson';
import { GeoJSONVT, type GeoJSONVTTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import Database from 'better-sqlite3';
import type { Bbox } from '../../../contract/domain.js';
import { geometryBbox } from '../../../contract/geometry.js';
import { makeSqliteFilesPrivate } from '../../../../db/private-files.js';
import { createCoastline, type Coastline } from './coastline.js';
import { OMT_LAYER_FIELDS, toLayerFeatures, type OmtLayer, type OsmFeature } from './openmaptiles-layers.js';

export const BASEMAP_MAX_ZOOM = 14;
const EXTENT = 4096;

export interface BuildProgress {
  phase: 'reading' | 'tiling';
  features: number;
  tiles: number;
}

export interface BuildOptions {
  /** The MBTiles file to write (replaced when the build succeeds; never left half-written). */
  outPath: string;
  name: string;
  /** What the basemap was built from (the extract's file name), kept in the file's metadata. */
  origin: string;
  /** Only features that reach into this area, and only tiles over it. */
  bbox?: Bbox;
  /** The area the extract says it covers (its PBF header bbox): the sea is closed along it. */
  extractBounds?: Bbox | null;
  maxZoom?: number;
  onProgress?: (p: BuildProgress) => void;
  /** Told, in one sentence, what the build left out and why (a broken coastline: no sea). */
  onNote?: (sentence: string) => void;
}

export interface BuildResult {
  features: number;
  tiles: number;
  bytes: number;
  bounds: Bbox | null;
}

/** A layer's features that start at one zoom share one geojson-vt index. */
interface Group {
  layer: OmtLayer;
  minzoom: number;
  features: Feature[];
  index?: GeoJSONVT;
}

/** Reads every feature, then writes every non-empty tile from zoom 0 to maxZoom. */
export async function buildBasemap(input: AsyncIterable<OsmFeature>, o: BuildOptions): Promise<BuildResult> {
  const maxZoom = o.maxZoom ?? BASEMAP_MAX_ZOOM;
  const { groups, features, bounds } = await collect(input, o);
  for (const g of groups) {
    g.index = new GeoJSONVT(
      { type: 'FeatureCollection', features: g.features },
      { maxZoom, extent: EXTENT, indexMaxZoom: 4 },
    );
    g.features = []; // the index holds its own copy
  }
  const partial = `${o.outPath}.partial`;
  rmSync(partial, { force: true });
  makeSqliteFilesPrivate(partial);
  const db = new Database(partial);
  try {
    const written = writeTiles(db, groups, {
      maxZoom,
      area: o.bbox ?? bounds,
      onTile: (n) => o.onProgress?.({ phase: 'tiling', features, tiles: n }),
    });
    writeMetadata(db, o, bounds, maxZoom);
    db.close();
    renameSync(partial, o.outPath);
    return { features, tiles: written.tiles, bytes: written.bytes, bounds };
  } catch (err) {
    if (db.open) db.close();
    rmSync(partial, { force: true });
    throw err;
  }
}

async function collect(input: AsyncIterable<OsmFeature>, o: BuildOptions) {
  const groups = new Map<string, Group>();
  const coastline = createCoastline();
  let features = 0;
  let bounds: Bbox | null = null;
  let seen: Bbox | null = null;
  for await (const f of input) {
    const box = geometryBbox(f.geom as never);
    if (!box || (o.bbox && !intersects(box, o.bbox))) continue;
    seen = seen ? union(seen, box) : box;
    coastline.add(f);
    const parts = toLayerFeatures(f);
    if (parts.length === 0) continue;
    bounds = bounds ? union(bounds, box) : box;
    for (const p of parts) {
      const key = `${p.layer}@${p.minzoom}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { layer: p.layer, minzoom: p.minzoom, features: [] }));
      g.features.push({ type: 'Feature', properties: p.props, geometry: p.geom as Geometry });
    }
    if (++features % 5000 === 0) o.onProgress?.({ phase: 'reading', features, tiles: 0 });
  }
  o.onProgress?.({ phase: 'reading', features, tiles: 0 });
  const sea = seaGroup(coastline, o, seen);
  return {
    groups: [...(sea ? [sea] : []), ...groups.values()],
    features,
    bounds: o.bbox && bounds ? clipBox(bounds, o.bbox) : bounds,
  };
}

/**
 * The sea as `water` class `ocean` from zoom 0, first so it lies under everything else, closed along
 * the extract's declared bounds (within the build's bbox), else the bbox of everything read.
 */
function seaGroup(coastline: Coastline, o: BuildOptions, seen: Bbox | null): Group | undefined {
  const declared = o.extractBounds && o.bbox ? clipBox(o.extractBounds, o.bbox) : (o.extractBounds ?? o.bbox);
  const area = declared && declared[0] < declared[2] && declared[1] < declared[3] ? declared : seen;
  if (!area) return undefined;
  const { polygons, problem } = coastline.sea(area);
  if (problem) o.onNote?.(problem);
  if (polygons.length === 0) return undefined;
  const features: Feature[] = polygons.map((coordinates) => ({
    type: 'Feature',
    properties: { class: 'ocean' },
    geometry: { type: 'Polygon', coordinates },
  }));
  return { layer: 'water', minzoom: 0, features };
}

/** Walks the tile pyramid depth first, only into tiles where some index has features. */
function writeTiles(
  db: Database.Database,
  groups: Group[],
  o: { maxZoom: number; area: Bbox | null; onTile: (n: number) => void },
): { tiles: number; bytes: number } {
  db.exec(`CREATE TABLE metadata (name TEXT, value TEXT, PRIMARY KEY (name));
    CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB,
      PRIMARY KEY (zoom_level, tile_column, tile_row));`);
  const insert = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
  let tiles = 0;
  let bytes = 0;
  const pending: Array<[number, number, number, Buffer]> = [];
  const flush = db.transaction(() => {
    for (const row of pending) insert.run(...row);
    pending.length = 0;
  });
  const visit = (z: number, x: number, y: number): void => {
    if (o.area && !intersects(tileBox(z, x, y), o.area)) return;
    const layers: Record<string, { features: GeoJSONVTTile['features'] }> = {};
    let hasContent = false;
    for (const g of groups) {
      const tile = g.index!.getTile(z, x, y);
      if (!tile || tile.features.length === 0) continue;
      hasContent = true;
      if (g.minzoom > z) continue;
      (layers[g.layer] ??= { features: [] }).features.push(...tile.features);
    }
    if (!hasContent) return;
    if (Object.keys(layers).length > 0) {
      const data = gzipSync(fromGeojsonVt(layers, { version: 2, extent: EXTENT }));
      pending.push([z, x, 2 ** z - 1 - y, data]);
      tiles++;
      bytes += data.length;
      if (pending.length >= 256) {
        flush();
        o.onTile(tiles);
      }
    }
    if (z < o.maxZoom)
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const)
        visit(z + 1, x * 2 + dx, y * 2 + dy);
  };
  visit(0, 0, 0);
  flush();
  o.onTile(tiles);
  return { tiles, bytes };
}

function writeMetadata(db: Database.Database, o: BuildOptions, bounds: Bbox | null, maxZoom: number): void {
  const b = bounds ?? [-180, -85, 180, 85];
  const rows: Record<string, string> = {
    name: o.name,
    format: 'pbf',
    type: 'baselayer',
    minzoom: '0',
    maxzoom: String(maxZoom),
    bounds: b.join(','),
    center: `${(b[0] + b[2]) / 2},${(b[1] + b[3]) / 2},${Math.min(maxZoom, 12)}`,
    attribution: '© OpenStreetMap contributors',
    description: `Built by OSM Object Tracker from ${basename(o.origin)} (OpenMapTiles schema).`,
    origin: basename(o.origin),
    json: JSON.stringify({
      vector_layers: Object.entries(OMT_LAYER_FIELDS).map(([id, fields]) => ({
        id,
        fields: Object.fromEntries(fields.map((f) => [f, 'String'])),
        minzoom: 0,
        maxzoom: maxZoom,
      })),
    }),
  };
  const put = db.prepare('INSERT INTO metadata VALUES (?, ?)');
  for (const [k, v] of Object.entries(rows)) put.run(k, v);
}

/** The lon/lat box of tile z/x/y. */
function tileBox(z: number, x: number, y: number): Bbox {
  const n = 2 ** z;
  const lat = (t: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * t) / n))) * 180) / Math.PI;
  return [(x / n) * 360 - 180, lat(y + 1), ((x + 1) / n) * 360 - 180, lat(y)];
}

const intersects = (a: Bbox, b: Bbox) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
const union = (a: Bbox, b: Bbox): Bbox => [
  Math.min(a[0], b[0]),
  Math.min(a[1], b[1]),
  Math.max(a[2], b[2]),
  Math.max(a[3], b[3]),
];
const clipBox = (a: Bbox, b: Bbox): Bbox => [
  Math.max(a[0], b[0]),
  Math.max(a[1], b[1]),
  Math.min(a[2], b[2]),
  Math.min(a[3], b[3]),
];

/**
 * Reads an MBTiles file (SQLite: `metadata` and `tiles` tables, TMS row order): its metadata and its
 * tiles, raster (png, jpg, webp) or vector (pbf, as tilemaker and tippecanoe write it: gzipped, with
 * the layer list in the `json` metadata row). Vector tiles are served ungzipped.
 */
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { AppError } from '../../contract/errors.js';

export type RasterFormat = 'png' | 'jpg' | 'webp';
export type TileFormat = RasterFormat | 'pbf';

export interface MbtilesInfo {
  name: string;
  format: TileFormat;
  bounds: [number, number, number, number] | null;
  minzoom: number;
  maxzoom: number;
  attribution: string | null;
  /** Vector files: the ids of `vector_layers` in the `json` metadata row (empty for raster). */
  vectorLayers: string[];
  /** Every metadata row, for what a caller wants beyond these (e.g. the app's `origin`). */
  metadata: Map<string, string>;
}

export const CONTENT_TYPES: Record<TileFormat, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  pbf: 'application/x-protobuf',
};

/** A gzipped tile inflated; anything else as it is (tiles may be stored either way). */
export function gunzipTile(data: Buffer): Buffer {
  return data[0] === 0x1f && data[1] === 0x8b ? gunzipSync(data) : data;
}

/** Guesses a tile's format from its first bytes. */
export function sniffFormat(data: Buffer): RasterFormat | 'pbf' | 'unknown' {
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'png';
  if (data[0] === 0xff && data[1] === 0xd8) return 'jpg';
  if (data.toString('ascii', 0, 4) === 'RIFF' && data.toString('ascii', 8, 12) === 'WEBP') return 'webp';
  if (data[0] === 0x1f && data[1] === 0x8b) return 'pbf'; // gzip: vector tiles are stored gzipped
  if (data[0] === 0x1a || data[0] === 0x0a) return 'pbf';
  return 'unknown';
}

export interface MbtilesFile {
  readonly path: string;
  readonly info: MbtilesInfo;
  /** The tile at z/x/y (XYZ order, vector tiles ungzipped), or undefined. */
  getTile(z: number, x: number, y: number): Buffer | undefined;
  close(): void;
}

/** Opens an MBTiles file read-only; throws INVALID_INPUT naming the file and the problem. */
export function openMbtiles(path: string): MbtilesFile {
  const file = basename(path);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
  } catch (err) {
    throw new AppError(
      'INVALID_INPUT',
      `File '${file}' is not a readable MBTiles (SQLite) file: ${(err as Error).message}.`,
      { cause: err },
    );
  }
  try {
    const info = readInfo(db, file);
    const tile = db.prepare<[number, number, number], { tile_data: Buffer }>(
      'SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?',
    );
    return {
      path,
      info,
      getTile(z, x, y) {
        const data = tile.get(z, x, 2 ** z - 1 - y)?.tile_data;
        return data && info.format === 'pbf' ? gunzipTile(data) : data;
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

function readInfo(db: Database.Database, file: string): MbtilesInfo {
  const hasTables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE name IN ('metadata', 'tiles')")
    .all()
    .map((r) => r.name);
  if (!hasTables.includes('tiles'))
    throw new AppError(
      'INVALID_INPUT',
      `File '${file}' is a SQLite database but has no 'tiles' table, so it is not an MBTiles file.`,
    );
  const meta = new Map<string, string>();
  if (hasTables.includes('metadata')) {
    for (const row of db.prepare<[], { name: string; value: string }>('SELECT name, value FROM metadata').all())
      meta.set(row.name, row.value);
  }
  const sample = db.prepare<[], { tile_data: Buffer }>('SELECT tile_data FROM tiles LIMIT 1').get()?.tile_data;
  const declared = meta.get('format')?.toLowerCase().replace('jpeg', 'jpg');
  const found = declared ?? (sample ? sniffFormat(sample) : 'unknown');
  const format = found === 'mvt' ? 'pbf' : found;
  if (format !== 'png' && format !== 'jpg' && format !== 'webp' && format !== 'pbf') {
    throw new AppError(
      'INVALID_INPUT',
      `File '${file}' declares tile format '${format}', but only png, jpg, webp and pbf (vector) tiles are supported.`,
    );
  }
  const zooms = db
    .prepare<[], { lo: number | null; hi: number | null }>('SELECT MIN(zoom_level) lo, MAX(zoom_level) hi FROM tiles')
    .get();
  const bounds = meta.get('bounds')?.split(',').map(Number);
  return {
    name: meta.get('name') ?? file.replace(/\.mbtiles$/i, ''),
    format,
    bounds: bounds?.length === 4 && bounds.every(Number.isFinite) ? (bounds as [number, number, number, number]) : null,
    minzoom: Number(meta.get('minzoom') ?? zooms?.lo ?? 0),
    maxzoom: Number(meta.get('maxzoom') ?? zooms?.hi ?? 0),
    attribution: meta.get('attribution') ?? null,
    vectorLayers: format === 'pbf' ? readVectorLayers(meta.get('json'), file) : [],
    metadata: meta,
  };
}

/** The layer ids of the `json` metadata row (MBTiles 1.3); a row that is not JSON is refused. */
function readVectorLayers(json: string | undefined, file: string): string[] {
  if (json === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new AppError('INVALID_INPUT', `File '${file}' has a 'json' metadata row that is not valid JSON.`);
  }
  const layers = (parsed as { vector_layers?: unknown })?.vector_layers;
  if (!Array.isArray(layers)) return [];
  return layers.flatMap((l) => (typeof (l as { id?: unknown })?.id === 'string' ? [(l as { id: string }).id] : []));
}

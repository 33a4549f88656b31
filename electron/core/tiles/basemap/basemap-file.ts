/**
 * One interface over the basemap files the app opens or builds: MBTiles (raster or vector) and
 * PMTiles (raster or vector), with the layer facts the layer menu shows (schema, zooms, size, origin).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Bbox } from '../../../contract/domain.js';
import { AppError } from '../../../contract/errors.js';
import { CONTENT_TYPES, openMbtiles, type TileFormat } from '../mbtiles-file.js';
import { openPmtiles } from './pmtiles-file.js';
import { detectVectorSchema, type VectorSchema } from './vector-schema.js';

export interface BasemapInfo {
  name: string;
  format: TileFormat;
  bounds: Bbox | null;
  minzoom: number;
  maxzoom: number;
  attribution: string;
  vectorSchema: VectorSchema | null;
  /** The extract a built basemap came from (its `origin` metadata row), else the file's own name. */
  origin: string;
  sizeBytes: number;
}

export interface BasemapFile {
  readonly path: string;
  readonly info: BasemapInfo;
  readonly contentType: string;
  /** The tile at z/x/y (XYZ), vector tiles ungzipped; undefined where the file has none. */
  getTile(z: number, x: number, y: number): Promise<Buffer | undefined>;
  close(): void;
}

/** The file kinds we open, by extension. */
export const BASEMAP_EXTENSIONS = ['mbtiles', 'pmtiles'];

/** Opens `path` (an absolute path to an existing .mbtiles or .pmtiles); refusals name the file. */
export async function openBasemapFile(path: string): Promise<BasemapFile> {
  const ext = extname(path).toLowerCase().slice(1);
  if (!BASEMAP_EXTENSIONS.includes(ext))
    throw new AppError('INVALID_INPUT', `File '${basename(path)}' is not a basemap file (.mbtiles or .pmtiles).`);
  if (!existsSync(path) || !statSync(path).isFile()) throw new AppError('NOT_FOUND', `File '${path}' does not exist.`);
  const sizeBytes = statSync(path).size;
  if (ext === 'pmtiles') {
    const f = await openPmtiles(path);
    return {
      path,
      info: { ...common(f.info, path, sizeBytes), origin: basename(path) },
      contentType: CONTENT_TYPES[f.info.format],
      getTile: (z, x, y) => f.getTile(z, x, y),
      close: () => f.close(),
    };
  }
  const f = openMbtiles(path);
  return {
    path,
    info: { ...common(f.info, path, sizeBytes), origin: f.info.metadata.get('origin') ?? basename(path) },
    contentType: CONTENT_TYPES[f.info.format],
    getTile: async (z, x, y) => f.getTile(z, x, y),
    close: () => f.close(),
  };
}

function common(
  info: {
    name: string;
    format: TileFormat;
    bounds: [number, number, number, number] | null;
    minzoom: number;
    maxzoom: number;
    attribution: string | null;
    vectorLayers: string[];
  },
  path: string,
  sizeBytes: number,
): Omit<BasemapInfo, 'origin'> {
  return {
    name: info.name || basename(path),
    format: info.format,
    bounds: info.bounds,
    minzoom: info.minzoom,
    maxzoom: info.maxzoom,
    // Vector basemaps in these schemas are OpenStreetMap data; a file that names no source still owes ODbL credit.
    attribution: info.attribution || (info.format === 'pbf' ? '© OpenStreetMap contributors' : ''),
    vectorSchema: info.format === 'pbf' ? detectVectorSchema(info.vectorLayers) : null,
    sizeBytes,
  };
}

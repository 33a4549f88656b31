/**
 * Reads a PMTiles v3 archive from a local file with the maintained `pmtiles` package: a `Source`
 * that reads byte ranges with `fs`, and tiles inflated with node's zlib. Vector or raster.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Compression, PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import { AppError } from '../../../contract/errors.js';
import type { TileFormat } from '../mbtiles-file.js';

export interface PmtilesInfo {
  name: string;
  format: TileFormat;
  bounds: [number, number, number, number] | null;
  minzoom: number;
  maxzoom: number;
  attribution: string | null;
  vectorLayers: string[];
}

export interface PmtilesFile {
  readonly path: string;
  readonly info: PmtilesInfo;
  getTile(z: number, x: number, y: number): Promise<Buffer | undefined>;
  close(): void;
}

const FORMATS: Partial<Record<TileType, TileFormat>> = {
  [TileType.Mvt]: 'pbf',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpg',
  [TileType.Webp]: 'webp',
};

/** A pmtiles `Source` over an open file descriptor. */
function fileSource(fd: number, key: string): Source {
  return {
    getKey: () => key,
    async getBytes(offset: number, length: number): Promise<RangeResponse> {
      const buf = Buffer.alloc(length);
      const n = readSync(fd, buf, 0, length, offset);
      return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + n) as ArrayBuffer };
    },
  };
}

async function inflate(data: ArrayBuffer, compression: Compression): Promise<ArrayBuffer> {
  if (compression === Compression.None || compression === Compression.Unknown) return data;
  if (compression !== Compression.Gzip)
    throw new Error(`compression ${Compression[compression]} is not supported (only gzip or none)`);
  const out = gunzipSync(new Uint8Array(data));
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
}

/** Opens a PMTiles file; throws INVALID_INPUT naming the file and what is wrong with it. */
export async function openPmtiles(path: string): Promise<PmtilesFile> {
  const file = basename(path);
  const fd = openSync(path, 'r');
  try {
    const archive = new PMTiles(fileSource(fd, path), undefined, inflate);
    const header = await archive.getHeader();
    const format = FORMATS[header.tileType];
    if (!format)
      throw new Error(
        `its tile type ${TileType[header.tileType] ?? header.tileType} is not vector (mvt) or png, jpg, webp`,
      );
    const meta = (await archive.getMetadata()) as { name?: unknown; attribution?: unknown; vector_layers?: unknown };
    const layers = Array.isArray(meta?.vector_layers) ? (meta.vector_layers as Array<{ id?: unknown }>) : [];
    const info: PmtilesInfo = {
      name: typeof meta?.name === 'string' && meta.name ? meta.name : file.replace(/\.pmtiles$/i, ''),
      format,
      bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
      minzoom: header.minZoom,
      maxzoom: header.maxZoom,
      attribution: typeof meta?.attribution === 'string' ? meta.attribution : null,
      vectorLayers: layers.flatMap((l) => (typeof l.id === 'string' ? [l.id] : [])),
    };
    return {
      path,
      info,
      async getTile(z, x, y) {
        const tile = await archive.getZxy(z, x, y);
        return tile ? Buffer.from(tile.data) : undefined;
      },
      close: () => closeSync(fd),
    };
  } catch (err) {
    closeSync(fd);
    throw new AppError(
      'INVALID_INPUT',
      `File '${file}' is not a readable PMTiles v3 archive: ${(err as Error).message}.`,
      {
        cause: err,
      },
    );
  }
}

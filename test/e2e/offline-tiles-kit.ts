/**
 * Test helpers for the offline e2e suites: a tiny PNG encoder (node:zlib), generated tiles (a solid
 * colour with a border and the tile's z/x/y drawn in a 3x5 pixel font), a local HTTP tile server on
 * 127.0.0.1, and a small raster (or vector) MBTiles file written with better-sqlite3.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import Database from 'better-sqlite3';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes RGBA pixels (width*height*4 bytes) as a PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// 3x5 glyphs, one string of 15 bits per character (rows top to bottom).
const GLYPHS: Record<string, string> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001001001001',
  '8': '111101111101111',
  '9': '111101111001111',
  '/': '001001010100100',
};

/** A 256x256 tile: solid `rgb`, a dark border, and "z/x/y" in the middle. */
export function tilePng(z: number, x: number, y: number, rgb: [number, number, number]): Buffer {
  const size = 256;
  const px = new Uint8Array(size * size * 4);
  const set = (i: number, j: number, c: [number, number, number]) => {
    const o = (j * size + i) * 4;
    px[o] = c[0];
    px[o + 1] = c[1];
    px[o + 2] = c[2];
    px[o + 3] = 255;
  };
  const dark: [number, number, number] = [rgb[0] * 0.45, rgb[1] * 0.45, rgb[2] * 0.45];
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++) set(i, j, i < 3 || j < 3 || i > size - 4 || j > size - 4 ? dark : rgb);
  const text = `${z}/${x}/${y}`;
  const scale = Math.max(2, Math.min(8, Math.floor(230 / (text.length * 4))));
  const left = Math.floor((size - (text.length * 4 - 1) * scale) / 2);
  const top = Math.floor((size - 5 * scale) / 2);
  [...text].forEach((ch, k) => {
    const g = GLYPHS[ch]!;
    for (let r = 0; r < 5; r++)
      for (let c = 0; c < 3; c++)
        if (g[r * 3 + c] === '1')
          for (let dy = 0; dy < scale; dy++)
            for (let dx = 0; dx < scale; dx++) set(left + (k * 4 + c) * scale + dx, top + r * scale + dy, dark);
  });
  return encodePng(size, size, px);
}

export interface TileServer {
  /** URL template with {z}/{x}/{y}. */
  template: string;
  /** Tile paths served so far. */
  served: string[];
  stop(): Promise<void>;
}

/** Serves generated PNG tiles at /{z}/{x}/{y}.png on 127.0.0.1 (port chosen by the OS). */
export async function startTileServer(
  opts: { rgb?: [number, number, number]; delayMs?: number } = {},
): Promise<TileServer> {
  const served: string[] = [];
  const server: Server = createServer((req, res) => {
    const m = /^\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end();
    served.push(`${m[1]}/${m[2]}/${m[3]}`);
    const png = tilePng(Number(m[1]), Number(m[2]), Number(m[3]), opts.rgb ?? [120, 200, 150]);
    setTimeout(() => res.writeHead(200, { 'Content-Type': 'image/png' }).end(png), opts.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    template: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    served,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes an MBTiles file covering the world at zooms `minZoom..maxZoom` (TMS rows), png or vector (pbf). */
export function writeMbtiles(
  path: string,
  opts: { name: string; minZoom: number; maxZoom: number; format?: 'png' | 'pbf'; rgb?: [number, number, number] },
): void {
  const db = new Database(path);
  db.exec(
    'CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB); CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);',
  );
  const meta = db.prepare('INSERT INTO metadata VALUES (?, ?)');
  const format = opts.format ?? 'png';
  for (const [k, v] of Object.entries({
    name: opts.name,
    format,
    bounds: '-180,-85.0511,180,85.0511',
    minzoom: String(opts.minZoom),
    maxzoom: String(opts.maxZoom),
    attribution: `${opts.name} test tiles`,
    type: 'baselayer',
  }))
    meta.run(k, v);
  const put = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let z = opts.minZoom; z <= opts.maxZoom; z++)
      for (let x = 0; x < 2 ** z; x++)
        for (let y = 0; y < 2 ** z; y++)
          put.run(
            z,
            x,
            2 ** z - 1 - y,
            format === 'png' ? tilePng(z, x, y, opts.rgb ?? [230, 180, 90]) : Buffer.from([0x1a, 0]),
          );
  })();
  db.close();
}

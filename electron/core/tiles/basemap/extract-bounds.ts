/**
 * The area an OSM extract says it covers: the PBF header's bbox, or the `<bounds>` element at the
 * top of OSM XML (plain, gzip or bzip2). The basemap closes the sea along it. Reads only the head of
 * the file; null when the file does not say (Overpass JSON, or a writer that leaves it out).
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { inflateSync, createGunzip } from 'node:zlib';
import { PbfReader as Pbf } from 'pbf';
import bz2 from 'unbzip2-stream';
import type { Bbox } from '../../../contract/domain.js';
import { sniffOsm } from '../../files/import/osm/read-osm.js';

const HEAD_BYTES = 64 * 1024;
/** The header blob carries a few strings and a bbox; anything bigger is not a header to trust. */
const MAX_HEADER_BLOB_BYTES = 1024 * 1024;

/** The extract's declared bounds as [west, south, east, north], or null. */
export async function readExtractBounds(path: string): Promise<Bbox | null> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(head, 0, HEAD_BYTES, 0);
    const { packing, content } = sniffOsm(head.subarray(0, bytesRead));
    // A damaged header says nothing here; the reader itself refuses the file with a sentence.
    if (content === 'pbf') return await pbfHeaderBbox(file).catch(() => null);
    if (content === 'xml') return xmlBounds(head.subarray(0, bytesRead).toString('utf8'));
    if (packing) return xmlBounds(await unpackedHead(path, packing));
    return null;
  } finally {
    await file.close();
  }
}

/** HeaderBlock field 1 (HeaderBBox: left, right, top, bottom in nanodegrees) of the first blob. */
async function pbfHeaderBbox(file: FileHandle): Promise<Bbox | null> {
  const read = async (at: number, length: number) => {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await file.read(buf, 0, length, at);
    return buf.subarray(0, bytesRead);
  };
  const headerSize = (await read(0, 4)).readUInt32BE(0);
  if (headerSize > HEAD_BYTES) return null;
  const header = new Pbf(await read(4, headerSize)).readFields(
    (tag, h, p) => {
      if (tag === 3) h.datasize = p.readVarint();
    },
    { datasize: 0 },
  );
  if (header.datasize > MAX_HEADER_BLOB_BYTES) return null;
  const blob = new Pbf(await read(4 + headerSize, header.datasize)).readFields(
    (tag, b, p) => {
      if (tag === 1) b.data = p.readBytes();
      else if (tag === 3) b.data = inflateSync(p.readBytes(), { maxOutputLength: MAX_HEADER_BLOB_BYTES });
    },
    { data: undefined as Uint8Array | undefined },
  );
  if (!blob.data) return null;
  const box = new Pbf(blob.data).readFields(
    (tag, r, p) => {
      if (tag === 1) r.nano = p.readMessage((t, n: number[], q) => (n[t - 1] = q.readSVarint()), [] as number[]);
    },
    { nano: undefined as number[] | undefined },
  ).nano;
  if (!box || box.length < 4) return null;
  const [left, right, top, bottom] = box.map((v) => v * 1e-9) as [number, number, number, number];
  return isBox([left, bottom, right, top]);
}

/** The first `<bounds minlat minlon maxlat maxlon>` in the text, in any attribute order. */
function xmlBounds(text: string): Bbox | null {
  const tag = /<bounds\s([^>]*)>/.exec(text)?.[1];
  if (!tag) return null;
  const attr = (name: string) => Number(new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`).exec(tag)?.[1]);
  return isBox([attr('minlon'), attr('minlat'), attr('maxlon'), attr('maxlat')]);
}

/** The first bytes of a packed file, unpacked. */
async function unpackedHead(path: string, packing: 'gzip' | 'bzip2'): Promise<string> {
  const source = createReadStream(path);
  const unpacked = source.pipe(packing === 'gzip' ? createGunzip() : bz2());
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of unpacked as AsyncIterable<Buffer>) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= HEAD_BYTES) break;
    }
  } catch {
    // A damaged stream: its head says nothing; the reader itself reports the damage.
  } finally {
    source.destroy();
    unpacked.destroy();
  }
  return Buffer.concat(parts).toString('utf8');
}

function isBox(b: Bbox): Bbox | null {
  const [w, s, e, n] = b;
  const ok = b.every(Number.isFinite) && w >= -180 && e <= 180 && s >= -90 && n <= 90 && w < e && s < n;
  return ok ? b : null;
}

/**
 * Reads an OSM extract (`.osm.pbf`, `.osm` XML, `.osm.gz`, `.osm.bz2`, Overpass JSON) as a stream
 * of objects with bounded memory: the content is recognised by its first bytes (gzip and bzip2 are
 * unpacked on the fly), decoded by its reader and built by the one GeometryBuilder.
 * `readOsmFeatures` is the entry for code that wants features without the store (the basemap).
 */
import { PassThrough, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import bz2 from 'unbzip2-stream';
import type { NodeColumns } from './compact-store.js';
import { GeometryBuilder } from './geometry-builder.js';
import type { OsmFeature, OsmRecord } from './osm-model.js';
import { readOverpass } from './overpass-reader.js';
import { readPbf } from './pbf-reader.js';
import { readOsmXmlStream } from './xml-reader.js';

export interface ReadOsmOptions {
  /** Overpass JSON is read as one document; larger files are refused (`import.maxDocumentBytes`). */
  maxDocumentBytes: number;
  /** Told each element that is skipped, with the reason naming it (`relation 12: …`). */
  onSkip?: (reason: string) => void;
  /**
   * Most unpacked bytes per packed byte of a `.gz`/`.bz2` extract (`import.maxCompressionRatio`);
   * real OSM XML packs about 10:1, a bomb thousands to one. Default 200.
   */
  maxCompressionRatio?: number;
  /** Told every node's location and way's node list once the whole file was read (the node-location store's and way→node index's fill). */
  onNodeColumns?: (nodes: NodeColumns) => void;
}

/** The ratio is judged once this much was unpacked, so a header's first bytes never trip it. */
const RATIO_AFTER_BYTES = 1 << 20;

/** A file (or any byte source) to read. */
export interface OsmInput {
  name: string;
  stream(): AsyncIterable<Buffer>;
}

export type OsmContent = 'pbf' | 'xml' | 'overpass';

/** What the first bytes say: gzip/bzip2 packing, then PBF, XML or Overpass JSON. */
export function sniffOsm(head: Uint8Array): { packing?: 'gzip' | 'bzip2'; content?: OsmContent } {
  if (head[0] === 0x1f && head[1] === 0x8b) return { packing: 'gzip' };
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return { packing: 'bzip2' };
  // PBF: a 4-byte big-endian header length, then a BlobHeader whose field 1 is "OSMHeader".
  if (Buffer.from(head.subarray(4, 15)).equals(Buffer.from('\x0a\x09OSMHeader', 'latin1'))) return { content: 'pbf' };
  const text = Buffer.from(head.subarray(0, 1024))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('<')) return { content: 'xml' };
  if (text.startsWith('{')) return { content: 'overpass' };
  return {};
}

/** Every object of the extract, with the skipped elements' reasons in file order. */
export async function* readOsm(input: OsmInput, opts: ReadOsmOptions): AsyncGenerator<OsmRecord> {
  const builder = new GeometryBuilder();
  const { content, chunks } = await unpack(input.stream(), input.name, opts.maxCompressionRatio ?? 200);
  if (content === 'pbf') {
    for await (const _ of readPbf(chunks, builder)) yield* builder.drain();
  } else if (content === 'xml') {
    for await (const _ of readOsmXmlStream(chunks, builder)) yield* builder.drain();
  } else {
    readOverpass(await whole(chunks, opts.maxDocumentBytes), builder);
    yield* builder.drain();
  }
  opts.onNodeColumns?.({ ...builder.nodeColumns(), ways: builder.wayColumns(), relations: builder.relationList() });
}

/** The extract's objects as GeoJSON-like features, without the store (skips go to `onSkip`). */
export async function* readOsmFeatures(input: OsmInput, opts: ReadOsmOptions): AsyncGenerator<OsmFeature> {
  for await (const record of readOsm(input, opts)) {
    if ('feature' in record) yield record.feature;
    else opts.onSkip?.(record.skip);
  }
}

/** Looks at the first bytes, unpacking gzip or bzip2 once, and says what the content is. */
async function unpack(
  source: AsyncIterable<Buffer>,
  name: string,
  maxRatio: number,
  depth = 0,
): Promise<{ content: OsmContent; chunks: AsyncIterable<Buffer> }> {
  const it = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  const seen: Buffer[] = [];
  while (head.length < 16) {
    const next = await it.next();
    if (next.done) break;
    seen.push(next.value);
    head = Buffer.concat([head, next.value]);
  }
  const chunks = (async function* () {
    yield* seen;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  const found = sniffOsm(head);
  if (found.packing && depth === 0) {
    const unpacker: NodeJS.ReadWriteStream = found.packing === 'gzip' ? createGunzip() : bz2();
    // unbzip2-stream is an old-style stream: a PassThrough makes it async-iterable and carries its error.
    const out = new PassThrough();
    unpacker.on('error', (err: Error) => out.destroy(err));
    const packed = { bytes: 0 };
    Readable.from(counted(chunks, packed)).pipe(unpacker).pipe(out);
    return unpack(withError(out, found.packing, packed, maxRatio), name, maxRatio, 1);
  }
  if (!found.content) {
    throw new Error(
      head.length === 0
        ? 'the file is empty'
        : `its content is not OSM PBF, OSM XML or Overpass JSON (it starts with bytes ${head.subarray(0, 8).toString('hex')})`,
    );
  }
  return { content: found.content, chunks };
}

/** Counts the packed bytes handed to the unpacker. */
async function* counted(chunks: AsyncIterable<Buffer>, packed: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    packed.bytes += chunk.length;
    yield chunk;
  }
}

/**
 * The unpacked stream, failing with one sentence when the packed data is corrupt or cut, or unpacks
 * beyond `maxRatio` times what was read of it (a decompression bomb), before it is all unpacked.
 */
async function* withError(
  out: Readable,
  packing: string,
  packed: { bytes: number },
  maxRatio: number,
): AsyncGenerator<Buffer> {
  let unpacked = 0;
  try {
    for await (const chunk of out) {
      unpacked += (chunk as Buffer).length;
      if (unpacked > RATIO_AFTER_BYTES && unpacked > packed.bytes * maxRatio) {
        out.destroy();
        throw new RatioError(
          `its ${packing} data unpacks to more than ${maxRatio} times its packed size (${unpacked.toLocaleString('en-US')} bytes from ${packed.bytes.toLocaleString('en-US')}), beyond the limit ('import.maxCompressionRatio'); a real OSM extract unpacks about 10:1`,
        );
      }
      yield chunk as Buffer;
    }
  } catch (err) {
    if (err instanceof RatioError) throw err;
    throw new Error(`its ${packing} data cannot be unpacked (${(err as Error).message})`);
  }
}

class RatioError extends Error {}

async function whole(chunks: AsyncIterable<Buffer>, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > limit) {
      throw new Error(
        `it is larger than ${limit.toLocaleString('en-US')} bytes, the limit for Overpass JSON files, which are read as one document ('import.maxDocumentBytes')`,
      );
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts, size).toString('utf8');
}

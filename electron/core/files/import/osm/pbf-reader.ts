/**
 * OSM PBF (`.osm.pbf`) read as a stream: one blob at a time (a 4-byte length, a BlobHeader, a
 * Blob, zlib-inflated), each PrimitiveBlock decoded with the maintained `pbf` protobuf reader and
 * its elements handed to the sink (dense and plain nodes, ways, relations, with Info/DenseInfo
 * metadata). Refuses a blob beyond the format's limits and required features it does not know.
 * Format: https://wiki.openstreetmap.org/wiki/PBF_Format
 */
import { inflateSync } from 'node:zlib';
import { PbfReader as Pbf } from 'pbf';
import type { ObjectType } from '../../../../contract/domain.js';
import { newTags, type OsmMember, type OsmMeta, type OsmSink, type OsmTags } from './osm-model.js';

/** The format's limits: a BlobHeader of at most 64 KiB, a Blob of at most 32 MiB (packed and unpacked). */
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BLOB_BYTES = 32 * 1024 * 1024;
const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes']);
const MEMBER_TYPES: ObjectType[] = ['node', 'way', 'relation'];

/** Reads the PBF byte stream into the sink; yields after each blob so the caller can drain. */
export async function* readPbf(chunks: AsyncIterable<Buffer>, sink: OsmSink): AsyncGenerator<void> {
  const bytes = new ByteQueue(chunks);
  let index = 0;
  for (;;) {
    const size = await bytes.take(4);
    if (!size) {
      if (bytes.pending() > 0)
        throw new Error(`the PBF file ends inside blob ${index} (after byte ${bytes.offset}): it is truncated`);
      return;
    }
    const headerSize = size.readUInt32BE(0);
    if (headerSize > MAX_HEADER_BYTES) {
      throw new Error(
        `blob ${index} of the PBF file declares a ${headerSize.toLocaleString('en-US')}-byte header, beyond the format's limit of 64 KiB (at byte ${bytes.offset - 4})`,
      );
    }
    const header = readBlobHeader(await bytes.need(headerSize, index));
    if (header.datasize > MAX_BLOB_BYTES) {
      throw new Error(
        `blob ${index} of the PBF file is ${header.datasize.toLocaleString('en-US')} bytes, beyond the format's limit of 32 MiB`,
      );
    }
    const data = unpackBlob(await bytes.need(header.datasize, index), index);
    if (index === 0 && header.type !== 'OSMHeader') {
      throw new Error(`the PBF file starts with a '${header.type}' blob, not 'OSMHeader'`);
    }
    if (header.type === 'OSMHeader') readHeaderBlock(data, sink);
    else if (header.type === 'OSMData') readPrimitiveBlock(data, sink);
    index++;
    yield;
  }
}

/** The stream's bytes, taken in exact lengths across chunk boundaries. */
class ByteQueue {
  private buf = Buffer.alloc(0);
  private pos = 0;
  private readonly it: AsyncIterator<Buffer>;
  /** Bytes consumed so far. */
  offset = 0;
  constructor(chunks: AsyncIterable<Buffer>) {
    this.it = chunks[Symbol.asyncIterator]();
  }

  /** The next n bytes, or undefined when the stream ends before them. */
  async take(n: number): Promise<Buffer | undefined> {
    while (this.buf.length - this.pos < n) {
      const next = await this.it.next();
      if (next.done) return undefined;
      this.buf = Buffer.concat([this.buf.subarray(this.pos), next.value]);
      this.pos = 0;
    }
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    this.offset += n;
    return out;
  }

  /** Bytes received and not taken. */
  pending(): number {
    return this.buf.length - this.pos;
  }

  async need(n: number, blob: number): Promise<Buffer> {
    const out = await this.take(n);
    if (!out) throw new Error(`the PBF file ends inside blob ${blob} (after byte ${this.offset}): it is truncated`);
    return out;
  }
}

function readBlobHeader(bytes: Uint8Array): { type: string; datasize: number } {
  return new Pbf(bytes).readFields(
    (tag, h, p) => {
      if (tag === 1) h.type = p.readString();
      else if (tag === 3) h.datasize = p.readVarint();
    },
    { type: '', datasize: 0 },
  );
}

function unpackBlob(bytes: Uint8Array, index: number): Uint8Array {
  const blob = new Pbf(bytes).readFields(
    (tag, b, p) => {
      if (tag === 1) b.raw = p.readBytes();
      else if (tag === 2) b.rawSize = p.readVarint();
      else if (tag === 3) b.zlib = p.readBytes();
      else if (tag === 4) b.other = 'lzma';
      else if (tag === 6) b.other = 'lz4';
      else if (tag === 7) b.other = 'zstd';
    },
    { raw: undefined as Uint8Array | undefined, zlib: undefined as Uint8Array | undefined, rawSize: 0, other: '' },
  );
  if (blob.raw) return blob.raw;
  if (blob.zlib) {
    if (blob.rawSize > MAX_BLOB_BYTES) {
      throw new Error(
        `blob ${index} of the PBF file unpacks to ${blob.rawSize.toLocaleString('en-US')} bytes, beyond the format's limit of 32 MiB`,
      );
    }
    try {
      return inflateSync(blob.zlib, { maxOutputLength: MAX_BLOB_BYTES });
    } catch (err) {
      throw new Error(`blob ${index} of the PBF file does not inflate (${(err as Error).message})`);
    }
  }
  if (blob.other)
    throw new Error(
      `blob ${index} of the PBF file is compressed with ${blob.other}, which this reader does not support`,
    );
  throw new Error(`blob ${index} of the PBF file has no data`);
}

function readHeaderBlock(bytes: Uint8Array, sink: OsmSink): void {
  const h = new Pbf(bytes).readFields(
    (tag, r, p) => {
      if (tag === 4) r.required.push(p.readString());
      else if (tag === 32) r.timestamp = p.readVarint() * 1000;
    },
    { required: [] as string[], timestamp: undefined as number | undefined },
  );
  const unknown = h.required.find((f) => !SUPPORTED_FEATURES.has(f));
  if (unknown) throw new Error(`the PBF file requires the feature '${unknown}', which this reader does not support`);
  sink.header(h.timestamp || undefined);
}

interface Block {
  strings: string[];
  groups: number[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
  dateGranularity: number;
}

function readPrimitiveBlock(bytes: Uint8Array, sink: OsmSink): void {
  const pbf = new Pbf(bytes);
  const block = pbf.readFields(
    (tag, b: Block, p) => {
      if (tag === 1) {
        const end = p.readVarint() + p.pos;
        while (p.pos < end) {
          const key = p.readVarint();
          if (key >> 3 === 1) b.strings.push(p.readString());
          else p.skip(key & 7);
        }
      } else if (tag === 2) {
        const end = p.readVarint() + p.pos;
        b.groups.push(p.pos, end);
        p.pos = end;
      } else if (tag === 17) b.granularity = p.readVarint();
      else if (tag === 18) b.dateGranularity = p.readVarint();
      else if (tag === 19) b.latOffset = p.readVarint(true);
      else if (tag === 20) b.lonOffset = p.readVarint(true);
    },
    { strings: [], groups: [], granularity: 100, latOffset: 0, lonOffset: 0, dateGranularity: 1000 },
  );
  for (let g = 0; g < block.groups.length; g += 2) {
    pbf.pos = block.groups[g]!;
    pbf.readFields(
      (tag, _: null, p) => {
        if (tag === 2) readDense(p, block, sink);
        else if (tag === 1) readNode(p, block, sink);
        else if (tag === 3) readWay(p, block, sink);
        else if (tag === 4) readRelation(p, block, sink);
      },
      null,
      block.groups[g + 1],
    );
  }
}

/** 1e-7 degrees from a raw coordinate (nanodegrees = offset + granularity × raw). */
const e7 = (offset: number, granularity: number, raw: number) => Math.round((offset + granularity * raw) / 100);

function readDense(p: Pbf, block: Block, sink: OsmSink): void {
  const end = p.readVarint() + p.pos;
  let ids: number[] = [];
  let lats: number[] = [];
  let lons: number[] = [];
  let keysVals: number[] = [];
  let info: DenseInfo | undefined;
  p.readFields(
    (tag, _: null, q) => {
      if (tag === 1) ids = q.readPackedSVarint();
      else if (tag === 8) lats = q.readPackedSVarint();
      else if (tag === 9) lons = q.readPackedSVarint();
      else if (tag === 10) keysVals = q.readPackedVarint();
      else if (tag === 5) info = readDenseInfo(q);
    },
    null,
    end,
  );
  const { strings, granularity, latOffset, lonOffset } = block;
  let id = 0;
  let lat = 0;
  let lon = 0;
  let kv = 0;
  let timestamp = 0;
  let changeset = 0;
  let uid = 0;
  let userSid = 0;
  for (let i = 0; i < ids.length; i++) {
    id += ids[i]!;
    lat += lats[i]!;
    lon += lons[i]!;
    if (info) {
      timestamp += info.timestamp[i] ?? 0;
      changeset += info.changeset[i] ?? 0;
      uid += info.uid[i] ?? 0;
      userSid += info.userSid[i] ?? 0;
    }
    let tags: OsmTags | null = null;
    if (kv < keysVals.length) {
      if (keysVals[kv] !== 0) {
        tags = newTags();
        while (keysVals[kv] !== 0 && kv < keysVals.length) {
          tags[strings[keysVals[kv]!]!] = strings[keysVals[kv + 1]!]!;
          kv += 2;
        }
      }
      kv++;
    }
    const meta =
      tags && info
        ? metaOf(info.version[i], timestamp * block.dateGranularity, changeset, uid, strings[userSid])
        : null;
    sink.node(id, e7(lonOffset, granularity, lon), e7(latOffset, granularity, lat), tags, meta);
  }
}

interface DenseInfo {
  version: number[];
  timestamp: number[];
  changeset: number[];
  uid: number[];
  userSid: number[];
}

function readDenseInfo(p: Pbf): DenseInfo {
  return p.readMessage(
    (tag, d: DenseInfo, q) => {
      if (tag === 1) d.version = q.readPackedVarint();
      else if (tag === 2) d.timestamp = q.readPackedSVarint();
      else if (tag === 3) d.changeset = q.readPackedSVarint();
      else if (tag === 4) d.uid = q.readPackedSVarint();
      else if (tag === 5) d.userSid = q.readPackedSVarint();
    },
    { version: [], timestamp: [], changeset: [], uid: [], userSid: [] },
  );
}

/** Metadata, leaving out what writers put for "unknown" (0, -1, empty). */
function metaOf(
  version: number | undefined,
  timestamp: number,
  changeset: number,
  uid: number,
  user: string | undefined,
): OsmMeta | null {
  const meta: OsmMeta = {};
  if (version !== undefined && version > 0) meta.version = version;
  if (timestamp > 0) meta.timestamp = timestamp;
  if (changeset > 0) meta.changeset = changeset;
  if (uid > 0) meta.uid = uid;
  if (user) meta.user = user;
  return meta;
}

interface Common {
  id: number;
  keys: number[];
  vals: number[];
  info?: { version?: number; timestamp: number; changeset: number; uid: number; userSid: number };
}

/** Fields 1–4 shared by Node, Way and Relation; true when `tag` was one of them. */
function readCommon(tag: number, e: Common, p: Pbf): boolean {
  if (tag === 1) e.id = p.readVarint(true);
  else if (tag === 2) e.keys = p.readPackedVarint();
  else if (tag === 3) e.vals = p.readPackedVarint();
  else if (tag === 4) {
    e.info = p.readMessage(
      (t, i: NonNullable<Common['info']>, q) => {
        if (t === 1) i.version = q.readVarint(true);
        else if (t === 2) i.timestamp = q.readVarint(true);
        else if (t === 3) i.changeset = q.readVarint(true);
        else if (t === 4) i.uid = q.readVarint(true);
        else if (t === 5) i.userSid = q.readVarint();
      },
      { timestamp: 0, changeset: 0, uid: 0, userSid: 0 },
    );
  } else return false;
  return true;
}

function tagsOf(e: Common, strings: string[]): OsmTags | null {
  if (e.keys.length === 0) return null;
  const tags = newTags();
  for (let k = 0; k < e.keys.length; k++) tags[strings[e.keys[k]!]!] = strings[e.vals[k]!]!;
  return tags;
}

function infoMeta(e: Common, block: Block): OsmMeta | null {
  const i = e.info;
  return i
    ? metaOf(i.version, i.timestamp * block.dateGranularity, i.changeset, i.uid, block.strings[i.userSid])
    : null;
}

function readNode(p: Pbf, block: Block, sink: OsmSink): void {
  const n = p.readMessage(
    (tag, e: Common & { lat: number; lon: number }, q) => {
      if (readCommon(tag, e, q)) return;
      if (tag === 8) e.lat = q.readSVarint();
      else if (tag === 9) e.lon = q.readSVarint();
    },
    { id: 0, keys: [], vals: [], lat: 0, lon: 0 },
  );
  const tags = tagsOf(n, block.strings);
  sink.node(
    n.id,
    e7(block.lonOffset, block.granularity, n.lon),
    e7(block.latOffset, block.granularity, n.lat),
    tags,
    tags ? infoMeta(n, block) : null,
  );
}

function readWay(p: Pbf, block: Block, sink: OsmSink): void {
  const w = p.readMessage(
    (tag, e: Common & { refs: number[] }, q) => {
      if (readCommon(tag, e, q)) return;
      if (tag === 8) e.refs = q.readPackedSVarint();
    },
    { id: 0, keys: [], vals: [], refs: [] },
  );
  let ref = 0;
  for (let k = 0; k < w.refs.length; k++) w.refs[k] = ref += w.refs[k]!;
  const tags = tagsOf(w, block.strings);
  sink.way(w.id, w.refs, tags, tags ? infoMeta(w, block) : null);
}

function readRelation(p: Pbf, block: Block, sink: OsmSink): void {
  const r = p.readMessage(
    (tag, e: Common & { roles: number[]; ids: number[]; types: number[] }, q) => {
      if (readCommon(tag, e, q)) return;
      if (tag === 8) e.roles = q.readPackedVarint();
      else if (tag === 9) e.ids = q.readPackedSVarint();
      else if (tag === 10) e.types = q.readPackedVarint();
    },
    { id: 0, keys: [], vals: [], roles: [], ids: [], types: [] },
  );
  const members: OsmMember[] = [];
  let ref = 0;
  for (let k = 0; k < r.ids.length; k++) {
    ref += r.ids[k]!;
    const type = MEMBER_TYPES[r.types[k]!];
    if (!type) throw new Error(`relation ${r.id} has a member of unknown type ${r.types[k]}`);
    members.push({ type, ref, role: block.strings[r.roles[k]!] ?? '' });
  }
  const tags = tagsOf(r, block.strings);
  sink.relation(r.id, members, tags, tags ? infoMeta(r, block) : null);
}

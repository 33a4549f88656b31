/**
 * Reads one entry of a zip archive (a KMZ) without trusting its declared sizes: the central
 * directory locates the entry, and a streaming inflate counts the bytes it really produces against
 * a cap on the unpacked size and on the compression ratio, so a zip bomb stops before memory fills.
 * The entry comes out as a stream of chunks, so its unpacked bytes are never in memory whole.
 */
import { once } from 'node:events';
import { createInflateRaw } from 'node:zlib';

/** Limits for unpacking; both are enforced on the bytes inflated, not on the sizes declared. */
export interface UnzipLimits {
  maxUnpackedBytes: number;
  maxCompressionRatio: number;
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeader: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Bytes counted past a limit before giving up on measuring the real ratio. */
const MEASURE_CAP = 1024 * 1024 * 1024;
/** Chunk size for an entry stored without compression. */
const STORED_CHUNK = 64 * 1024;
/** Packed bytes written into the inflater at a time. */
const FEED_SLICE = 16 * 1024;
/** The ratio is judged once this much was unpacked, so a header's first bytes never trip it. */
const RATIO_AFTER_BYTES = 1 << 20;

/** The central directory's entries; throws a sentence when the bytes are not a zip archive. */
function listZipEntries(zip: Buffer): ZipEntry[] {
  const min = Math.max(0, zip.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = zip.length - 22; i >= min; i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('it is not a readable zip archive (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error('it is a ZIP64 archive, which KMZ files never need');
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL)
      throw new Error('its zip central directory is damaged');
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localHeader: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** The entry's compressed bytes, bounded by the archive (a declared size never reads past it). */
function entryData(zip: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeader;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL) throw new Error(`its entry '${entry.name}' is damaged`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  return zip.subarray(start, Math.min(zip.length, start + entry.compressedSize));
}

/** A sentence for an entry that unpacks beyond the limits. */
function refusal(entry: ZipEntry, inflated: number, packed: number, whole: boolean, limits: UnzipLimits): Error {
  const ratio = Math.floor(inflated / Math.max(1, packed));
  const measured = `${whole ? '' : 'at least '}${ratio.toLocaleString('en-US')}:1`;
  const overRatio = inflated > packed * limits.maxCompressionRatio;
  return new Error(
    overRatio
      ? `'${entry.name}' is compressed ${measured}, beyond the limit of ${limits.maxCompressionRatio}:1 ('import.maxCompressionRatio'); it looks like a zip bomb`
      : `'${entry.name}' unpacks to more than ${limits.maxUnpackedBytes.toLocaleString('en-US')} bytes ('import.maxUnpackedBytes')`,
  );
}

/** Inflates one entry with a streaming inflater, yielding its chunks and counting them against the limits. */
async function* inflateEntry(zip: Buffer, entry: ZipEntry, limits: UnzipLimits): AsyncGenerator<Buffer> {
  const packed = entryData(zip, entry);
  const cap = Math.min(limits.maxUnpackedBytes, packed.length * limits.maxCompressionRatio);
  if (entry.method === 0) {
    if (packed.length > limits.maxUnpackedBytes) throw refusal(entry, packed.length, packed.length, true, limits);
    for (let at = 0; at < packed.length; at += STORED_CHUNK) yield packed.subarray(at, at + STORED_CHUNK);
    return;
  }
  if (entry.method !== 8) throw new Error(`its entry '${entry.name}' uses compression method ${entry.method}`);
  const inflater = createInflateRaw();
  // The packed bytes go in a slice at a time, so the ratio is judged on what was fed so far: a bomb is
  // stopped after a few MiB, before the reader downstream holds what it unpacked.
  const fed = { bytes: 0 };
  void feed(inflater, packed, fed);
  let size = 0;
  let whole = true;
  let handing = true;
  try {
    // The inflater runs only as fast as its chunks are taken, so one chunk at a time is in memory.
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (handing && size > RATIO_AFTER_BYTES && size > fed.bytes * limits.maxCompressionRatio) handing = false;
      if (handing && size <= cap) yield chunk;
      else if (size > cap + MEASURE_CAP) {
        whole = false;
        break;
      }
    }
  } catch (err) {
    throw new Error(`its entry '${entry.name}' cannot be unpacked (${(err as Error).message})`);
  } finally {
    inflater.destroy();
  }
  // Past the cap nothing more was handed on, only counted, so the refusal can name the real ratio.
  if (size > cap) throw refusal(entry, size, packed.length, whole, limits);
  if (!handing)
    throw new Error(
      `'${entry.name}' unpacks to more than ${limits.maxCompressionRatio} times its packed size in places ('import.maxCompressionRatio'); it looks like a zip bomb`,
    );
}

/** Writes `packed` into the inflater a slice at a time, counting what went in. */
async function feed(
  inflater: ReturnType<typeof createInflateRaw>,
  packed: Buffer,
  fed: { bytes: number },
): Promise<void> {
  try {
    for (let at = 0; at < packed.length && !inflater.destroyed; at += FEED_SLICE) {
      const slice = packed.subarray(at, at + FEED_SLICE);
      fed.bytes += slice.length;
      if (!inflater.write(slice)) await once(inflater, 'drain');
    }
    if (!inflater.destroyed) inflater.end();
  } catch {
    // The inflater was destroyed (the reader stopped); its own error, if any, reaches the reader.
  }
}

/**
 * KMZ: the unpacked bytes of doc.kml, or of the first .kml in the archive, as a stream of chunks;
 * it fails as soon as the bytes inflated pass the limits.
 */
export async function* readKmzKml(zip: Buffer, limits: UnzipLimits): AsyncGenerator<Buffer> {
  const kml = listZipEntries(zip).filter((e) => e.name.toLowerCase().endsWith('.kml'));
  const entry = kml.find((e) => e.name.toLowerCase() === 'doc.kml') ?? kml[0];
  if (!entry) throw new Error('the KMZ archive holds no .kml file');
  yield* inflateEntry(zip, entry, limits);
}

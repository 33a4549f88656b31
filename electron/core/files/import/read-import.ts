/**
 * Picks the reader for a file (by extension, then by its first bytes) and yields its records.
 * Streamed formats hold one record (or block) at a time; document formats are read whole up to
 * `maxDocumentBytes`; a KMZ's KML is unpacked within the ratio and size limits.
 */
import { extname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../../../contract/errors.js';
import { DEFAULTS } from '../../config.js';
import { readCsvStream } from './csv-reader.js';
import { featureToImported } from './feature-mapper.js';
import { readGeoJson } from './geojson-reader.js';
import type { CsvOptions, ImportFormat, ImportInput, ImportRecord } from './import-types.js';
import type { NodeColumns } from './osm/compact-store.js';
import { readOsm, sniffOsm } from './osm/read-osm.js';
import { readGpx, readKml } from './xml-readers.js';
import { readKmzKml } from './zip-entry.js';
import { decodeUtf8, replayed } from './xml-stream.js';

/** The reading limits (the `import` settings that apply inside the reader). */
export interface ReadLimits {
  maxDocumentBytes: number;
  maxUnpackedBytes: number;
  maxCompressionRatio: number;
}

const BY_EXTENSION: Record<string, ImportFormat> = {
  '.geojson': 'geojson',
  '.json': 'geojson',
  '.geojsonl': 'geojsonseq',
  '.geojsons': 'geojsonseq',
  '.geojsonseq': 'geojsonseq',
  '.ndjson': 'geojsonseq',
  '.jsonl': 'geojsonseq',
  '.gpx': 'gpx',
  '.kml': 'kml',
  '.kmz': 'kmz',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.osm': 'osm',
  '.xml': 'osm',
  '.pbf': 'osmpbf',
};

/** Decides the format from the name and the first bytes; throws INVALID_INPUT when it cannot. */
export function detectFormat(name: string, head: Buffer): ImportFormat {
  const text = head
    .toString('utf8', 0, Math.min(head.length, 4096))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head[0] === 0x50 && head[1] === 0x4b) return 'kmz';
  const osm = sniffOsm(head);
  if (osm.content === 'pbf') return 'osmpbf';
  // Packed OSM (.osm.gz, .osm.bz2): the OSM reader unpacks it and recognises what is inside.
  if (osm.packing) return /\.pbf\.(gz|bz2)$/i.test(name) ? 'osmpbf' : 'osm';
  if (text.startsWith('<')) {
    if (/<gpx[\s>]/.test(text)) return 'gpx';
    if (/<kml[\s>]/.test(text)) return 'kml';
    if (/<osm[\s>]/.test(text)) return 'osm';
  }
  if (text.startsWith('{') && /"elements"\s*:/.test(text) && !/"features"\s*:/.test(text)) return 'overpass';
  const byExt = BY_EXTENSION[extname(name).toLowerCase()];
  if (byExt) return byExt;
  if (text.startsWith('{') || text.startsWith('[')) return 'geojson';
  throw new AppError(
    'INVALID_INPUT',
    `File '${name}' is not in a format we can import (GeoJSON, GeoJSONSeq, GPX, KML, KMZ, CSV, OSM PBF, OSM XML, Overpass JSON).`,
  );
}

/** What a reader tells besides its records: an OSM extract's node locations once it was read whole. */
export interface ReadHooks {
  onNodeColumns?: (nodes: NodeColumns) => void;
}

/** Yields every record of the input in the given format; a broken file throws INVALID_INPUT. */
export async function* readImport(
  input: ImportInput,
  format: ImportFormat,
  csv: CsvOptions = {},
  limits: ReadLimits = DEFAULTS.import,
  hooks: ReadHooks = {},
): AsyncGenerator<ImportRecord> {
  try {
    yield* readFormat(input, format, csv, limits, hooks);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('INVALID_INPUT', `File '${input.name}' cannot be imported: ${(err as Error).message}.`, {
      cause: err,
    });
  }
}

async function* readFormat(
  input: ImportInput,
  format: ImportFormat,
  csv: CsvOptions,
  limits: ReadLimits,
  hooks: ReadHooks,
): AsyncGenerator<ImportRecord> {
  switch (format) {
    case 'geojson':
    case 'geojsonseq':
      for await (const item of readGeoJson(input, {
        sequence: format === 'geojsonseq',
        maxRecordChars: limits.maxDocumentBytes,
      })) {
        if ('error' in item) yield { index: item.index, skip: item.error };
        else {
          const mapped = featureToImported(item.value, item.index);
          yield typeof mapped === 'string'
            ? { index: item.index, skip: mapped }
            : { index: item.index, object: mapped };
        }
      }
      return;
    case 'csv':
      yield* readCsvStream(decode(input), csv, limits.maxDocumentBytes);
      return;
    case 'gpx':
      yield* replayed(input, (text) => readGpx(text, limits.maxDocumentBytes));
      return;
    case 'kml':
      yield* replayed(input, (text) => readKml(text, limits.maxDocumentBytes));
      return;
    case 'kmz': {
      // The archive is read whole (its directory is at the end); its KML is inflated as a stream, once per pass.
      const zip = await readDocument(input, format, limits.maxDocumentBytes);
      yield* readKml(() => decodeUtf8(readKmzKml(zip, limits)), limits.maxDocumentBytes);
      return;
    }
    case 'osm':
    case 'osmpbf':
    case 'overpass':
      yield* readOsmRecords(input, limits, hooks);
      return;
  }
}

/** An OSM extract's objects and skipped elements, numbered in file order. */
async function* readOsmRecords(input: ImportInput, limits: ReadLimits, hooks: ReadHooks): AsyncGenerator<ImportRecord> {
  let index = 0;
  const { maxDocumentBytes, maxCompressionRatio } = limits;
  const opts = {
    maxDocumentBytes,
    maxCompressionRatio,
    ...(hooks.onNodeColumns ? { onNodeColumns: hooks.onNodeColumns } : {}),
  };
  for await (const record of readOsm(input, opts)) {
    yield 'feature' in record ? { index: index++, object: record.feature } : { index: index++, skip: record.skip };
  }
}

/** The input's text, decoded across chunk boundaries. */
async function* decode(input: ImportInput): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input.stream()) yield decoder.write(chunk);
  yield decoder.end();
}

/** Reads a document-format file whole, refusing it past the limit before it is all in memory. */
async function readDocument(input: ImportInput, format: ImportFormat, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of input.stream()) {
    size += chunk.length;
    if (size > limit) {
      throw new Error(
        `it is larger than ${limit.toLocaleString('en-US')} bytes, the limit for ${format.toUpperCase()} files, which are read as one document ('import.maxDocumentBytes')`,
      );
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts, size);
}

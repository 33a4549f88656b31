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
import { readOsmXml, readOverpassJson } from './osm-reader.js';
import { readGpx, readKml } from './xml-readers.js';
import { readKmzKml } from './zip-entry.js';

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
};

/** Decides the format from the name and the first bytes; throws INVALID_INPUT when it cannot. */
export function detectFormat(name: string, head: Buffer): ImportFormat {
  const text = head
    .toString('utf8', 0, Math.min(head.length, 4096))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head[0] === 0x50 && head[1] === 0x4b) return 'kmz';
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
    `File '${name}' is not in a format we can import (GeoJSON, GeoJSONSeq, GPX, KML, KMZ, CSV, OSM XML, Overpass JSON).`,
  );
}

/** Yields every record of the input in the given format; a broken file throws INVALID_INPUT. */
export async function* readImport(
  input: ImportInput,
  format: ImportFormat,
  csv: CsvOptions = {},
  limits: ReadLimits = DEFAULTS.import,
): AsyncGenerator<ImportRecord> {
  try {
    yield* readFormat(input, format, csv, limits);
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
): AsyncGenerator<ImportRecord> {
  const whole = async () => (await readDocument(input, format, limits.maxDocumentBytes)).toString('utf8');
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
      yield* readGpx(await whole());
      return;
    case 'kml':
      yield* readKml(await whole());
      return;
    case 'kmz': {
      const kml = await readKmzKml(await readDocument(input, format, limits.maxDocumentBytes), limits);
      yield* readKml(kml.toString('utf8'));
      return;
    }
    case 'osm':
      yield* readOsmXml(await whole());
      return;
    case 'overpass':
      yield* readOverpassJson(await whole());
      return;
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

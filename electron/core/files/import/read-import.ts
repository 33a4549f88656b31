/**
 * Picks the reader for a file (by extension, then by its first bytes) and yields its records.
 */
import { extname } from 'node:path';
import { AppError } from '../../../contract/errors.js';
import { readCsv } from './csv-reader.js';
import { featureToImported } from './feature-mapper.js';
import { readGeoJson } from './geojson-reader.js';
import { readAll, type CsvOptions, type ImportFormat, type ImportInput, type ImportRecord } from './import-types.js';
import { readOsmXml, readOverpassJson } from './osm-reader.js';
import { kmzToKml, readGpx, readKml } from './xml-readers.js';

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
): AsyncGenerator<ImportRecord> {
  try {
    switch (format) {
      case 'geojson':
      case 'geojsonseq':
        for await (const item of readGeoJson(input, { sequence: format === 'geojsonseq' })) {
          if ('error' in item) yield { index: item.index, skip: item.error };
          else {
            const mapped = featureToImported(item.value, item.index);
            yield typeof mapped === 'string'
              ? { index: item.index, skip: mapped }
              : { index: item.index, object: mapped };
          }
        }
        return;
      case 'gpx':
        yield* readGpx((await readAll(input)).toString('utf8'));
        return;
      case 'kml':
        yield* readKml((await readAll(input)).toString('utf8'));
        return;
      case 'kmz':
        yield* readKml(await kmzToKml(await readAll(input)));
        return;
      case 'csv':
        yield* readCsv((await readAll(input)).toString('utf8'), csv);
        return;
      case 'osm':
        yield* readOsmXml((await readAll(input)).toString('utf8'));
        return;
      case 'overpass':
        yield* readOverpassJson((await readAll(input)).toString('utf8'));
        return;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('INVALID_INPUT', `File '${input.name}' cannot be imported: ${(err as Error).message}.`, {
      cause: err,
    });
  }
}

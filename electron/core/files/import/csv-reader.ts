/**
 * CSV with longitude/latitude columns, detected by name (lon/lng/longitude/x, lat/latitude/y) or
 * chosen by the user; every other column becomes a tag. Streamed: the text is cut into blocks of
 * whole records (at a newline outside quotes) and each block is parsed by papaparse.
 */
import Papa from 'papaparse';
import { flattenProperties, parseTime, type CsvOptions, type ImportRecord } from './import-types.js';

const LON_NAMES = ['lon', 'lng', 'long', 'longitude', 'x', 'lon_deg'];
const LAT_NAMES = ['lat', 'latitude', 'y', 'lat_deg'];
const ID_NAMES = ['osm_id', 'id', 'name'];
const TIME_NAMES = ['observed_at', 'time', 'timestamp', 'datetime'];
/** Text parsed per papaparse call: whole records, about this many characters. */
const BLOCK_CHARS = 1 << 20;

/** Finds a column whose lower-cased name is one of `names`. */
function findColumn(columns: string[], names: string[]): string | undefined {
  for (const name of names) {
    const hit = columns.find((c) => c.trim().toLowerCase() === name);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

interface Columns {
  lon: string;
  lat: string;
  id?: string;
  time?: string;
}

/** The coordinate, id and time columns, or a sentence naming the missing one. */
function pickColumns(columns: string[], options: CsvOptions): Columns {
  const lon = options.lon_column ?? findColumn(columns, LON_NAMES);
  const lat = options.lat_column ?? findColumn(columns, LAT_NAMES);
  for (const [field, value] of [
    ['lon_column', lon],
    ['lat_column', lat],
  ] as const) {
    if (value === undefined)
      throw new Error(
        `no ${field === 'lon_column' ? 'longitude' : 'latitude'} column found among ${JSON.stringify(columns)}; choose one with '${field}'`,
      );
    if (!columns.includes(value))
      throw new Error(`column '${value}' given as '${field}' is not in the file; it has ${JSON.stringify(columns)}`);
  }
  return {
    lon: lon!,
    lat: lat!,
    id: options.id_column ?? findColumn(columns, ID_NAMES),
    time: findColumn(columns, TIME_NAMES),
  };
}

/** One parsed row as a record: a point object, or the reason it was skipped. */
function toRecord(row: Record<string, unknown>, index: number, c: Columns, rowError?: string): ImportRecord {
  const x = row[c.lon];
  const y = row[c.lat];
  if (rowError) return { index, skip: `row ${index + 2}: ${rowError}` };
  if (typeof x !== 'number' || typeof y !== 'number') {
    return {
      index,
      skip: `row ${index + 2} has no numeric '${c.lon}'/'${c.lat}' (got ${JSON.stringify(x)}, ${JSON.stringify(y)})`,
    };
  }
  const idValue = c.id ? row[c.id] : undefined;
  const drop = [c.lon, c.lat, ...(c.id === 'osm_id' ? ['osm_id'] : []), ...(c.time ? [c.time] : [])];
  return {
    index,
    object: {
      osmId: idValue === null || idValue === undefined || idValue === '' ? String(index + 1) : String(idValue),
      type: 'node',
      tags: flattenProperties(row, drop),
      geom: { type: 'Point', coordinates: [x, y] },
      observedAt: c.time ? parseTime(row[c.time]) : undefined,
    },
  };
}

/**
 * Reads streamed CSV text into point objects, holding one block of records at a time. A record
 * longer than `maxRecordChars` (an unclosed quote, a file with no line breaks) fails with a sentence.
 */
export async function* readCsvStream(
  chunks: AsyncIterable<string>,
  options: CsvOptions = {},
  maxRecordChars = 64 * 1024 * 1024,
): AsyncGenerator<ImportRecord> {
  const parse = createBlockParser(options);
  let buf = '';
  let scanned = 0;
  let inQuotes = false;
  let cut = -1;
  let newline = 0; // the record separator's last character: \n, or \r for old Mac files; 0 until known
  let first = true;
  for await (const text of chunks) {
    buf += first ? text.replace(/^\uFEFF/, '') : text;
    first = false;
    if (newline === 0) newline = buf.includes('\n') ? 10 : buf.length >= 65_536 && buf.includes('\r') ? 13 : 0;
    for (let i = newline === 0 ? buf.length : scanned; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === 34) inQuotes = !inQuotes;
      else if (c === newline && !inQuotes) cut = i;
    }
    if (newline !== 0) scanned = buf.length;
    if (cut + 1 >= BLOCK_CHARS) {
      yield* parse(buf.slice(0, cut + 1));
      buf = buf.slice(cut + 1);
      scanned = buf.length;
      cut = -1;
    }
    if (buf.length - (cut + 1) > maxRecordChars) throw recordTooLong(maxRecordChars);
  }
  yield* parse(buf);
}

function recordTooLong(max: number): Error {
  return new Error(`a CSV record is longer than ${max.toLocaleString('en-US')} characters (an unclosed quote?)`);
}

/** Parses blocks of whole records with the first block's header, delimiter and line break. */
function createBlockParser(options: CsvOptions): (block: string) => Generator<ImportRecord> {
  let header: { line: string; delimiter: string; newline: string; columns: Columns } | undefined;
  let rows = 0;
  return function* parse(block: string): Generator<ImportRecord> {
    const config: Papa.ParseConfig<Record<string, unknown>> = {
      header: true,
      dynamicTyping: true,
      skipEmptyLines: 'greedy',
    };
    if (header) Object.assign(config, { delimiter: header.delimiter, newline: header.newline });
    else if (options.delimiter) config.delimiter = options.delimiter;
    const parsed = Papa.parse<Record<string, unknown>>(header ? header.line + block : block, config);
    if (!header) {
      const fields = parsed.meta.fields ?? [];
      const { delimiter, linebreak } = parsed.meta;
      const line = Papa.unparse([fields], { delimiter, newline: linebreak }) + linebreak;
      header = { delimiter, newline: linebreak, columns: pickColumns(fields, options), line };
    }
    const rowErrors = new Map(parsed.errors.filter((e) => e.row !== undefined).map((e) => [e.row!, e.message]));
    for (let i = 0; i < parsed.data.length; i++) {
      yield toRecord(parsed.data[i]!, rows + i, header.columns, rowErrors.get(i));
    }
    rows += parsed.data.length;
  };
}

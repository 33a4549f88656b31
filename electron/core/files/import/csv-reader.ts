/**
 * CSV with longitude/latitude columns, detected by name (lon/lng/longitude/x, lat/latitude/y) or
 * chosen by the user; every other column becomes a tag. Parsed by papaparse.
 */
import Papa from 'papaparse';
import { flattenProperties, parseTime, type CsvOptions, type ImportRecord } from './import-types.js';

const LON_NAMES = ['lon', 'lng', 'long', 'longitude', 'x', 'lon_deg'];
const LAT_NAMES = ['lat', 'latitude', 'y', 'lat_deg'];
const ID_NAMES = ['osm_id', 'id', 'name'];
const TIME_NAMES = ['observed_at', 'time', 'timestamp', 'datetime'];

/** Finds a column whose lower-cased name is one of `names`. */
function findColumn(columns: string[], names: string[]): string | undefined {
  for (const name of names) {
    const hit = columns.find((c) => c.trim().toLowerCase() === name);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Reads CSV text into point objects. */
export function* readCsv(text: string, options: CsvOptions = {}): Generator<ImportRecord> {
  const parsed = Papa.parse<Record<string, unknown>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    dynamicTyping: true,
    skipEmptyLines: 'greedy',
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
  });
  const columns = parsed.meta.fields ?? [];
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
  const idColumn = options.id_column ?? findColumn(columns, ID_NAMES);
  const timeColumn = findColumn(columns, TIME_NAMES);
  const rowErrors = new Map(parsed.errors.filter((e) => e.row !== undefined).map((e) => [e.row!, e.message]));
  let index = 0;
  for (const row of parsed.data) {
    const rowError = rowErrors.get(index);
    const x = row[lon!];
    const y = row[lat!];
    if (rowError) yield { index, skip: `row ${index + 2}: ${rowError}` };
    else if (typeof x !== 'number' || typeof y !== 'number') {
      yield {
        index,
        skip: `row ${index + 2} has no numeric '${lon}'/'${lat}' (got ${JSON.stringify(x)}, ${JSON.stringify(y)})`,
      };
    } else {
      const idValue = idColumn ? row[idColumn] : undefined;
      yield {
        index,
        object: {
          osmId: idValue === null || idValue === undefined || idValue === '' ? String(index + 1) : String(idValue),
          type: 'node',
          tags: flattenProperties(row, [
            lon!,
            lat!,
            ...(idColumn === 'osm_id' ? ['osm_id'] : []),
            ...(timeColumn ? [timeColumn] : []),
          ]),
          geom: { type: 'Point', coordinates: [x, y] },
          observedAt: timeColumn ? parseTime(row[timeColumn]) : undefined,
        },
      };
    }
    index++;
  }
}

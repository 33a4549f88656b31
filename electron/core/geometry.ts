/**
 * Geometry input rules: a GeoJSON geometry object, a GeoJSON string or WKT becomes a clean RFC 7946
 * geometry (lon/lat, finite, in range, rings closed), checked against the object's OSM type.
 */
import { wktToGeoJSON } from '@terraformer/wkt';
import type { Geometry, ObjectType } from '../contract/domain.js';
import { AppError } from '../contract/errors.js';

/** Caps so one update cannot hold the writer or IPC hostage. */
export const GEOMETRY_LIMITS = { maxPositions: 500_000, maxTextLength: 10_000_000, maxCollectionSize: 10_000 } as const;

type Position = number[];
const ALLOWED: Record<ObjectType, readonly string[] | null> = {
  node: ['Point'],
  way: ['LineString', 'Polygon'],
  relation: null,
};

/**
 * Parses and checks a geometry for an object of `type`. Throws AppError('INVALID_INPUT') naming
 * `field` (e.g. `geom.coordinates[1]`) and the bad value.
 */
export function parseGeometry(input: unknown, type: ObjectType, field = 'geom'): Geometry {
  const raw = typeof input === 'string' ? parseText(input, field) : input;
  const counter = { positions: 0 };
  const geometry = readGeometry(raw, field, counter, true);
  const allowed = ALLOWED[type];
  if (allowed && !allowed.includes(geometry.type)) {
    const want = allowed.length === 1 ? `a ${allowed[0]}` : `a ${allowed.join(' or ')}`;
    throw invalid(`Field '${field}' must be ${want} for a ${type}, got ${geometry.type}.`, field);
  }
  return geometry;
}

function parseText(text: string, field: string): unknown {
  if (text.length > GEOMETRY_LIMITS.maxTextLength) {
    throw invalid(
      `Field '${field}' must be at most ${GEOMETRY_LIMITS.maxTextLength} characters, got ${text.length}.`,
      field,
    );
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch (error) {
      throw invalid(`Field '${field}' is not valid GeoJSON: ${(error as Error).message.replace(/\.$/, '')}.`, field);
    }
  }
  const srid = /^SRID=(\d+);/i.exec(trimmed);
  if (srid && srid[1] !== '4326')
    throw invalid(`Field '${field}' must use SRID 4326 (lon/lat), got SRID ${srid[1]}.`, field);
  const wkt = (srid ? trimmed.slice(srid[0].length) : trimmed).toUpperCase();
  if (!/^(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION)\b/.test(wkt)) {
    throw invalid(
      `Field '${field}' must be a GeoJSON geometry or WKT such as 'POINT(0 0)', got '${preview(trimmed)}'.`,
      field,
    );
  }
  // The WKT parser slows down steeply with nesting (10,000 levels: ~17 s on the event loop); valid
  // WKT nests at most 4 levels (a MULTIPOLYGON inside a GEOMETRYCOLLECTION).
  if (wktDepth(wkt) > MAX_WKT_DEPTH) {
    throw invalid(`Field '${field}' nests WKT parentheses more than ${MAX_WKT_DEPTH} levels deep.`, field);
  }
  try {
    return wktToGeoJSON(wkt);
  } catch {
    throw invalid(`Field '${field}' is not valid WKT, got '${preview(trimmed)}'.`, field);
  }
}

function readGeometry(raw: unknown, field: string, counter: { positions: number }, top: boolean): Geometry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid(`Field '${field}' must be a GeoJSON geometry object, got ${describeValue(raw)}.`, field);
  }
  const obj = raw as Record<string, unknown>;
  const coords = obj.coordinates;
  const at = `${field}.coordinates`;
  switch (obj.type) {
    case 'Point': {
      const p = readPosition(coords, at, counter);
      return { type: 'Point', coordinates: p };
    }
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: readList(coords, at, 0, (c, f) => readPosition(c, f, counter)) };
    case 'LineString':
      return { type: 'LineString', coordinates: readLine(coords, at, counter) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: readList(coords, at, 1, (c, f) => readLine(c, f, counter)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: readPolygon(coords, at, counter) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: readList(coords, at, 1, (c, f) => readPolygon(c, f, counter)) };
    case 'GeometryCollection': {
      if (!top) throw invalid(`Field '${field}' must not nest a GeometryCollection inside another.`, field);
      const list = obj.geometries;
      if (Array.isArray(list) && list.length > GEOMETRY_LIMITS.maxCollectionSize) {
        throw invalid(
          `Field '${field}.geometries' must have at most ${GEOMETRY_LIMITS.maxCollectionSize} items, got ${list.length}.`,
          field,
        );
      }
      const geometries = readList(list, `${field}.geometries`, 1, (g, f) => readGeometry(g, f, counter, false));
      return {
        type: 'GeometryCollection',
        geometries: geometries as Exclude<Geometry, { type: 'GeometryCollection' }>[],
      };
    }
    default:
      throw invalid(
        `Field '${field}.type' must be a GeoJSON geometry type such as 'Point', got ${describeValue(obj.type)}.`,
        `${field}.type`,
      );
  }
}

const MAX_WKT_DEPTH = 8;

/** The deepest parenthesis nesting of a WKT text, counted without recursion. */
function wktDepth(wkt: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < wkt.length; i += 1) {
    const c = wkt.charCodeAt(i);
    if (c === 40) deepest = Math.max(deepest, (depth += 1));
    else if (c === 41) depth -= 1;
  }
  return deepest;
}

function readList<T>(value: unknown, field: string, min: number, read: (v: unknown, f: string) => T): T[] {
  if (!Array.isArray(value)) throw invalid(`Field '${field}' must be an array, got ${describeValue(value)}.`, field);
  if (value.length < min)
    throw invalid(
      `Field '${field}' must have at least ${min} item${min === 1 ? '' : 's'}, got ${value.length}.`,
      field,
    );
  return value.map((v, i) => read(v, `${field}[${i}]`));
}

function readPosition(value: unknown, field: string, counter: { positions: number }): Position {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) {
    throw invalid(
      `Field '${field}' must be a position [lon, lat] or [lon, lat, alt], got ${describeValue(value)}.`,
      field,
    );
  }
  counter.positions += 1;
  if (counter.positions > GEOMETRY_LIMITS.maxPositions) {
    throw invalid(
      `Field '${field}' exceeds the limit of ${GEOMETRY_LIMITS.maxPositions} positions per geometry.`,
      field,
    );
  }
  value.forEach((n, i) => {
    if (typeof n !== 'number' || !Number.isFinite(n))
      throw invalid(`Field '${field}[${i}]' must be a finite number, got ${describeValue(n)}.`, field);
  });
  const [lon, lat] = value as [number, number];
  if (lon < -180 || lon > 180)
    throw invalid(`Field '${field}' longitude must be between -180 and 180, got ${lon}.`, field);
  if (lat < -90 || lat > 90) throw invalid(`Field '${field}' latitude must be between -90 and 90, got ${lat}.`, field);
  return [...(value as number[])];
}

function readLine(value: unknown, field: string, counter: { positions: number }): Position[] {
  const line = readList(value, field, 0, (c, f) => readPosition(c, f, counter));
  if (line.length < 2)
    throw invalid(`Field '${field}' must have at least 2 positions for a line, got ${line.length}.`, field);
  return line;
}

function readPolygon(value: unknown, field: string, counter: { positions: number }): Position[][] {
  return readList(value, field, 1, (ringValue, f) => {
    const ring = readList(ringValue, f, 0, (c, g) => readPosition(c, g, counter));
    if (ring.length < 4)
      throw invalid(`Field '${f}' must have at least 4 positions for a ring, got ${ring.length}.`, f);
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) {
      throw invalid(
        `Field '${f}' must be a closed ring (last position equal to the first), got [${first.join(', ')}] … [${last.join(', ')}].`,
        f,
      );
    }
    return ring;
  });
}

function invalid(message: string, field: string): AppError {
  return new AppError('INVALID_INPUT', message, { details: { field } });
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** A short description of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (value.length > 4) return `an array of ${value.length} items`;
    return `[${value.map((v) => (typeof v === 'object' && v !== null ? safeJson(v) : typeof v === 'string' ? `'${preview(v)}'` : String(v))).join(', ')}]`;
  }
  if (typeof value === 'string') return `'${preview(value)}'`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  } catch {
    return 'an unprintable value';
  }
}

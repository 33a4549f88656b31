/**
 * A geofence's area from what a client gives: a GeoJSON geometry (object or string) or WKT, or the
 * geometry of a stored object (a closed way becomes a Polygon). Checked, normalized, and bounded.
 */
import type { Geometry } from '../../contract/domain.js';
import { AppError } from '../../contract/errors.js';
import type { GeofenceGeometry } from '../../contract/methods/rules.js';
import { parseGeometry } from '../geometry.js';
import { checkFenceGeometry, fenceBbox } from './geo.js';

/** A checked area and its bbox (minLon > maxLon when it crosses the antimeridian), ready to store. */
export interface FenceArea {
  geometry: GeofenceGeometry;
  bbox: [number, number, number, number];
}

/**
 * Parses a Polygon/MultiPolygon given as a GeoJSON object, GeoJSON text or WKT. Longitudes past ±180
 * (a ring drawn across the antimeridian) are wrapped into range: the ring then jumps by more than
 * 180°, which the rule geometry reads as crossing. Throws INVALID_INPUT naming `field`.
 */
export function fenceAreaFromInput(input: unknown, field = 'geometry'): FenceArea {
  const raw = typeof input === 'string' && input.trim().startsWith('{') ? parseJson(input, field) : input;
  return fenceAreaOf(parseGeometry(wrapLongitudes(raw), 'relation', field), field);
}

/**
 * The area of a stored object's geometry: a Polygon or MultiPolygon as it is, a closed LineString
 * (an OSM way around an area) as a Polygon. Anything else throws INVALID_INPUT naming `field`.
 */
export function fenceAreaFromObject(id: string, geom: Geometry, field = 'object_id'): FenceArea {
  if (geom.type === 'Polygon' || geom.type === 'MultiPolygon') return fenceAreaOf(geom, field);
  if (geom.type === 'LineString' && isClosedRing(geom.coordinates)) {
    return fenceAreaOf({ type: 'Polygon', coordinates: [geom.coordinates] }, field);
  }
  throw new AppError(
    'INVALID_INPUT',
    `Field '${field}' must name an object with an area (a Polygon, MultiPolygon or closed way), but object '${id}' is a${geom.type === 'LineString' ? 'n open LineString' : ` ${geom.type}`}.`,
    { details: { field, id } },
  );
}

function fenceAreaOf(input: Geometry, field: string): FenceArea {
  const geometry = checkFenceGeometry(input, field);
  return { geometry, bbox: fenceBbox(geometry) };
}

function isClosedRing(line: number[][]): boolean {
  const first = line[0];
  const last = line[line.length - 1];
  return line.length >= 4 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError(
      'INVALID_INPUT',
      `Field '${field}' is not valid GeoJSON: ${(error as Error).message.replace(/\.$/, '')}.`,
      { details: { field } },
    );
  }
}

/** A copy of a Polygon/MultiPolygon with every longitude outside ±180 wrapped into range; anything else as it is. */
function wrapLongitudes(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const g = raw as { type?: unknown; coordinates?: unknown };
  const depth = g.type === 'Polygon' ? 2 : g.type === 'MultiPolygon' ? 3 : -1;
  if (depth < 0) return raw;
  return { ...g, coordinates: wrapAt(g.coordinates, depth) };
}

function wrapAt(value: unknown, depth: number): unknown {
  if (!Array.isArray(value)) return value;
  if (depth > 0) return value.map((v) => wrapAt(v, depth - 1));
  const lon: unknown = value[0];
  if (typeof lon !== 'number' || !Number.isFinite(lon) || (lon >= -180 && lon <= 180)) return value;
  return [((((lon + 180) % 360) + 360) % 360) - 180, ...value.slice(1)];
}

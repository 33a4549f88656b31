/**
 * Geofence geometry for the rule engine: validation, the (antimeridian-aware) bounding box, a
 * prepared point-in-area test for Polygon/MultiPolygon with holes, and distances on the sphere.
 */
import type { Geometry } from '../../contract/domain.js';
import { AppError } from '../../contract/errors.js';
import { geometryBbox } from '../../contract/geometry.js';
import type { GeofenceGeometry } from '../../contract/methods/rules.js';
import { describeValue } from '../geometry.js';

type Ring = number[][];

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/**
 * Checks an area given as a geofence and answers it typed: a Polygon or MultiPolygon whose rings are
 * closed with at least 4 positions and latitudes in [-90, 90]. Longitudes may run past ±180 (up to
 * ±540), the second antimeridian form. Throws AppError('INVALID_INPUT') naming `field`.
 */
export function checkFenceGeometry(g: unknown, field = 'geometry'): GeofenceGeometry {
  const obj = (typeof g === 'object' && g !== null ? g : {}) as { type?: unknown; coordinates?: unknown };
  if (obj.type !== 'Polygon' && obj.type !== 'MultiPolygon') {
    throw invalid(`Field '${field}' must be a Polygon or MultiPolygon, got ${describeGeometry(g)}.`, field);
  }
  const at = `${field}.coordinates`;
  if (obj.type === 'Polygon') {
    checkPolygon(obj.coordinates, at);
  } else {
    const polygons = asList(obj.coordinates, at, 1);
    polygons.forEach((p, i) => checkPolygon(p, `${at}[${i}]`));
  }
  return g as GeofenceGeometry;
}

function describeGeometry(g: unknown): string {
  const type = typeof g === 'object' && g !== null ? (g as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? `a ${type}` : describeValue(g);
}

function asList(value: unknown, field: string, min: number): unknown[] {
  if (!Array.isArray(value) || value.length < min) {
    throw invalid(`Field '${field}' must be an array of at least ${min} item(s), got ${describeValue(value)}.`, field);
  }
  return value;
}

function checkPolygon(value: unknown, field: string): void {
  asList(value, field, 1).forEach((ringValue, r) => {
    const f = `${field}[${r}]`;
    const ring = asList(ringValue, f, 0);
    if (ring.length < 4)
      throw invalid(`Field '${f}' must have at least 4 positions for a ring, got ${ring.length}.`, f);
    ring.forEach((p, i) => checkPosition(p, `${f}[${i}]`));
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      throw invalid(
        `Field '${f}' must be a closed ring (last position equal to the first), got [${first.join(', ')}] … [${last.join(', ')}].`,
        f,
      );
    }
  });
}

function checkPosition(p: unknown, field: string): void {
  if (
    !Array.isArray(p) ||
    p.length < 2 ||
    p.length > 3 ||
    !p.every((n) => typeof n === 'number' && Number.isFinite(n))
  ) {
    throw invalid(`Field '${field}' must be a position [lon, lat] of finite numbers, got ${describeValue(p)}.`, field);
  }
  const [lon, lat] = p as [number, number];
  if (lat < -90 || lat > 90) throw invalid(`Field '${field}' latitude must be between -90 and 90, got ${lat}.`, field);
  if (lon < -540 || lon > 540)
    throw invalid(`Field '${field}' longitude must be between -540 and 540, got ${lon}.`, field);
}

function invalid(message: string, field: string): AppError {
  return new AppError('INVALID_INPUT', message, { details: { field } });
}

/** The polygons of an area, each a list of rings (outer first). */
function polygonsOf(g: GeofenceGeometry | Geometry): Ring[][] {
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

/**
 * A ring with continuous longitudes: each step of more than 180° is taken the short way round, so a
 * ring that jumps from 179 to -179 continues to 181. Rings circling a pole are not supported.
 */
export function unwrapRing(ring: Ring): Float64Array {
  const out = new Float64Array(ring.length * 2);
  let offset = 0;
  let prev = ring[0]?.[0] ?? 0;
  for (let i = 0; i < ring.length; i++) {
    const lon = ring[i]![0]!;
    const d = lon - prev;
    if (d > 180) offset -= 360;
    else if (d < -180) offset += 360;
    prev = lon;
    out[i * 2] = lon + offset;
    out[i * 2 + 1] = ring[i]![1]!;
  }
  return out;
}

/** One polygon prepared for point tests: unwrapped rings (outer first, holes in its world copy) and their box. */
interface PreparedPolygon {
  rings: Float64Array[];
  minLon: number;
  maxLon: number;
  minLat: number;
  maxLat: number;
}

/** An area prepared once for many point tests. */
export interface PreparedFence {
  /** True when [lon, lat] (lon in [-180, 180]) lies in the area: inside an outer ring and in none of its holes. */
  contains(lon: number, lat: number): boolean;
  /** [minLon, minLat, maxLon, maxLat]; minLon > maxLon when the area crosses the antimeridian. */
  bbox: [number, number, number, number];
}

function preparePolygon(rings: Ring[]): PreparedPolygon {
  const outer = unwrapRing(rings[0]!);
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (let i = 0; i < outer.length; i += 2) {
    minLon = Math.min(minLon, outer[i]!);
    maxLon = Math.max(maxLon, outer[i]!);
    minLat = Math.min(minLat, outer[i + 1]!);
    maxLat = Math.max(maxLat, outer[i + 1]!);
  }
  const mid = (minLon + maxLon) / 2;
  const prepared = [outer];
  for (let r = 1; r < rings.length; r++) {
    const hole = unwrapRing(rings[r]!);
    // A hole written in another world copy (e.g. at -179 while its outer ring runs to 181) moves beside it.
    const shift = Math.round((mid - hole[0]!) / 360) * 360;
    if (shift !== 0) for (let i = 0; i < hole.length; i += 2) hole[i] = hole[i]! + shift;
    prepared.push(hole);
  }
  return { rings: prepared, minLon, maxLon, minLat, maxLat };
}

/**
 * Even-odd crossing test of one ring. Half-open on both axes, so a point on an edge shared by two
 * areas (e.g. the ±180 seam of a split MultiPolygon) belongs to exactly one of them.
 */
function inRing(ring: Float64Array, x: number, y: number): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const yi = ring[i + 1]!;
    const yj = ring[j + 1]!;
    if (yi > y !== yj > y) {
      const xi = ring[i]!;
      const xCross = xi + ((y - yi) * (ring[j]! - xi)) / (yj - yi);
      if (x < xCross) inside = !inside;
    }
  }
  return inside;
}

function inPolygon(p: PreparedPolygon, x: number, y: number): boolean {
  if (y < p.minLat || y > p.maxLat || x < p.minLon || x > p.maxLon) return false;
  if (!inRing(p.rings[0]!, x, y)) return false;
  for (let r = 1; r < p.rings.length; r++) if (inRing(p.rings[r]!, x, y)) return false;
  return true;
}

/** Prepares an area for fast repeated point tests (the fence index keeps one per geofence). */
export function prepareFence(g: GeofenceGeometry): PreparedFence {
  const polygons = polygonsOf(g).map(preparePolygon);
  return {
    bbox: boxOf(polygons),
    contains(lon, lat) {
      for (const p of polygons) {
        // The point is tried in the three world copies an unwrapped ring can reach.
        if (inPolygon(p, lon, lat) || inPolygon(p, lon + 360, lat) || inPolygon(p, lon - 360, lat)) return true;
      }
      return false;
    },
  };
}

/** True when [lon, lat] lies in the area (prepare the area with prepareFence for repeated tests). */
export function fenceContains(g: GeofenceGeometry, lon: number, lat: number): boolean {
  return prepareFence(g).contains(lon, lat);
}

/**
 * [minLon, minLat, maxLon, maxLat] of an area, longitudes in [-180, 180]; minLon > maxLon when it
 * crosses the antimeridian (as a split MultiPolygon or as a ring running past ±180).
 */
export function fenceBbox(g: GeofenceGeometry): [number, number, number, number] {
  return boxOf(polygonsOf(g).map(preparePolygon));
}

/** The smallest longitude arc covering every polygon (the complement of the widest gap), plus latitudes. */
function boxOf(polygons: PreparedPolygon[]): [number, number, number, number] {
  let minLat = Infinity;
  let maxLat = -Infinity;
  const spans: [number, number][] = [];
  for (const p of polygons) {
    minLat = Math.min(minLat, p.minLat);
    maxLat = Math.max(maxLat, p.maxLat);
    if (p.maxLon - p.minLon >= 360) return [-180, minLat, 180, maxLat];
    const start = normalizeLon(p.minLon);
    spans.push([start, start + (p.maxLon - p.minLon)]);
  }
  if (spans.length === 0) return [0, 0, 0, 0];
  spans.sort((a, b) => a[0] - b[0]);
  // Merge overlapping arcs on the circle, then take the complement of the widest gap between them.
  let bestGap = 0;
  let west = spans[0]![0];
  let east = spans[0]![1];
  let reach = spans[0]![1];
  for (let i = 1; i < spans.length; i++) {
    const [s, e] = spans[i]!;
    const gap = s - reach;
    if (gap > bestGap) {
      bestGap = gap;
      west = s;
      east = reach;
    }
    reach = Math.max(reach, e);
  }
  const wrapGap = spans[0]![0] + 360 - reach;
  if (wrapGap >= bestGap) {
    if (wrapGap <= 0) return [-180, minLat, 180, maxLat];
    west = spans[0]![0];
    east = reach;
  }
  return [normalizeLon(west), minLat, normalizeLon(east), maxLat];
}

/** A longitude brought into [-180, 180) (180 itself stays 180). */
export function normalizeLon(lon: number): number {
  if (lon >= -180 && lon <= 180) return lon;
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/** Great-circle distance in metres between two [lon, lat] points (haversine). */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Metres per degree of latitude (and of longitude at the equator) on the mean sphere. */
export const METRES_PER_DEGREE = EARTH_RADIUS_M * RAD;

/** The position an object is judged by: a Point's coordinates, else the centre of its bounding box. */
export function representativePoint(g: Geometry): [number, number] | undefined {
  if (g.type === 'Point') return [g.coordinates[0]!, g.coordinates[1]!];
  const box = geometryBbox(g);
  return box && [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
}

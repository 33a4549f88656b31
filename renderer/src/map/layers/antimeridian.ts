/**
 * Makes world-atlas geometry drawable on a flat Leaflet map. The TopoJSON is spherical, so rings and
 * lines that cross the antimeridian jump from +180 to -180, which a flat map draws as a line across
 * the whole world. Rings are unwrapped to continuous longitudes (closed over the pole when they
 * circle it, as Antarctica does); lines are split at the jump.
 */
import type { MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';

/** Unwraps one ring; a ring that circles a pole is closed along the pole's latitude. */
export function unwrapRing(ring: Position[]): Position[] {
  if (ring.length === 0) return ring;
  const out: Position[] = [];
  let offset = 0;
  let prev = ring[0]![0]!;
  for (const p of ring) {
    const lon = p[0]!;
    const d = lon - prev;
    if (d > 180) offset -= 360;
    else if (d < -180) offset += 360;
    prev = lon;
    out.push([lon + offset, p[1]!]);
  }
  if (offset !== 0) {
    const first = out[0]!;
    const last = out[out.length - 1]!;
    const pole = (first[1]! + last[1]!) / 2 < 0 ? -90 : 90;
    out.push([last[0]!, pole], [first[0]!, pole], first);
  }
  return out;
}

/** Splits a line wherever consecutive longitudes jump by more than 180 degrees. */
export function splitLine(line: Position[]): Position[][] {
  const parts: Position[][] = [];
  let current: Position[] = [];
  for (const p of line) {
    const prev = current[current.length - 1];
    if (prev && Math.abs(p[0]! - prev[0]!) > 180) {
      if (current.length > 1) parts.push(current);
      current = [];
    }
    current.push(p);
  }
  if (current.length > 1) parts.push(current);
  return parts;
}

/** Unwraps every ring of a (multi)polygon. */
export function unwrapPolygons(geom: Polygon | MultiPolygon): MultiPolygon {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  return { type: 'MultiPolygon', coordinates: polys.map((poly) => poly.map(unwrapRing)) };
}

/** Splits every line of a mesh at antimeridian jumps. */
export function splitLines(geom: MultiLineString): MultiLineString {
  return { type: 'MultiLineString', coordinates: geom.coordinates.flatMap(splitLine) };
}

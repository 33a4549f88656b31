/**
 * Geometry facts every process agrees on (main, the store, the renderer): one bounding box, with one
 * answer for a geometry that has no positions.
 */
import type { Bbox, Geometry } from './domain.js';

/**
 * [minLon, minLat, maxLon, maxLat] over every position of a geometry (GeometryCollections included),
 * or undefined when it has none (an empty LineString, an empty collection).
 */
export function geometryBbox(geom: Geometry): Bbox | undefined {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  if (geom.type === 'GeometryCollection') for (const g of geom.geometries) visit(g.coordinates, box);
  else visit(geom.coordinates, box);
  return box[0] === Infinity ? undefined : box;
}

// Iterative over nesting levels is unnecessary: validated geometries nest at most 4 arrays deep.
function visit(value: unknown, box: [number, number, number, number]): void {
  if (!Array.isArray(value)) return;
  if (typeof value[0] === 'number') {
    const lon = value[0];
    const lat = value[1] as number;
    if (lon < box[0]) box[0] = lon;
    if (lat < box[1]) box[1] = lat;
    if (lon > box[2]) box[2] = lon;
    if (lat > box[3]) box[3] = lat;
    return;
  }
  for (const inner of value) visit(inner, box);
}

// Geometry helpers for the renderer: Web Mercator in [0,1] world units (cached per object so a
// frame only scales and offsets), positions and anchors of GeoJSON geometries (the bbox is the contract's).
import type { Geometry } from '../../../electron/contract/domain.js';
import { geometryBbox } from '../../../electron/contract/geometry.js';

const MAX_LAT = 85.0511287798;

/** Longitude → Mercator x in [0, 1]. */
export function mercX(lon: number): number {
  return (lon + 180) / 360;
}

/** Latitude → Mercator y in [0, 1] (0 at the north edge). */
export function mercY(lat: number): number {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const s = Math.sin((clamped * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
}

/** Every position of a geometry, flattened (for counting vertices). */
export function eachPosition(geom: Geometry, cb: (lon: number, lat: number) => void): void {
  switch (geom.type) {
    case 'Point':
      cb(geom.coordinates[0] ?? 0, geom.coordinates[1] ?? 0);
      return;
    case 'MultiPoint':
    case 'LineString':
      for (const p of geom.coordinates) cb(p[0] ?? 0, p[1] ?? 0);
      return;
    case 'MultiLineString':
    case 'Polygon':
      for (const line of geom.coordinates) for (const p of line) cb(p[0] ?? 0, p[1] ?? 0);
      return;
    case 'MultiPolygon':
      for (const poly of geom.coordinates) for (const line of poly) for (const p of line) cb(p[0] ?? 0, p[1] ?? 0);
      return;
    case 'GeometryCollection':
      for (const g of geom.geometries) eachPosition(g, cb);
      return;
  }
}

/** A representative position: the point itself, or the bbox centre. */
export function geometryAnchor(geom: Geometry): [number, number] | null {
  if (geom.type === 'Point') return [geom.coordinates[0] ?? 0, geom.coordinates[1] ?? 0];
  const b = geometryBbox(geom);
  return b ? [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] : null;
}

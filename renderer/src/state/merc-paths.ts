// Projects line and area geometries once into flat Mercator arrays, so drawing a frame is only a
// scale and an offset per vertex.
import type { Geometry } from '../../../electron/contract/domain.js';
import { mercX, mercY } from './geo.js';

/** One projected line or ring: x,y pairs in [0,1] world units. */
export interface MercPath {
  coords: Float64Array;
  closed: boolean;
}

function project(line: number[][], closed: boolean): MercPath {
  const coords = new Float64Array(line.length * 2);
  line.forEach((p, i) => {
    coords[i * 2] = mercX(p[0] ?? 0);
    coords[i * 2 + 1] = mercY(p[1] ?? 0);
  });
  return { coords, closed };
}

/** Lines and rings of a geometry, projected; points inside collections become 1-vertex paths. */
export function toPaths(geom: Geometry): MercPath[] {
  switch (geom.type) {
    case 'Point':
      return [project([geom.coordinates], false)];
    case 'MultiPoint':
      return geom.coordinates.map((p) => project([p], false));
    case 'LineString':
      return [project(geom.coordinates, false)];
    case 'MultiLineString':
      return geom.coordinates.map((l) => project(l, false));
    case 'Polygon':
      return geom.coordinates.map((r) => project(r, true));
    case 'MultiPolygon':
      return geom.coordinates.flatMap((poly) => poly.map((r) => project(r, true)));
    case 'GeometryCollection':
      return geom.geometries.flatMap((g) => toPaths(g));
  }
}

/**
 * One line describing an object's geometry for the detail panel, positions in the chosen
 * coordinate format with their order said: "Point, lat, lon 43.73840, 7.42460" or
 * "LineString, 12 vertices; south-west lat, lon 43.7200, 7.4000 · north-east lat, lon 43.7500, 7.4400".
 */
import type { Geometry } from '../../../../electron/contract/domain.js';
import { geometryBbox } from '../../../../electron/contract/geometry.js';
import { formatPosition, type CoordFormat } from '../../app/units.js';
import { eachPosition } from '../../state/geo.js';

export function summarizeGeometry(geom: Geometry, format: CoordFormat): string {
  if (geom.type === 'Point') {
    const [lon = 0, lat = 0] = geom.coordinates;
    return `Point, ${formatPosition(lat, lon, format)}`;
  }
  let count = 0;
  eachPosition(geom, () => count++);
  const b = geometryBbox(geom);
  const box = b
    ? `; south-west ${formatPosition(b[1], b[0], format, 4)} · north-east ${formatPosition(b[3], b[2], format, 4)}`
    : '';
  return `${geom.type}, ${count} vertices${box}`;
}

/**
 * How one stored object looks in our exports: an RFC 7946 Feature whose properties are the tags
 * plus `osm_id`, `osm_type`, `source_id`, `observed_at` (and `tainted` when set). Polygons are
 * rewound to the right-hand rule; the importer recognizes these keys, so a round trip is lossless.
 */
import type { Geometry, OsmObject } from '../../../contract/domain.js';

/** Names our exports add beside the tags; a tag with one of these names is written as `tag:<name>`. */
export const META_KEYS = new Set(['osm_id', 'osm_type', 'source_id', 'observed_at', 'tainted']);

/** The properties of an object's feature. */
export function featureProperties(o: OsmObject): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o.tags)) props[META_KEYS.has(k) ? `tag:${k}` : k] = v;
  props.osm_id = o.osm_id;
  props.osm_type = o.type;
  props.source_id = o.source_id;
  props.observed_at = o.observed_at;
  if (o.tainted) props.tainted = true;
  return props;
}

/** The Feature of one object. */
export function toFeature(o: OsmObject): { type: 'Feature'; id: string; geometry: Geometry; properties: Record<string, unknown> } {
  return { type: 'Feature', id: o.id, geometry: rewind(o.geom), properties: featureProperties(o) };
}

/** Rewinds polygon rings: exterior counterclockwise, holes clockwise (RFC 7946 §3.1.6). */
export function rewind(geom: Geometry): Geometry {
  switch (geom.type) {
    case 'Polygon':
      return { type: 'Polygon', coordinates: rewindRings(geom.coordinates) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: geom.coordinates.map(rewindRings) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: geom.geometries.map((g) => rewind(g) as typeof g) };
    default:
      return geom;
  }
}

function rewindRings(rings: number[][][]): number[][][] {
  return rings.map((ring, i) => {
    const ccw = signedArea(ring) > 0;
    return (i === 0) === ccw ? ring : [...ring].reverse();
  });
}

function signedArea(ring: number[][]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  }
  return sum / 2;
}

/** A representative lon/lat: the point itself, or the first position of anything else. */
export function anchorPosition(geom: Geometry): [number, number] {
  let g: unknown = geom.type === 'GeometryCollection' ? geom.geometries[0]?.coordinates : geom.coordinates;
  while (Array.isArray(g) && Array.isArray(g[0])) g = g[0];
  const p = (g as number[] | undefined) ?? [0, 0];
  return [p[0] ?? 0, p[1] ?? 0];
}

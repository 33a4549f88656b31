/**
 * How one stored object looks in our exports: an RFC 7946 Feature whose properties are the tags
 * plus `osm_id`, `osm_type`, `source_id`, `observed_at` (and `tainted` when set). Polygons are
 * rewound to the right-hand rule; the importer recognizes these keys, so a round trip is lossless.
 */
import type { Geometry, OsmObject } from '../../../contract/domain.js';
import type { RawObjectRow } from '../../../../db/store.js';
import { FEATURE_META_KEYS } from '../../ingest/normalize.js';

/**
 * Names our exports add beside the tags (the importers and the hub read them back and drop them
 * from the tags); a tag with one of these names is written as `tag:<name>`.
 */
const META_KEYS = FEATURE_META_KEYS;

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
export function toFeature(o: OsmObject): {
  type: 'Feature';
  id: string;
  geometry: Geometry;
  properties: Record<string, unknown>;
} {
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

const NEEDS_REWIND = /^\{\s*"type"\s*:\s*"(Polygon|MultiPolygon|GeometryCollection)"/;
const META_IN_TAGS = new RegExp(`"(${[...META_KEYS].join('|')})"`);
// eslint-disable-next-line no-control-regex -- JSON must escape exactly these characters
const JSON_SAFE = /^[^"\\\u0000-\u001f\u2028\u2029]*$/;
const quote = (s: string) => (JSON_SAFE.test(s) ? `"${s}"` : JSON.stringify(s));

/**
 * The Feature JSON of a raw stored row, built by splicing its JSON text (no decode, no re-encode),
 * or undefined when the row needs the careful path (a polygon to rewind, a tag named like a
 * metadata key).
 */
export function rawFeatureJson(row: RawObjectRow): string | undefined {
  const tags = row.tags;
  if (NEEDS_REWIND.test(row.geom) || META_IN_TAGS.test(tags)) return undefined;
  const inner = tags.length <= 2 ? '' : `${tags.slice(1, tags.lastIndexOf('}'))},`;
  return (
    `{"type":"Feature","id":${quote(row.id)},"geometry":${row.geom},"properties":{${inner}` +
    `"osm_id":${quote(row.osm_id)},"osm_type":"${row.type}","source_id":${quote(row.source_id)},` +
    `"observed_at":"${new Date(row.observed_at).toISOString()}"${row.tainted ? ',"tainted":true' : ''}}}`
  );
}

/** Decodes a raw row into the object shape the careful path takes. */
export function rawToObject(row: RawObjectRow): OsmObject {
  const observed = new Date(row.observed_at).toISOString();
  return {
    id: row.id,
    osm_id: row.osm_id,
    type: row.type,
    tags: JSON.parse(row.tags) as OsmObject['tags'],
    geom: JSON.parse(row.geom) as Geometry,
    source_id: row.source_id,
    tainted: row.tainted,
    observed_at: observed,
    created_at: observed,
    updated_at: observed,
  };
}

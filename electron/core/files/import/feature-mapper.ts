/**
 * Turns a GeoJSON Feature (from any reader) into an ImportedObject, by the same type, id and tag
 * rules as the hub (ingest/normalize.ts), plus what only files have: positional ids for features
 * without one, and timed tracks.
 */
import { declaredFeatureKey, FEATURE_META_KEYS, typeFromGeometry } from '../../ingest/normalize.js';
import { flattenProperties, parseTime, type ImportedObject } from './import-types.js';

/** Maps one feature; returns a skip reason string when it cannot be an object. */
export function featureToImported(value: unknown, index: number): ImportedObject | string {
  if (!isObject(value)) return 'it is not a JSON object';
  if (value.type !== 'Feature') {
    if (typeof value.type === 'string' && GEOMETRY_TYPES.has(value.type)) {
      return { osmId: String(index + 1), type: typeFromGeometry(value), tags: Object.create(null), geom: value };
    }
    return `its type is ${JSON.stringify(value.type)}, not Feature or a geometry`;
  }
  const geom = value.geometry;
  if (!isObject(geom) || typeof geom.type !== 'string') return 'it has no geometry';
  const props = isObject(value.properties) ? value.properties : {};
  const declared = declaredFeatureKey(value.id, props);
  const type = declared.type ?? typeFromGeometry(geom);
  // Files may lack ids: a feature's position in the file is then its id, stable across re-imports.
  const osmId =
    typeof declared.osmId === 'string' || (typeof declared.osmId === 'number' && Number.isFinite(declared.osmId))
      ? String(declared.osmId)
      : String(index + 1);
  const tags = flattenProperties(props, [...FEATURE_META_KEYS, 'coordinateProperties', '_gpxType']);
  const observedAt = parseTime(props.observed_at ?? props.timestamp ?? props.time);
  const times = timesOf(props);
  const result: ImportedObject = { osmId, type, tags, geom, observedAt };
  if (props.tainted === true) result.tainted = true;
  if (
    times &&
    geom.type === 'LineString' &&
    Array.isArray(geom.coordinates) &&
    times.length === geom.coordinates.length
  ) {
    result.track = { coordinates: geom.coordinates as number[][], times };
  }
  return result;
}

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

/** Per-vertex times as written by togeojson (`coordinateProperties.times`) or our exports. */
function timesOf(props: Record<string, unknown>): number[] | undefined {
  const cp = props.coordinateProperties;
  const raw = isObject(cp) ? cp.times : undefined;
  const list = Array.isArray(raw) && Array.isArray(raw[0]) ? raw[0] : raw;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const times = list.map(parseTime);
  return times.every((t): t is number => t !== undefined) ? times : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

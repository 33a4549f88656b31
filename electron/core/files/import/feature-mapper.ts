/**
 * Turns a GeoJSON Feature (from any reader) into an ImportedObject, by the same type, id and tag
 * rules as the hub (ingest/normalize.ts), plus what only files have: positional ids for features
 * without one, and timed tracks.
 */
import { declaredFeatureKey, FEATURE_META_KEYS, typeFromGeometry } from '../../ingest/normalize.js';
import { flattenProperties, parseTime, type ImportedObject, type ImportedTrack } from './import-types.js';

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
  const result: ImportedObject = { osmId, type, tags, geom, observedAt };
  if (props.tainted === true) result.tainted = true;
  const track = trackOf(geom, props);
  if (track) result.track = track;
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

/**
 * The timed track of a LineString or MultiLineString whose `coordinateProperties.times` has one
 * time per position (flat, or one array per segment as togeojson writes multi-segment tracks),
 * with the per-position speeds, headings (or GPX courses) and altitudes (the third coordinate, else
 * `altitudes`) when present; undefined
 * when a time is missing or unreadable (the feature then stays a line).
 */
function trackOf(geom: Record<string, unknown>, props: Record<string, unknown>): ImportedTrack | undefined {
  const cp = props.coordinateProperties;
  if (!isObject(cp) || !Array.isArray(geom.coordinates)) return undefined;
  const lines =
    geom.type === 'LineString' ? [geom.coordinates] : geom.type === 'MultiLineString' ? geom.coordinates : undefined;
  if (!lines?.every(Array.isArray)) return undefined;
  const coordinates = (lines as unknown[][]).flat() as number[][];
  const times = perPosition(cp.times, lines as unknown[][])?.map(parseTime);
  if (!times || times.length === 0 || !times.every((t): t is number => t !== undefined)) return undefined;
  const track: ImportedTrack = { coordinates, times };
  const columns = [
    // Ours, then GPX's as togeojson names them (our ott: extension, Garmin's TrackPointExtension).
    ['speed', cp.speeds ?? cp['ott:speeds']],
    ['heading', cp.headings ?? cp['ott:courses'] ?? cp.courses],
    ['altitude', cp.altitudes],
  ] as const;
  for (const [key, raw] of columns) {
    const values = perPosition(raw, lines as unknown[][])?.map(finiteOrNull);
    if (values?.some((v) => v !== null)) track[key] = values;
  }
  const zs = coordinates.map((p) => finiteOrNull(p[2]));
  if (zs.some((z) => z !== null)) track.altitude = zs.map((z, i) => z ?? track.altitude?.[i] ?? null);
  return track;
}

/**
 * A per-position column aligned with the positions of `lines`: flat with one value per position,
 * or one array per line; undefined when its shape does not match.
 */
function perPosition(raw: unknown, lines: unknown[][]): unknown[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const total = lines.reduce((n, l) => n + l.length, 0);
  if (raw.length === total && !raw.some(Array.isArray)) return raw;
  if (raw.length === lines.length && raw.every((r, i) => Array.isArray(r) && r.length === lines[i]!.length))
    return (raw as unknown[][]).flat();
  return undefined;
}

const finiteOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

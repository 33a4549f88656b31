/**
 * Turns a GeoJSON Feature (from any reader) into an ImportedObject: picks the OSM type and id,
 * keeps properties as tags, and recognizes the metadata our own exports write, so that an export
 * imported again gives the same objects.
 */
import type { ObjectType } from '../../../contract/domain.js';
import { OBJECT_TYPES } from '../../../contract/domain.js';
import { flattenProperties, parseTime, type ImportedObject } from './import-types.js';

/** Property names our exports add beside the tags (see export/geojson-writer.ts). */
export const EXPORT_META_KEYS = ['osm_id', 'osm_type', 'source_id', 'observed_at', 'tainted'] as const;

/** Maps one feature; returns a skip reason string when it cannot be an object. */
export function featureToImported(value: unknown, index: number): ImportedObject | string {
  if (!isObject(value)) return 'it is not a JSON object';
  if (value.type !== 'Feature') {
    if (typeof value.type === 'string' && GEOMETRY_TYPES.has(value.type)) {
      return { osmId: String(index + 1), type: typeForGeometry(value.type), tags: Object.create(null), geom: value };
    }
    return `its type is ${JSON.stringify(value.type)}, not Feature or a geometry`;
  }
  const geom = value.geometry;
  if (!isObject(geom) || typeof geom.type !== 'string') return 'it has no geometry';
  const props = isObject(value.properties) ? value.properties : {};
  const declared = pickType(props);
  const type = declared ?? typeForGeometry(geom.type);
  const osmId = pickId(props, value.id, index);
  const tags = flattenProperties(props, [...EXPORT_META_KEYS, '@id', 'coordinateProperties', '_gpxType']);
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

function typeForGeometry(geometryType: string): ObjectType {
  if (geometryType === 'Point') return 'node';
  if (geometryType === 'LineString' || geometryType === 'Polygon') return 'way';
  return 'relation';
}

function pickType(props: Record<string, unknown>): ObjectType | undefined {
  const declared = props.osm_type ?? (typeof props['@id'] === 'string' ? props['@id'].split('/')[0] : undefined);
  return OBJECT_TYPES.find((t) => t === declared);
}

function pickId(props: Record<string, unknown>, featureId: unknown, index: number): string {
  const atId = typeof props['@id'] === 'string' ? props['@id'].split('/')[1] : undefined;
  for (const candidate of [props.osm_id, atId, featureId, props.id]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate;
    if (typeof candidate === 'number' && Number.isFinite(candidate)) return String(candidate);
  }
  return String(index + 1);
}

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

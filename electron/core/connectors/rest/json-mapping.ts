/**
 * Maps the items of a JSON array response to native publisher objects using field paths
 * (`id`, `lon`, `lat`, optional `type`, `tags`, `observed_at`), e.g. `position.lon` or `items[2].id`.
 */
import type { RestMapping } from '../connection-info.js';

/** A native publisher object, as the hub accepts it. */
export interface NativeObject {
  osm_id: string;
  type: string;
  tags: Record<string, unknown>;
  geom: { type: 'Point'; coordinates: [number, number] };
  observed_at?: string | number;
}

/** Reads a dotted path (`a.b.0.c` or `a.b[0].c`) from a value; undefined when absent. */
export function readPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const key of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (key === '') continue;
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Maps a response to native objects; items that cannot be mapped are reported, not thrown. */
export function mapJsonArray(response: unknown, mapping: RestMapping): { objects: NativeObject[]; errors: string[] } {
  const items = mapping.items === undefined ? response : readPath(response, mapping.items);
  if (!Array.isArray(items)) {
    const where = mapping.items === undefined ? 'The response' : `Field '${mapping.items}' of the response`;
    return { objects: [], errors: [`${where} must be a JSON array, got ${typeName(items)}.`] };
  }
  const objects: NativeObject[] = [];
  const errors: string[] = [];
  items.forEach((item, index) => {
    const mapped = mapItem(item, mapping, index);
    if (typeof mapped === 'string') errors.push(mapped);
    else objects.push(mapped);
  });
  return { objects, errors };
}

function mapItem(item: unknown, mapping: RestMapping, index: number): NativeObject | string {
  const id = readPath(item, mapping.id);
  if (typeof id !== 'string' && typeof id !== 'number') {
    return `Item ${index} field '${mapping.id}' (id) must be a string or number, got ${typeName(id)}.`;
  }
  const lon = toNumber(readPath(item, mapping.lon));
  const lat = toNumber(readPath(item, mapping.lat));
  if (lon === undefined || lon < -180 || lon > 180) {
    return `Item ${index} field '${mapping.lon}' (lon) must be a number in -180..180, got ${typeName(readPath(item, mapping.lon))}.`;
  }
  if (lat === undefined || lat < -90 || lat > 90) {
    return `Item ${index} field '${mapping.lat}' (lat) must be a number in -90..90, got ${typeName(readPath(item, mapping.lat))}.`;
  }
  const type = mapping.type === undefined ? 'node' : readPath(item, mapping.type);
  const object: NativeObject = {
    osm_id: String(id),
    type: typeof type === 'string' ? type : 'node',
    tags: mapTags(item, mapping.tags),
    geom: { type: 'Point', coordinates: [lon, lat] },
  };
  const observed = mapping.observed_at === undefined ? undefined : readPath(item, mapping.observed_at);
  if (typeof observed === 'string' || typeof observed === 'number') object.observed_at = observed;
  return object;
}

function mapTags(item: unknown, spec: RestMapping['tags']): Record<string, unknown> {
  const tags: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (spec === undefined) return tags;
  if (typeof spec === 'string') {
    const value = readPath(item, spec);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) if (isScalar(v)) tags[k] = v;
    }
    return tags;
  }
  for (const [key, path] of Object.entries(spec)) {
    const value = readPath(item, path);
    if (isScalar(value)) tags[key] = value;
  }
  return tags;
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean';
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function typeName(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `'${v.slice(0, 40)}'`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/**
 * Turns what publishers, REST pushes, connectors and imports send into upsert IngestOps: the
 * original hub's object `{osm_id, type, tags, geom, observed_at?}` and GeoJSON Features.
 */
import { OBJECT_TYPES, type ObjectType } from '../../contract/domain.js';
import { AppError } from '../../contract/errors.js';
import { describeValue, parseGeometry } from '../geometry.js';
import { normalizeTags } from '../tags.js';
import { assertWellFormed } from '../well-formed.js';
import type { IngestOp } from './types.js';

export type UpsertOp = Extract<IngestOp, { op: 'upsert' }>;

/** Caps on one raw object, checked before anything else reads it. */
export const NORMALIZE_LIMITS = {
  maxDepth: 32,
  maxNodes: 2_000_000,
  maxOsmIdLength: 255,
  maxFeatures: 100_000,
  futureSlackMs: 86_400_000,
} as const;

/**
 * One publisher object → an upsert op for `sourceId` (the authenticated source, never a field of
 * the message). `now` (epoch ms) is the observation time when the object carries none.
 * Throws AppError('INVALID_INPUT') with one sentence naming the field and the bad value.
 */
export function normalizePublisherObject(raw: unknown, sourceId: string, now: number): UpsertOp {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid(`An object message must be a JSON object, got ${describeValue(raw)}.`, 'object');
  }
  assertBounded(raw, 'object');
  const obj = raw as Record<string, unknown>;
  const type = readType(obj.type, 'type');
  const tainted = obj.tainted;
  if (tainted !== undefined && typeof tainted !== 'boolean') {
    throw invalid(`Field 'tainted' must be a boolean, got ${describeValue(tainted)}.`, 'tainted');
  }
  const op: UpsertOp = {
    op: 'upsert',
    sourceId,
    type,
    osmId: readOsmId(obj.osm_id, 'osm_id'),
    tags: normalizeTags(obj.tags, 'tags'),
    geom: parseGeometry(obj.geom, type, 'geom'),
    observedAt: readObservedAt(obj.observed_at, 'observed_at', now),
  };
  if (tainted === true) op.tainted = true;
  return op;
}

/**
 * A GeoJSON Feature or FeatureCollection → one result per feature, in order: an upsert op or the
 * AppError refusing that feature (so one bad feature costs only itself). The object type comes from
 * an `id` like `way/123` (osmtogeojson) or else the geometry: Point → node, LineString/Polygon →
 * way, anything else → relation. The osm_id comes from `id`, `properties.osm_id` or `properties.id`;
 * the tags are `properties.tags` when it is an object (osmtogeojson) or else the other properties.
 * A value that is neither a Feature nor a FeatureCollection answers a single AppError.
 */
export function featureToOps(input: unknown, sourceId: string, now: number): Array<UpsertOp | AppError> {
  const obj = input as Record<string, unknown> | null;
  if (obj?.type === 'Feature') return [catching(() => featureToOp(obj, 'feature', sourceId, now))];
  if (obj?.type !== 'FeatureCollection') {
    return [
      invalid(
        `A GeoJSON message must be a Feature or FeatureCollection, got ${describeValue(obj?.type ?? input)}.`,
        'type',
      ),
    ];
  }
  const features = obj.features;
  if (!Array.isArray(features))
    return [invalid(`Field 'features' must be an array, got ${describeValue(features)}.`, 'features')];
  if (features.length > NORMALIZE_LIMITS.maxFeatures) {
    return [
      invalid(
        `Field 'features' must have at most ${NORMALIZE_LIMITS.maxFeatures} items, got ${features.length}.`,
        'features',
      ),
    ];
  }
  return features.map((f, i) => catching(() => featureToOp(f, `features[${i}]`, sourceId, now)));
}

function featureToOp(raw: unknown, at: string, sourceId: string, now: number): UpsertOp {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || (raw as { type?: unknown }).type !== 'Feature') {
    throw invalid(`Field '${at}' must be a GeoJSON Feature, got ${describeValue(raw)}.`, at);
  }
  assertBounded(raw, at);
  const feature = raw as Record<string, unknown>;
  const props = feature.properties ?? {};
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    throw invalid(`Field '${at}.properties' must be an object, got ${describeValue(props)}.`, `${at}.properties`);
  }
  const p = props as Record<string, unknown>;
  const geometry = feature.geometry;
  const declared = declaredFeatureKey(feature.id, p);
  const type: ObjectType = declared.type ?? typeFromGeometry(geometry);
  const idSource = declared.osmId;
  if (idSource === undefined || idSource === null) {
    throw invalid(`Field '${at}' has no id: set 'id' or 'properties.osm_id'.`, `${at}.id`);
  }
  const nested = p.tags;
  const rawTags =
    typeof nested === 'object' && nested !== null && !Array.isArray(nested) ? nested : propertiesToTags(p);
  return {
    op: 'upsert',
    sourceId,
    type,
    osmId: readOsmId(idSource, `${at}.id`),
    tags: normalizeTags(rawTags, `${at}.properties`),
    geom: parseGeometry(geometry, type, `${at}.geometry`),
    observedAt: readObservedAt(p.observed_at ?? p.timestamp, `${at}.properties.observed_at`, now),
  };
}

/**
 * Property names that describe the object rather than tag it: what our exports write beside the
 * tags, and osmtogeojson's `@id`. Every GeoJSON reader (hub, connectors, file imports) drops them.
 */
export const FEATURE_META_KEYS: ReadonlySet<string> = new Set([
  'osm_id',
  'osm_type',
  'source_id',
  'observed_at',
  'tainted',
  '@id',
]);

const NOT_TAGS = new Set([...FEATURE_META_KEYS, 'id']);

/**
 * The OSM type and id a feature declares: the `osm_type`/`osm_id` properties (our exports), a
 * `node|way|relation/123` feature id or `@id` property (osmtogeojson), else the plain feature id or
 * `properties.id`. Either part is undefined when the feature does not say.
 */
export function declaredFeatureKey(
  featureId: unknown,
  props: Record<string, unknown>,
): { type?: ObjectType; osmId?: unknown } {
  const pattern = /^(node|way|relation)\/(.+)$/;
  const typed =
    (typeof featureId === 'string' ? pattern.exec(featureId) : null) ??
    (typeof props['@id'] === 'string' ? pattern.exec(props['@id']) : null);
  const declaredType = OBJECT_TYPES.find((t) => t === props.osm_type) ?? (typed?.[1] as ObjectType | undefined);
  const candidates = [props.osm_id, typed?.[2], typed ? undefined : featureId, props.id];
  return { type: declaredType, osmId: candidates.find((c) => c !== undefined && c !== null && c !== '') };
}

/** Flat properties are the tags; nulls are dropped and nested values kept as JSON text. */
function propertiesToTags(props: Record<string, unknown>): Record<string, unknown> {
  const tags = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(props)) {
    if (NOT_TAGS.has(key) || value === null || value === undefined) continue;
    tags[key] = typeof value === 'object' ? JSON.stringify(value) : value;
  }
  return tags;
}

/** Point → node, LineString/Polygon → way, anything else → relation. */
export function typeFromGeometry(geometry: unknown): ObjectType {
  const t = (geometry as { type?: unknown } | null)?.type;
  if (t === 'Point') return 'node';
  if (t === 'LineString' || t === 'Polygon') return 'way';
  return 'relation';
}

function readType(value: unknown, field: string): ObjectType {
  if (typeof value === 'string' && (OBJECT_TYPES as readonly string[]).includes(value)) return value as ObjectType;
  throw invalid(`Field '${field}' must be 'node', 'way' or 'relation', got ${describeValue(value)}.`, field);
}

function readOsmId(value: unknown, field: string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw invalid(`Field '${field}' must be a finite number or a string, got ${value}.`, field);
    return String(value);
  }
  if (typeof value !== 'string')
    throw invalid(`Field '${field}' must be a string or a number, got ${describeValue(value)}.`, field);
  const id = value.trim();
  if (id.length === 0) throw invalid(`Field '${field}' must not be empty.`, field);
  // Refused rather than repaired: a stored id must read back exactly as sent (see well-formed.ts).
  assertWellFormed(id, field);
  if (id.length > NORMALIZE_LIMITS.maxOsmIdLength) {
    throw invalid(
      `Field '${field}' must be at most ${NORMALIZE_LIMITS.maxOsmIdLength} characters, got ${id.length}.`,
      field,
    );
  }
  return id;
}

/** ISO 8601 text or epoch milliseconds; absent means `now`; at most a day in the future. */
function readObservedAt(value: unknown, field: string, now: number): number {
  if (value === undefined || value === null) return now;
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) ms = Date.parse(value);
  else
    throw invalid(
      `Field '${field}' must be an ISO 8601 time or epoch milliseconds, got ${describeValue(value)}.`,
      field,
    );
  if (!Number.isFinite(ms) || ms < 0)
    throw invalid(`Field '${field}' is not a valid time, got ${describeValue(value)}.`, field);
  if (ms > now + NORMALIZE_LIMITS.futureSlackMs) {
    throw invalid(`Field '${field}' is more than a day in the future, got ${describeValue(value)}.`, field);
  }
  return Math.trunc(ms);
}

/** Walks the value without recursion and refuses deep or huge structures before anyone recurses into them. */
function assertBounded(root: unknown, field: string): void {
  const stack: Array<[unknown, number]> = [[root, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > NORMALIZE_LIMITS.maxDepth)
      throw invalid(`Field '${field}' is nested more than ${NORMALIZE_LIMITS.maxDepth} levels deep.`, field);
    const children = Array.isArray(value) ? value : Object.values(value);
    nodes += children.length;
    if (nodes > NORMALIZE_LIMITS.maxNodes)
      throw invalid(`Field '${field}' holds more than ${NORMALIZE_LIMITS.maxNodes} values.`, field);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
}

function catching(fn: () => UpsertOp): UpsertOp | AppError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

function invalid(message: string, field: string): AppError {
  return new AppError('INVALID_INPUT', message, { details: { field } });
}

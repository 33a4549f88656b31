/**
 * Domain schemas shared by every process: OSM objects, data sources, history, filters.
 * Wire shapes keep the original hub protocol's snake_case keys (`osm_id`, `source_id`), so the
 * hub's REST routes return exactly what IPC returns. Times are ISO 8601 UTC strings.
 */
import { z } from 'zod';

export const OBJECT_TYPES = ['node', 'way', 'relation'] as const;
export const objectTypeSchema = z.enum(OBJECT_TYPES);
export type ObjectType = z.infer<typeof objectTypeSchema>;

export const SOURCE_TYPES = [
  'websocket',
  'rest',
  'simulator',
  'file',
  'osmand',
  'cot',
  'nmea',
  'gpsd',
  'aircraft_json',
  'sbs',
  'opensky',
  'overpass',
  'osm_api',
  'osm_replication',
] as const;
export const sourceTypeSchema = z.enum(SOURCE_TYPES);
export type SourceType = z.infer<typeof sourceTypeSchema>;

/** Types whose publishers can push to the hub with the source's token (when the source has no `url` to read). */
export const PUSH_SOURCE_TYPES: readonly SourceType[] = ['websocket', 'rest'];

/**
 * True for a source fed by publishers through the hub with its push token: a `websocket` or `rest`
 * source without a `url` (with one, the app reads the feed itself; docs/connectors.md).
 */
export function isPushSource(source: { type: SourceType; connection_info: Record<string, unknown> }): boolean {
  return PUSH_SOURCE_TYPES.includes(source.type) && source.connection_info['url'] === undefined;
}

/** Limits on tags (ARCHITECTURE §4, issue 2 §5). */
export const TAG_LIMITS = { maxKeys: 1000, maxKeyLength: 255, maxValueLength: 10_000 } as const;

export const tagValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export type TagValue = z.infer<typeof tagValueSchema>;
/** Flat tag map. At runtime tag maps are null-prototype objects. */
export type Tags = Record<string, TagValue>;

/**
 * Hand edits that outlive feed updates, per key: the analyst's `value` (null: removed by hand) and
 * the `feed`'s latest value for that key (null: the feed has none). The object's tags show `value`
 * until the analyst clears the key; feed updates go on changing every other key.
 */
export const tagOverridesSchema = z.record(
  z.string(),
  z.object({ value: tagValueSchema.nullable(), feed: tagValueSchema.nullable() }),
);
export type TagOverrides = z.infer<typeof tagOverridesSchema>;

const position = z.array(z.number()).min(2).max(3);
export const pointSchema = z.object({ type: z.literal('Point'), coordinates: position });
export const multiPointSchema = z.object({ type: z.literal('MultiPoint'), coordinates: z.array(position) });
export const lineStringSchema = z.object({ type: z.literal('LineString'), coordinates: z.array(position) });
export const multiLineStringSchema = z.object({
  type: z.literal('MultiLineString'),
  coordinates: z.array(z.array(position)),
});
export const polygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) });
export const multiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(z.array(position))),
});
const simpleGeometrySchema = z.discriminatedUnion('type', [
  pointSchema,
  multiPointSchema,
  lineStringSchema,
  multiLineStringSchema,
  polygonSchema,
  multiPolygonSchema,
]);
export const geometryCollectionSchema = z.object({
  type: z.literal('GeometryCollection'),
  geometries: z.array(simpleGeometrySchema),
});
/** A stored RFC 7946 geometry (lon/lat). Input may also be a GeoJSON string or WKT; see core/geometry. */
export const geometrySchema = z.union([simpleGeometrySchema, geometryCollectionSchema]);
export type Geometry = z.infer<typeof geometrySchema>;

export const isoTimeSchema = z.string().datetime({ offset: true });

/** One stored object as every transport returns it. */
export const osmObjectSchema = z.object({
  id: z.string(),
  osm_id: z.string(),
  type: objectTypeSchema,
  tags: z.record(z.string(), tagValueSchema),
  geom: geometrySchema,
  source_id: z.string(),
  /** Incomplete geometry kept but flagged (e.g. a way with missing nodes). */
  tainted: z.boolean().optional(),
  /** Keys edited by hand (present only when there are some): their tags hold the analyst's values. */
  overrides: tagOverridesSchema.optional(),
  observed_at: isoTimeSchema,
  created_at: isoTimeSchema,
  updated_at: isoTimeSchema,
});
export type OsmObject = z.infer<typeof osmObjectSchema>;

/** One accepted change of one object. */
export const historyEntrySchema = z.object({
  id: z.string(),
  object_id: z.string(),
  geom: geometrySchema.nullable(),
  tags: z.record(z.string(), tagValueSchema).nullable(),
  observed_at: isoTimeSchema,
  received_at: isoTimeSchema,
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/**
 * One object's positions over time, columnar (an 86,400-point track stays one small document, and
 * is built without an array per position): `times` epoch ms ascending, `lon` and `lat` (degrees)
 * aligned with them; speed (m/s), heading (degrees) and altitude (m) aligned too, null where that
 * observation had none.
 */
export const trackSchema = z.object({
  id: z.string(),
  times: z.array(z.number()),
  lon: z.array(z.number()),
  lat: z.array(z.number()),
  speed: z.array(z.number().nullable()),
  heading: z.array(z.number().nullable()),
  altitude: z.array(z.number().nullable()),
  /** True when the window held more positions than `limit`: the newest `limit` are returned. */
  truncated: z.boolean(),
});
export type Track = z.infer<typeof trackSchema>;

/** The recent path of one object for trails: [epoch ms, lon, lat] oldest first. */
export const trailSchema = z.object({
  id: z.string(),
  points: z.array(z.tuple([z.number(), z.number(), z.number()])),
});
export type Trail = z.infer<typeof trailSchema>;

/** One change of an object's tags (speed, heading and altitude live with the positions). */
export const tagChangeSchema = z.object({
  object_id: z.string(),
  at: isoTimeSchema,
  /** Keys set or changed by this change, with their new values (all keys for the first one). */
  set: z.record(z.string(), tagValueSchema),
  /** Keys this change removed. */
  removed: z.array(z.string()),
  /** Their values before this change, for the keys it changed or removed. */
  previous: z.record(z.string(), tagValueSchema),
  /** Who changed them: the object's source (a feed or file) or a hand edit. */
  origin: z.enum(['source', 'edit']),
});
export type TagChange = z.infer<typeof tagChangeSchema>;

/** A data source as every transport returns it (never with its token or token hash). */
export const dataSourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  type: sourceTypeSchema,
  connection_info: z.record(z.string(), z.unknown()),
  is_active: z.boolean(),
  created_at: isoTimeSchema,
  updated_at: isoTimeSchema,
});
export type DataSource = z.infer<typeof dataSourceSchema>;

export const SOURCE_STATES = [
  'connecting',
  'connected',
  'listening',
  'polling',
  'backoff',
  'error',
  'stopped',
  'idle',
  /** A team database's connector that another instance runs (it holds the lease; see `owner`). */
  'standby',
] as const;
export const sourceStateSchema = z.enum(SOURCE_STATES);

/** Runtime status of a source, kept in memory and pushed as `source.statusChanged`. */
export const sourceStatusSchema = z.object({
  source_id: z.string(),
  state: sourceStateSchema,
  last_message_at: isoTimeSchema.nullable(),
  received: z.number().int(),
  stored: z.number().int(),
  rejected: z.number().int(),
  rate_per_s: z.number(),
  last_error: z.string().nullable(),
  next_retry_at: isoTimeSchema.nullable().optional(),
  /** Publisher connections the hub refused for a quota since launch (absent where the runtime does not track the source). */
  refused_connections: z.number().int().min(0).optional(),
  /** Publishers connected to the hub for this source now (absent where the runtime does not track the source). */
  publishers: z.number().int().min(0).optional(),
  /** Where a listener is bound, e.g. `0.0.0.0:5055` or `0.0.0.0:6969 (UDP)`, while `listening`. */
  listen_address: z.string().nullable().optional(),
  /** A poller's interval in seconds (absent for sources that do not poll). */
  poll_interval_s: z.number().min(0).nullable().optional(),
  /** When a poller last had an answer (a 304 included), or null before the first. */
  last_answer_at: isoTimeSchema.nullable().optional(),
  /** What a poller's last answer held, in its words (`96 elements, data as of 2014-03-13T12:44:02Z`). */
  answer_summary: z.string().max(200).nullable().optional(),
  /** On a team database: the instance (`<host>/<pid>`) holding the connector's lease, '' when nobody does yet. */
  owner: z.string().max(300).optional(),
  /** On a team database: true when this instance runs the connector. */
  owner_is_me: z.boolean().optional(),
});
export type SourceStatus = z.infer<typeof sourceStatusSchema>;

/**
 * Caps on one filter, whatever its form (structured, text syntax or REST query parameters): past
 * them a filter is refused with a sentence naming the limit, before any SQL is built (docs/filter.md).
 */
export const FILTER_LIMITS = {
  /** Tag conditions in one filter, structured and text parts together. */
  maxTagConditions: 256,
  /** Values in one `types`, `kinds` or `source_ids` list. */
  maxListValues: 1000,
  /** Characters in one source id of `source_ids`. */
  maxSourceIdLength: 255,
} as const;

export const TAG_OPS = ['exists', 'missing', '=', '!=', '~', '<', '<=', '>', '>='] as const;
export const tagConditionSchema = z.object({
  key: z.string().min(1).max(TAG_LIMITS.maxKeyLength),
  op: z.enum(TAG_OPS),
  value: z.union([z.string().max(TAG_LIMITS.maxValueLength), z.number()]).optional(),
});
export type TagCondition = z.infer<typeof tagConditionSchema>;

export const bboxSchema = z
  .tuple([
    z.number().min(-180).max(180),
    z.number().min(-90).max(90),
    z.number().min(-180).max(180),
    z.number().min(-90).max(90),
  ])
  .refine(([w, s, e, n]) => w <= e && s <= n, { message: 'bbox must be minLon,minLat,maxLon,maxLat with min <= max' });
export type Bbox = z.infer<typeof bboxSchema>;

/**
 * The one filter (ARCHITECTURE §3 rule 2). All present parts are ANDed. `text` is the compact text
 * syntax; it is parsed and ANDed with the structured parts.
 */
export const objectFilterSchema = z.object({
  types: z.array(objectTypeSchema).max(FILTER_LIMITS.maxListValues).optional(),
  kinds: z.array(z.string().max(TAG_LIMITS.maxValueLength)).max(FILTER_LIMITS.maxListValues).optional(),
  source_ids: z.array(z.string().max(FILTER_LIMITS.maxSourceIdLength)).max(FILTER_LIMITS.maxListValues).optional(),
  tags: z.array(tagConditionSchema).max(FILTER_LIMITS.maxTagConditions).optional(),
  bbox: bboxSchema.optional(),
  /** Free text: case-insensitive substring of the `name` tag or of `osm_id`. */
  q: z.string().max(1000).optional(),
  observed_after: isoTimeSchema.optional(),
  observed_before: isoTimeSchema.optional(),
  /** true: only stale objects; false: only fresh ones (stale = no update for `stale_after_s`). */
  stale: z.boolean().optional(),
  /** The compact text syntax, e.g. `type:node kind=ship speed>10 -stale`. */
  text: z.string().max(4000).optional(),
});
export type ObjectFilter = z.infer<typeof objectFilterSchema>;

export const SORT_FIELDS = [
  'observed_at',
  'updated_at',
  'created_at',
  'osm_id',
  'type',
  'name',
  'kind',
  'speed',
  'altitude',
  'source_id',
] as const;
export const objectSortSchema = z.object({
  field: z.enum(SORT_FIELDS),
  dir: z.enum(['asc', 'desc']).default('desc'),
});
export type ObjectSort = z.infer<typeof objectSortSchema>;

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

/**
 * Connection-info schemas per source type (websocket, rest, simulator, file; the protocol adapters'
 * in sources/), with every default in one
 * place, and the one-sentence refusal naming the field. Shared by main (full check on save) and the renderer.
 */
import { z } from 'zod';
import type { SourceType } from './domain.js';
import { checkJsonBounds, describeJsonBoundsViolation } from './json-bounds.js';
import { describeConnectionInfoError, show } from './connection-info-message.js';
import {
  backoffSchema,
  CONNECTION_INFO_LIMITS,
  headersSchema,
  SIMULATOR_KINDS,
  urlWithScheme,
} from './connection-info-parts.js';
import { osmandInfoSchema, type OsmandConnectionInfo } from './sources/osmand.js';
import { cotInfoSchema, type CotConnectionInfo } from './sources/cot.js';
import { nmeaInfoSchema, type NmeaConnectionInfo } from './sources/nmea.js';
import { gpsdInfoSchema, type GpsdConnectionInfo } from './sources/gpsd.js';
import { aircraftJsonInfoSchema, type AircraftJsonConnectionInfo } from './sources/aircraft-json.js';
import { sbsInfoSchema, type SbsConnectionInfo } from './sources/sbs.js';
import { openskyInfoSchema, type OpenskyConnectionInfo } from './sources/opensky.js';
import { overpassInfoSchema, type OverpassConnectionInfo } from './sources/overpass.js';
import { osmReplicationInfoSchema, type OsmReplicationConnectionInfo } from './sources/osm-replication.js';
import { osmApiInfoSchema, type OsmApiConnectionInfo } from './sources/osm-api.js';

export { describeConnectionInfoError } from './connection-info-message.js';
export {
  backoffSchema,
  CONNECTION_INFO_LIMITS,
  CREDENTIAL_MASK,
  SIMULATOR_KINDS,
  type BackoffSettings,
  type SimulatorKind,
} from './connection-info-parts.js';

const LIMITS = CONNECTION_INFO_LIMITS;

/** A remote WebSocket feed; without `url` the source is fed by publishers through the hub. */
export const websocketInfoSchema = z.strictObject({
  url: urlWithScheme(['ws:', 'wss:'], 'ws:// or wss://').optional(),
  headers: headersSchema.optional(),
  /** Sent once after each connect: a string as is, anything else as JSON. */
  subscribe_message: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  format: z.enum(['native', 'geojson', 'auto']).default('auto'),
  backoff: backoffSchema.default({ initial_ms: 1000, max_ms: 30_000, factor: 2, jitter: 0.2 }),
  /** Seconds between pings; a feed that misses a pong is dropped and reconnected. 0 turns it off. */
  heartbeat_s: z.number().min(0).max(3600).default(30),
});
export type WebsocketConnectionInfo = z.infer<typeof websocketInfoSchema>;

/** Field paths (dotted, e.g. `position.lon`) from one JSON-array item to an object. */
const fieldPath = z.string().min(1).max(LIMITS.maxPathLength);
export const restMappingSchema = z.strictObject({
  /** Path of the array inside the response; the response itself when absent. */
  items: fieldPath.optional(),
  id: fieldPath,
  lon: fieldPath,
  lat: fieldPath,
  /** A path to an object type ('node'|'way'|'relation'); 'node' when absent. */
  type: fieldPath.optional(),
  /** A path to an object used whole as tags, or a map tag key → path. */
  tags: z
    .union([
      fieldPath,
      z
        .record(z.string().max(LIMITS.maxPathLength), fieldPath)
        .refine((t) => Object.keys(t).length <= LIMITS.maxMappedTags, {
          message: `must map at most ${LIMITS.maxMappedTags} tags`,
        }),
    ])
    .optional(),
  /** A path to the observation time (ISO string or epoch ms); receive time when absent. */
  observed_at: fieldPath.optional(),
});
export type RestMapping = z.infer<typeof restMappingSchema>;

/** A polled REST endpoint; without `url` publishers push with POST /api/data-sources/{id}/objects. */
export const restInfoSchema = z
  .strictObject({
    url: urlWithScheme(['http:', 'https:'], 'http:// or https://').optional(),
    interval_s: z.number().positive().max(86_400).default(10),
    timeout_s: z.number().positive().max(600).default(10),
    headers: headersSchema.optional(),
    format: z.enum(['native', 'geojson', 'json-array']).default('native'),
    mapping: restMappingSchema.optional(),
  })
  .refine((r) => r.format !== 'json-array' || r.mapping !== undefined, {
    message: "is required when format is 'json-array'",
    path: ['mapping'],
  });
export type RestConnectionInfo = z.infer<typeof restInfoSchema>;

/** The built-in generator of moving objects. */
export const simulatorInfoSchema = z.strictObject({
  bbox: z
    .tuple([
      z.number().min(-180).max(180),
      z.number().min(-85).max(85),
      z.number().min(-180).max(180),
      z.number().min(-85).max(85),
    ])
    .refine(([w, s, e, n]) => w < e && s < n, {
      message: 'must be [west, south, east, north] with west < east and south < north',
    })
    .default([9.7, 53.4, 10.3, 53.7]),
  count: z.number().int().min(1).max(100_000).default(100),
  /** Object updates per second, over all objects. */
  rate_per_s: z.number().positive().max(100_000).default(20),
  kinds: z
    .array(z.enum(SIMULATOR_KINDS))
    .min(1)
    .max(LIMITS.maxKinds)
    .default([...SIMULATOR_KINDS]),
  seed: z.number().int().optional(),
});
export type SimulatorConnectionInfo = z.infer<typeof simulatorInfoSchema>;

/** A file-backed source (imports); settings belong to the file importer. */
export const fileInfoSchema = z.strictObject({
  path: z.string().min(1).max(LIMITS.maxFilePathLength).optional(),
  format: z.string().min(1).max(LIMITS.maxFileFormatLength).optional(),
});
export type FileConnectionInfo = z.infer<typeof fileInfoSchema>;

/** The schema per source type. */
export const connectionInfoSchemas = {
  websocket: websocketInfoSchema,
  rest: restInfoSchema,
  simulator: simulatorInfoSchema,
  file: fileInfoSchema,
  osmand: osmandInfoSchema,
  cot: cotInfoSchema,
  nmea: nmeaInfoSchema,
  gpsd: gpsdInfoSchema,
  aircraft_json: aircraftJsonInfoSchema,
  sbs: sbsInfoSchema,
  opensky: openskyInfoSchema,
  overpass: overpassInfoSchema,
  osm_api: osmApiInfoSchema,
  osm_replication: osmReplicationInfoSchema,
} as const;

/** The parsed settings (defaults applied) per source type. */
export interface ConnectionInfoByType {
  websocket: WebsocketConnectionInfo;
  rest: RestConnectionInfo;
  simulator: SimulatorConnectionInfo;
  file: FileConnectionInfo;
  osmand: OsmandConnectionInfo;
  cot: CotConnectionInfo;
  nmea: NmeaConnectionInfo;
  gpsd: GpsdConnectionInfo;
  aircraft_json: AircraftJsonConnectionInfo;
  sbs: SbsConnectionInfo;
  opensky: OpenskyConnectionInfo;
  overpass: OverpassConnectionInfo;
  osm_api: OsmApiConnectionInfo;
  osm_replication: OsmReplicationConnectionInfo;
}

/** The result of checking connection info: the value with defaults, or one sentence naming the field. */
export type ConnectionInfoCheck<T extends SourceType = SourceType> =
  { ok: true; value: ConnectionInfoByType[T] } | { ok: false; message: string; field: string };

/**
 * Checks connection info against its type's schema without throwing (absent info counts as `{}`):
 * first depth and size, then the schema. On refusal
 * `message` is one sentence naming the field and the bad value or the limit, and `field` its dotted name.
 */
export function checkConnectionInfoValue<T extends SourceType>(type: T, info: unknown): ConnectionInfoCheck<T> {
  const schema: z.ZodType | undefined = Object.prototype.hasOwnProperty.call(connectionInfoSchemas, type)
    ? connectionInfoSchemas[type]
    : undefined;
  if (!schema) {
    return {
      ok: false,
      message: `Field 'type' must be one of ${Object.keys(connectionInfoSchemas)
        .map((t) => show(t))
        .join(', ')}, got ${show(type)}.`,
      field: 'type',
    };
  }
  const bounds = checkJsonBounds(info ?? {}, LIMITS);
  if (bounds !== undefined) return { ok: false, ...describeJsonBoundsViolation(bounds, 'connection_info') };
  const result = schema.safeParse(info ?? {});
  if (result.success) return { ok: true, value: result.data as ConnectionInfoByType[T] };
  return { ok: false, ...describeConnectionInfoError(result.error, info) };
}

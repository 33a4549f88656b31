/**
 * Connection-info schemas per source type (websocket, rest, simulator, file), with every default in one
 * place, and the one-sentence refusal naming the field. Shared by main (full check on save) and the renderer.
 */
import { z } from 'zod';
import type { SourceType } from './domain.js';

/** Object kinds the simulator can move. */
export const SIMULATOR_KINDS = ['ship', 'car', 'aircraft', 'drone'] as const;
export type SimulatorKind = (typeof SIMULATOR_KINDS)[number];

const headerValue = z.string().refine((v) => !/[\r\n]/.test(v), { message: 'must not contain line breaks' });
const headersSchema = z.record(
  z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { message: 'must be a valid HTTP header name' }),
  headerValue,
);

const urlWithScheme = (schemes: string[], label: string) =>
  z.string().refine(
    (v) => {
      try {
        const url = new URL(v);
        return schemes.includes(url.protocol) && url.host !== '';
      } catch {
        return false;
      }
    },
    { message: `must use ${label}` },
  );

/** Reconnect timing: delay = min(max_ms, initial_ms * factor^attempt), then ± jitter (fraction). */
export const backoffSchema = z
  .strictObject({
    initial_ms: z.number().int().min(10).max(3_600_000).default(1000),
    max_ms: z.number().int().min(10).max(3_600_000).default(30_000),
    factor: z.number().min(1).max(10).default(2),
    jitter: z.number().min(0).max(1).default(0.2),
  })
  .refine((b) => b.max_ms >= b.initial_ms, { message: 'must be at least initial_ms', path: ['max_ms'] });
export type BackoffSettings = z.infer<typeof backoffSchema>;

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
export const restMappingSchema = z.strictObject({
  /** Path of the array inside the response; the response itself when absent. */
  items: z.string().min(1).optional(),
  id: z.string().min(1),
  lon: z.string().min(1),
  lat: z.string().min(1),
  /** A path to an object type ('node'|'way'|'relation'); 'node' when absent. */
  type: z.string().min(1).optional(),
  /** A path to an object used whole as tags, or a map tag key → path. */
  tags: z.union([z.string().min(1), z.record(z.string(), z.string().min(1))]).optional(),
  /** A path to the observation time (ISO string or epoch ms); receive time when absent. */
  observed_at: z.string().min(1).optional(),
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
    .default([...SIMULATOR_KINDS]),
  seed: z.number().int().optional(),
});
export type SimulatorConnectionInfo = z.infer<typeof simulatorInfoSchema>;

/** A file-backed source (imports); settings belong to the file importer. */
export const fileInfoSchema = z.strictObject({
  path: z.string().min(1).optional(),
  format: z.string().min(1).optional(),
});
export type FileConnectionInfo = z.infer<typeof fileInfoSchema>;

/** The schema per source type. */
export const connectionInfoSchemas = {
  websocket: websocketInfoSchema,
  rest: restInfoSchema,
  simulator: simulatorInfoSchema,
  file: fileInfoSchema,
} as const;

/** The parsed settings (defaults applied) per source type. */
export interface ConnectionInfoByType {
  websocket: WebsocketConnectionInfo;
  rest: RestConnectionInfo;
  simulator: SimulatorConnectionInfo;
  file: FileConnectionInfo;
}

/** The result of checking connection info: the value with defaults, or one sentence naming the field. */
export type ConnectionInfoCheck<T extends SourceType = SourceType> =
  { ok: true; value: ConnectionInfoByType[T] } | { ok: false; message: string; field: string };

/**
 * Checks connection info against its type's schema without throwing (absent info counts as `{}`).
 * On refusal `message` is one sentence naming the field and the bad value, and `field` its dotted name.
 */
export function checkConnectionInfoValue<T extends SourceType>(type: T, info: unknown): ConnectionInfoCheck<T> {
  const schema: z.ZodType | undefined = connectionInfoSchemas[type];
  if (!schema) {
    return {
      ok: false,
      message: `Field 'type' must be one of ${Object.keys(connectionInfoSchemas)
        .map((t) => show(t))
        .join(', ')}, got ${show(type)}.`,
      field: 'type',
    };
  }
  const result = schema.safeParse(info ?? {});
  if (result.success) return { ok: true, value: result.data as ConnectionInfoByType[T] };
  return { ok: false, ...describeConnectionInfoError(result.error, info) };
}

/**
 * Turns a zod error from a connection-info schema into one sentence naming the field
 * (e.g. "Field 'connection_info.url' must use ws:// or wss://, got 'http://x'.") and that field's dotted name.
 */
export function describeConnectionInfoError(error: z.ZodError, input: unknown): { message: string; field: string } {
  const issue = error.issues[0];
  if (!issue) return { message: "Field 'connection_info' is invalid.", field: 'connection_info' };
  return { message: describeIssue(issue, input), field: fieldName(issue.path) };
}

function fieldName(path: readonly PropertyKey[]): string {
  return ['connection_info', ...path.map(String)].join('.');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) {
      return { found: false, value: undefined };
    }
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: cur };
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 80 ? `${value.slice(0, 77)}...` : value}'`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    return `Field '${fieldName([...issue.path, key])}' is not a known setting.`;
  }
  const field = fieldName(issue.path);
  if (issue.code === 'invalid_key') {
    return `Field '${field}' has an invalid name (${issue.issues[0]?.message ?? 'not allowed'}).`;
  }
  const { found, value } = valueAt(input ?? {}, issue.path);
  if (!found || value === undefined) {
    const why = issue.code === 'custom' ? issue.message : 'is required';
    return `Field '${field}' ${why}.`;
  }
  return `Field '${field}' ${requirement(issue)}, got ${show(value)}.`;
}

function requirement(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'must be an integer';
      return `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return `must have at least ${String(issue.minimum)} character(s)`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${String(issue.maximum)} item(s)`;
      if (issue.origin === 'string') return `must have at most ${String(issue.maximum)} character(s)`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => show(v)).join(', ')}`;
    case 'invalid_union':
      return 'has an unsupported shape';
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'custom':
      return issue.message;
    default:
      return 'is invalid';
  }
}

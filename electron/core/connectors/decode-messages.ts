/**
 * Turns a parsed feed message into IngestOps, object by object, so one bad object in a remote
 * batch costs that object only. Objects are decoded by the shared normalizer (the hub uses it too),
 * so feeds and publishers accept exactly the same formats.
 */
import type { IngestOp } from '../ingest/types.js';
import { featureToOps, normalizePublisherObject } from '../ingest/normalize.js';

export type FeedFormat = 'native' | 'geojson' | 'auto';

export interface DecodeMessageOptions {
  format: FeedFormat;
  sourceId: string;
  /** Epoch ms used as the observation time when an object carries none. */
  now: number;
}

export interface DecodedMessage {
  ops: IngestOp[];
  /** One sentence per refused object (or for the whole message). */
  errors: string[];
}

/** Most objects read from one message. */
export const MAX_OBJECTS_PER_MESSAGE = 100_000;

/**
 * Decodes a native object, a native batch `{type:"objects", objects}`, an array of native objects,
 * a GeoJSON Feature or FeatureCollection. `ping` and `ack` frames decode to nothing.
 */
export function decodeMessage(value: unknown, options: DecodeMessageOptions): DecodedMessage {
  const split = splitMessage(value);
  if (split.kind === 'none') return { ops: [], errors: [] };
  if (split.kind === 'invalid') return { ops: [], errors: [split.error] };
  if (options.format !== 'auto' && options.format !== split.kind) {
    const got = split.kind === 'geojson' ? 'GeoJSON' : 'a native object message';
    return { ops: [], errors: [`Message is ${got}, but the source's format is '${options.format}'.`] };
  }
  if (split.items.length > MAX_OBJECTS_PER_MESSAGE) {
    return {
      ops: [],
      errors: [`Message holds ${split.items.length} objects, more than the limit of ${MAX_OBJECTS_PER_MESSAGE}.`],
    };
  }
  return split.kind === 'geojson' ? decodeGeojson(value, options) : decodeItems(split.items, split.field, options);
}

/** Decodes native objects one by one (used for mapped REST answers). */
export function decodeNativeObjects(items: unknown[], options: Omit<DecodeMessageOptions, 'format'>): DecodedMessage {
  return decodeItems(items, 'objects', { ...options, format: 'native' });
}

type Split =
  | { kind: 'none' }
  | { kind: 'invalid'; error: string }
  | { kind: 'native' | 'geojson'; items: unknown[]; field: string | undefined };

function splitMessage(value: unknown): Split {
  if (Array.isArray(value)) return { kind: 'native', items: value, field: 'objects' };
  if (value === null || typeof value !== 'object') {
    return {
      kind: 'invalid',
      error: `Message must be a JSON object or array, got ${JSON.stringify(value)?.slice(0, 40)}.`,
    };
  }
  const obj = value as Record<string, unknown>;
  switch (obj['type']) {
    case 'ping':
    case 'pong':
    case 'ack':
      return { kind: 'none' };
    case 'objects':
      return Array.isArray(obj['objects'])
        ? { kind: 'native', items: obj['objects'], field: 'objects' }
        : { kind: 'invalid', error: "Field 'objects' of a batch message must be an array." };
    case 'FeatureCollection':
      return Array.isArray(obj['features'])
        ? { kind: 'geojson', items: obj['features'], field: 'features' }
        : { kind: 'invalid', error: "Field 'features' of a FeatureCollection must be an array." };
    case 'Feature':
      return { kind: 'geojson', items: [obj], field: undefined };
    default:
      return { kind: 'native', items: [obj], field: undefined };
  }
}

function decodeItems(items: unknown[], field: string | undefined, options: DecodeMessageOptions): DecodedMessage {
  const ops: IngestOp[] = [];
  const errors: string[] = [];
  items.forEach((item, index) => {
    try {
      ops.push(normalizePublisherObject(item, options.sourceId, options.now));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      errors.push(field === undefined ? message : `In ${field}[${index}]: ${message}`);
    }
  });
  return { ops, errors };
}

function decodeGeojson(value: unknown, options: DecodeMessageOptions): DecodedMessage {
  const ops: IngestOp[] = [];
  const errors: string[] = [];
  for (const result of featureToOps(value, options.sourceId, options.now)) {
    if (result instanceof Error) errors.push(result.message);
    else ops.push(result);
  }
  return { ops, errors };
}

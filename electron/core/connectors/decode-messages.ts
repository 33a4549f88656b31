/**
 * Turns a parsed feed message into IngestOps with the feeds' policy: one bad object in a remote
 * batch costs that object only. The shapes are read by the one message reader the hub uses too
 * (ingest/publisher-message.ts), so feeds and publishers accept exactly the same formats.
 */
import { AppError } from '../../contract/errors.js';
import { readPublisherMessage, type MessageFormat } from '../ingest/publisher-message.js';
import type { IngestOp } from '../ingest/types.js';

export type FeedFormat = MessageFormat;

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

/** A feed's control frames (keep-alives and acknowledgements) decode to nothing. */
const FEED_CONTROLS: ReadonlySet<string> = new Set(['ping', 'pong', 'ack']);

/**
 * Decodes a native object, a native batch `{type:"objects", objects}`, an array of native objects,
 * a GeoJSON Feature or FeatureCollection. `ping`, `pong` and `ack` frames decode to nothing.
 */
export function decodeMessage(value: unknown, options: DecodeMessageOptions): DecodedMessage {
  return decode(value, options, MAX_OBJECTS_PER_MESSAGE);
}

/** Decodes native objects one by one (mapped REST answers, the simulator); no count limit. */
export function decodeNativeObjects(items: unknown[], options: Omit<DecodeMessageOptions, 'format'>): DecodedMessage {
  return decode(items, { ...options, format: 'native' }, Infinity);
}

function decode(value: unknown, options: DecodeMessageOptions, maxObjects: number): DecodedMessage {
  try {
    const read = readPublisherMessage(value, { ...options, maxObjects, controls: FEED_CONTROLS, refuse: 'object' });
    if (read.kind === 'control') return { ops: [], errors: [] };
    return { ops: read.ops, errors: read.errors.map((e) => e.message) };
  } catch (err) {
    if (err instanceof AppError) return { ops: [], errors: [err.message] };
    throw err;
  }
}

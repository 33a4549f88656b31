/**
 * Decodes one publisher frame into IngestOps: a single object `{osm_id,type,tags,geom}`, a batch
 * `{type:"objects",seq,objects}`, a GeoJSON Feature or FeatureCollection. Every refusal is an
 * AppError whose message names the field and the bad value.
 */
import { AppError } from '../../contract/errors.js';
import { featureToOps, normalizePublisherObject } from '../ingest/normalize.js';
import type { IngestOp } from '../ingest/types.js';
import { isUtf8 } from './http-io.js';

/** Deepest nesting accepted in a message (tags are flat; geometry needs at most 5 levels). */
export const MAX_DEPTH = 32;

export type PublisherMessage =
  | { kind: 'ping'; seq?: Seq }
  | { kind: 'single'; seq?: Seq; ops: IngestOp[] }
  | { kind: 'batch'; seq?: Seq; ops: IngestOp[] };
export type Seq = number | string;

/** An AppError that also carries the message's `seq` when one could be read. */
export class PublisherMessageError extends AppError {
  readonly seq: Seq | undefined;
  constructor(err: AppError, seq: Seq | undefined) {
    super(err.code, err.message, { details: err.details });
    this.seq = seq;
  }
}

export interface DecodeOptions {
  sourceId: string;
  maxBatchObjects: number;
  now?: number;
}

/** Decodes a frame's bytes; throws PublisherMessageError on any bad input. */
export function decodePublisherFrame(data: Buffer, opts: DecodeOptions): PublisherMessage {
  if (!isUtf8(data))
    throw new PublisherMessageError(new AppError('INVALID_INPUT', 'Message is not valid UTF-8.'), undefined);
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch (err) {
    throw new PublisherMessageError(
      new AppError('INVALID_INPUT', `Message is not valid JSON: ${(err as Error).message.slice(0, 200)}`),
      undefined,
    );
  }
  return decodePublisherValue(value, opts);
}

/** Decodes an already parsed message (the REST push route uses this too). */
export function decodePublisherValue(value: unknown, opts: DecodeOptions): PublisherMessage {
  const seq = readSeq(value);
  try {
    checkDepth(value);
    if (!isPlainObject(value)) {
      if (Array.isArray(value)) return { kind: 'batch', seq, ops: toOps(value, 'objects', opts) };
      throw new AppError('INVALID_INPUT', `Message must be a JSON object, got ${describe(value)}.`);
    }
    switch (value['type']) {
      case 'ping':
        return { kind: 'ping', seq };
      case 'objects': {
        const objects = value['objects'];
        if (!Array.isArray(objects))
          throw new AppError('INVALID_INPUT', `Field 'objects' must be an array, got ${describe(objects)}.`);
        return { kind: 'batch', seq, ops: toOps(objects, 'objects', opts) };
      }
      case 'Feature':
        return { kind: 'single', seq, ops: geojsonOps(value, opts) };
      case 'FeatureCollection': {
        const features = value['features'];
        if (Array.isArray(features) && features.length > opts.maxBatchObjects) {
          throw new AppError(
            'INVALID_INPUT',
            `Field 'features' holds ${features.length} objects, more than the limit of ${opts.maxBatchObjects}.`,
          );
        }
        if (Array.isArray(features) && features.length === 0) {
          throw new AppError('INVALID_INPUT', "Field 'features' must hold at least one feature, got an empty array.");
        }
        return { kind: 'batch', seq, ops: geojsonOps(value, opts) };
      }
      default:
        return { kind: 'single', seq, ops: [toOp(value, 'object', opts)] };
    }
  } catch (err) {
    if (err instanceof PublisherMessageError) throw err;
    if (err instanceof AppError) throw new PublisherMessageError(err, seq);
    throw new PublisherMessageError(
      new AppError(
        'INVALID_INPUT',
        `Message could not be read: ${String((err as Error)?.message ?? err).slice(0, 200)}`,
      ),
      seq,
    );
  }
}

function toOps(items: unknown[], field: string, opts: DecodeOptions): IngestOp[] {
  if (items.length === 0)
    throw new AppError('INVALID_INPUT', `Field '${field}' must hold at least one object, got an empty array.`);
  if (items.length > opts.maxBatchObjects) {
    throw new AppError(
      'INVALID_INPUT',
      `Field '${field}' holds ${items.length} objects, more than the limit of ${opts.maxBatchObjects}.`,
    );
  }
  return items.map((item, i) => toOp(item, `${field}[${i}]`, opts));
}

function toOp(raw: unknown, path: string, opts: DecodeOptions): IngestOp {
  try {
    return normalizePublisherObject(raw, opts.sourceId, opts.now ?? Date.now());
  } catch (err) {
    if (err instanceof AppError)
      throw new AppError(err.code, path === 'object' ? err.message : `In ${path}: ${err.message}`, {
        details: err.details,
      });
    throw err;
  }
}

/** A Feature or FeatureCollection; the whole message is refused when any feature is (nothing half-stored). */
function geojsonOps(value: unknown, opts: DecodeOptions): IngestOp[] {
  const results = featureToOps(value, opts.sourceId, opts.now ?? Date.now());
  const bad = results.find((r): r is AppError => r instanceof AppError);
  if (bad) throw bad;
  return results as IngestOp[];
}

function readSeq(value: unknown): Seq | undefined {
  if (!isPlainObject(value)) return undefined;
  const s = value['seq'];
  if (typeof s === 'number' && Number.isSafeInteger(s)) return s;
  if (typeof s === 'string' && s.length <= 100) return s;
  return undefined;
}

/** Iterative depth check, so deep nesting never reaches a recursive validator. */
function checkDepth(value: unknown): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d >= MAX_DEPTH) throw new AppError('INVALID_INPUT', `Message nests deeper than ${MAX_DEPTH} levels.`);
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string '${v.slice(0, 40)}${v.length > 40 ? '…' : ''}'`;
  if (typeof v === 'object') return 'an object';
  if (v === undefined) return 'nothing';
  return `${typeof v} ${String(v)}`;
}

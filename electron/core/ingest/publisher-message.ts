/**
 * The one reader of publisher message shapes, shared by the hub (publisher frames, REST pushes) and
 * the feed connectors: a native object, a batch `{type:"objects",objects}` or a bare array of them,
 * a GeoJSON Feature or FeatureCollection, and control frames. Callers choose the refusal policy.
 */
import { AppError } from '../../contract/errors.js';
import { featureToOps, normalizePublisherObject, type UpsertOp } from './normalize.js';

/** The shapes a sender may use: native objects, GeoJSON, or either. */
export type MessageFormat = 'native' | 'geojson' | 'auto';

export interface ReadMessageOptions {
  /** The authenticated source the objects belong to (never a field of the message). */
  sourceId: string;
  /** Epoch ms used as the observation time when an object carries none. */
  now: number;
  /** Most objects in one batch, array or FeatureCollection. */
  maxObjects: number;
  /** `type` values read as control frames (e.g. `ping`) rather than as objects. */
  controls: ReadonlySet<string>;
  /** The shapes this sender may use (a feed's setting); default 'auto'. */
  format?: MessageFormat;
  /**
   * 'message' (the hub): the first bad object refuses the whole message, and so does an empty batch.
   * 'object' (feeds): a bad object costs only itself, reported in `errors`; an empty batch is nothing.
   */
  refuse: 'message' | 'object';
}

/** A read message: a control frame, or upsert ops (`single` for one object or Feature). */
export type ReadMessage =
  { kind: 'control'; type: string } | { kind: 'single' | 'batch'; ops: UpsertOp[]; errors: AppError[] };

type Shape =
  | { kind: 'control'; type: string }
  | { kind: 'objects'; format: 'native' | 'geojson'; items: unknown[]; field: 'objects' | 'features' | undefined };

/** Reads one parsed message; throws AppError('INVALID_INPUT') when the message is refused as a whole. */
export function readPublisherMessage(value: unknown, o: ReadMessageOptions): ReadMessage {
  const shape = shapeOf(value, o.controls);
  if (shape.kind === 'control') return shape;
  if (o.format !== undefined && o.format !== 'auto' && o.format !== shape.format) {
    const got = shape.format === 'geojson' ? 'GeoJSON' : 'a native object message';
    throw invalid(`Message is ${got}, but the source's format is '${o.format}'.`);
  }
  if (shape.field) checkCount(shape.items.length, shape.field, o);
  const kind = shape.field ? 'batch' : 'single';
  const ops: UpsertOp[] = [];
  const errors: AppError[] = [];
  if (shape.format === 'geojson') {
    for (const r of featureToOps(value, o.sourceId, o.now)) {
      if (!(r instanceof AppError)) ops.push(r);
      else if (o.refuse === 'message') throw r;
      else errors.push(r);
    }
    return { kind, ops, errors };
  }
  shape.items.forEach((item, i) => {
    try {
      ops.push(normalizePublisherObject(item, o.sourceId, o.now));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const e = shape.field
        ? new AppError(err.code, `In ${shape.field}[${i}]: ${err.message}`, { details: err.details })
        : err;
      if (o.refuse === 'message') throw e;
      errors.push(e);
    }
  });
  return { kind, ops, errors };
}

function shapeOf(value: unknown, controls: ReadonlySet<string>): Shape {
  if (Array.isArray(value)) return { kind: 'objects', format: 'native', items: value, field: 'objects' };
  if (value === null || typeof value !== 'object') {
    throw invalid(`Message must be a JSON object or array, got ${JSON.stringify(value)?.slice(0, 40)}.`);
  }
  const obj = value as Record<string, unknown>;
  const type = obj['type'];
  if (typeof type === 'string' && controls.has(type)) return { kind: 'control', type };
  switch (type) {
    case 'objects': {
      const objects = obj['objects'];
      if (!Array.isArray(objects)) throw invalid("Field 'objects' of a batch message must be an array.");
      return { kind: 'objects', format: 'native', items: objects, field: 'objects' };
    }
    case 'FeatureCollection': {
      const features = obj['features'];
      if (!Array.isArray(features)) throw invalid("Field 'features' of a FeatureCollection must be an array.");
      return { kind: 'objects', format: 'geojson', items: features, field: 'features' };
    }
    case 'Feature':
      return { kind: 'objects', format: 'geojson', items: [obj], field: undefined };
    default:
      return { kind: 'objects', format: 'native', items: [obj], field: undefined };
  }
}

function checkCount(n: number, field: 'objects' | 'features', o: ReadMessageOptions): void {
  if (n === 0 && o.refuse === 'message') {
    const what = field === 'features' ? 'feature' : 'object';
    throw invalid(`Field '${field}' must hold at least one ${what}, got an empty array.`);
  }
  if (n > o.maxObjects) throw invalid(`Field '${field}' holds ${n} objects, more than the limit of ${o.maxObjects}.`);
}

function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', message);
}

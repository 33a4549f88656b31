/**
 * Decodes one publisher frame (UTF-8, JSON, nesting depth) into IngestOps through the one message
 * reader (ingest/publisher-message.ts). Every refusal is a PublisherMessageError carrying the
 * message's `seq`, so the hub answers the whole frame with one error.
 */
import { AppError } from '../../contract/errors.js';
import { readPublisherMessage } from '../ingest/publisher-message.js';
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

/** The only control frame a publisher sends; `pong` and `ack` are the hub's words, refused as objects. */
const PUBLISHER_CONTROLS: ReadonlySet<string> = new Set(['ping']);

/**
 * Decodes an already parsed message (the REST push route uses this too) with the hub's policy: the
 * first bad object, or an empty batch, refuses the whole message (nothing half-stored).
 */
export function decodePublisherValue(value: unknown, opts: DecodeOptions): PublisherMessage {
  const seq = readSeq(value);
  try {
    checkDepth(value);
    const read = readPublisherMessage(value, {
      sourceId: opts.sourceId,
      now: opts.now ?? Date.now(),
      maxObjects: opts.maxBatchObjects,
      controls: PUBLISHER_CONTROLS,
      refuse: 'message',
    });
    return read.kind === 'control' ? { kind: 'ping', seq } : { kind: read.kind, seq, ops: read.ops };
  } catch (err) {
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

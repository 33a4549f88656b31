/**
 * The replay fields of a subscriber's `subscribe` message (docs/protocol.md): `at` (a still picture
 * of one moment) or `from` + optional `to` and `speed` (a replay stream), checked into epoch ms.
 */
import { AppError } from '../../contract/errors.js';
import { isoTimeSchema } from '../../contract/domain.js';
import { describeValue } from '../geometry.js';

/** Replay speeds accepted (replay seconds per wall-clock second). */
export const REPLAY_SPEED = { min: 0.1, max: 1000, default: 1 } as const;
/** `snapshot_limit` as live subscriptions take it (contract `live.subscribe`). */
const SNAPSHOT_LIMIT = { max: 1_000_000, default: 100_000 } as const;

/** A checked replay request; `to` is undefined for a still picture (`at`). */
export interface ReplayRequest {
  /** The first moment shown (the snapshot's), epoch ms. */
  from: number;
  /** The last moment shown, epoch ms; undefined: a still picture of `from`. */
  to?: number;
  speed: number;
  /** Most objects in the snapshot (newest first) and in one slice. */
  snapshotLimit: number;
}

const REPLAY_FIELDS = ['at', 'from', 'to', 'speed'] as const;

/**
 * The replay asked for in `msg`, or undefined for a live subscription (none of `at`, `from`, `to`,
 * `speed`). `now` is the default `to`. Throws AppError INVALID_INPUT naming the field and value.
 */
export function parseReplayRequest(msg: Record<string, unknown>, now: number): ReplayRequest | undefined {
  if (REPLAY_FIELDS.every((k) => msg[k] === undefined)) return undefined;
  if (msg['at'] !== undefined) {
    const extra = REPLAY_FIELDS.find((k) => k !== 'at' && msg[k] !== undefined);
    if (extra)
      throw invalid(
        `Field '${extra}' cannot be combined with 'at' (a still picture), got ${describeValue(msg[extra])}.`,
      );
    return { from: time(msg, 'at'), speed: REPLAY_SPEED.default, snapshotLimit: limitOf(msg) };
  }
  if (msg['from'] === undefined) {
    const lone = msg['to'] !== undefined ? 'to' : 'speed';
    throw invalid(`Field '${lone}' needs 'from' (the replay's start), got ${describeValue(msg[lone])} without it.`);
  }
  const from = time(msg, 'from');
  const to = msg['to'] === undefined ? now : time(msg, 'to');
  if (from >= to) {
    const toText =
      msg['to'] === undefined ? `now (${new Date(now).toISOString()})` : `'to' ${describeValue(msg['to'])}`;
    throw invalid(`Field 'from' must be before ${toText}, got ${describeValue(msg['from'])}.`);
  }
  return { from, to, speed: speedOf(msg['speed']), snapshotLimit: limitOf(msg) };
}

function time(msg: Record<string, unknown>, field: 'at' | 'from' | 'to'): number {
  const value = msg[field];
  if (!isoTimeSchema.safeParse(value).success) {
    throw invalid(
      `Field '${field}' must be an ISO 8601 time with a zone (e.g. 2026-03-10T08:00:00Z), got ${describeValue(value)}.`,
    );
  }
  return Date.parse(value as string);
}

function speedOf(value: unknown): number {
  if (value === undefined) return REPLAY_SPEED.default;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < REPLAY_SPEED.min || value > REPLAY_SPEED.max) {
    throw invalid(
      `Field 'speed' must be a number from ${REPLAY_SPEED.min} to ${REPLAY_SPEED.max}, got ${describeValue(value)}.`,
    );
  }
  return value;
}

function limitOf(msg: Record<string, unknown>): number {
  const value = msg['snapshot_limit'];
  if (value === undefined) return SNAPSHOT_LIMIT.default;
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > SNAPSHOT_LIMIT.max) {
    throw invalid(
      `Field 'snapshot_limit' must be an integer from 0 to ${SNAPSHOT_LIMIT.max}, got ${describeValue(value)}.`,
    );
  }
  return value as number;
}

const invalid = (message: string): AppError => new AppError('INVALID_INPUT', message);

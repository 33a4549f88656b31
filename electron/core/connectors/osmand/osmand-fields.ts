/**
 * What the OsmAnd decoders (query string and Traccar Client JSON) share: the decode options and
 * result, the device check (id length, allow-list), timestamps, typed values and the one upsert.
 */
import type { Tags } from '../../../contract/domain.js';
import { AppError } from '../../../contract/errors.js';
import { NORMALIZE_LIMITS, type UpsertOp } from '../../ingest/normalize.js';
import { normalizeTags } from '../../tags.js';
import { parseOsmandTime, TIMESTAMP_FORMS } from './osmand-time.js';

export interface OsmandDecodeOptions {
  sourceId: string;
  /** Epoch ms of arrival: the observation time of a request that carries none. */
  now: number;
  /** When set, only these device ids are accepted (others answer 403). */
  allowDevices?: ReadonlySet<string>;
}

/** Accepted (`ops` may be empty: a report with no position stores nothing, `note` says so) or refused. */
export type OsmandDecoded =
  { ok: true; deviceId: string; ops: UpsertOp[]; note?: string } | { ok: false; status: 400 | 403; reason: string };

export type TagMap = Record<string, string | number | boolean>;

/** Knots → m/s (the international knot is 1,852 m per hour). */
export const KNOT_MS = 1852 / 3600;
/** Longest device id accepted (the allow-list's limit). */
const MAX_DEVICE_ID = 128;

/** A fresh tag map for a device report (null prototype: keys come from the request). */
export function personTags(): TagMap {
  const tags = Object.create(null) as Tags;
  tags['kind'] = 'person';
  return tags;
}

/** Checks a device id's length and the allow-list; returns the refusal or undefined. */
export function refuseDevice(id: string, options: OsmandDecodeOptions): OsmandDecoded | undefined {
  if (id.length > MAX_DEVICE_ID) {
    return {
      ok: false,
      status: 400,
      reason: `Device id must be at most ${MAX_DEVICE_ID} characters, got '${clip(id)}'.`,
    };
  }
  if (options.allowDevices && !options.allowDevices.has(id)) {
    return { ok: false, status: 403, reason: `Device '${id}' is not in this source's allow_devices.` };
  }
  return undefined;
}

/**
 * The accepted answer for a device: one upsert at lat/lon, or none when the report has no position
 * (no lat/lon, or exactly 0,0, which phones send before their first fix; Traccar skips it too).
 */
export function withPosition(
  deviceId: string,
  lat: number | undefined,
  lon: number | undefined,
  tags: TagMap,
  observedAt: number,
  options: OsmandDecodeOptions,
): OsmandDecoded {
  if (lat === undefined || lon === undefined || (lat === 0 && lon === 0)) {
    return { ok: true, deviceId, ops: [], note: `Report from device '${deviceId}' has no position; nothing stored.` };
  }
  if (lat < -90 || lat > 90) throw invalid(`Latitude must be between -90 and 90, got ${lat}.`);
  if (lon < -180 || lon > 180) throw invalid(`Longitude must be between -180 and 180, got ${lon}.`);
  const op: UpsertOp = {
    op: 'upsert',
    sourceId: options.sourceId,
    type: 'node',
    osmId: deviceId,
    tags: normalizeTags(tags, 'tags'),
    geom: { type: 'Point', coordinates: [lon, lat] },
    observedAt,
  };
  return { ok: true, deviceId, ops: [op] };
}

/** Epoch ms of a timestamp; refuses other forms and times more than a day ahead of `now`. */
export function readTime(value: string | number, what: string, now: number): number {
  const t = parseOsmandTime(value);
  if (t === undefined) throw invalid(`The ${what} must be ${TIMESTAMP_FORMS}, got '${clip(String(value))}'.`);
  if (t > now + NORMALIZE_LIMITS.futureSlackMs) {
    throw invalid(`The ${what} '${clip(String(value))}' is more than a day in the future.`);
  }
  return t;
}

/** A value typed as Traccar types unknown keys: number when numeric, boolean for true/false, else text. */
export function typedValue(value: string): string | number | boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  const n = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value) ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : value;
}

/** Negative speeds, headings and accuracies mean "not available" in these clients. */
export function nonNegative(n: number | undefined): number | undefined {
  return n === undefined || n < 0 ? undefined : n;
}

/** Sets `tags[key]` to `n × scale` when `n` is defined. */
export function setIf(tags: TagMap, key: string, n: number | undefined, scale = 1): void {
  if (n !== undefined) tags[key] = n * scale;
}

export function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', message);
}

export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

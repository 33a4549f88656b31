/**
 * The JSON body of the current Traccar Client (transistorsoft's background-geolocation record):
 * `{"device_id", "location": {"timestamp", "coords": {…}, "battery", "activity", "extras", …}}`,
 * `location` one record or a list of them; speeds in m/s, negative values meaning "not available".
 */
import type { UpsertOp } from '../../ingest/normalize.js';
import {
  invalid,
  nonNegative,
  personTags,
  readTime,
  refuseDevice,
  setIf,
  withPosition,
  type OsmandDecodeOptions,
  type OsmandDecoded,
  type TagMap,
} from './osmand-fields.js';

type Json = Record<string, unknown>;

/** Records in one body (a client's offline backlog arrives as a list). */
const MAX_RECORDS = 1000;

/** Decodes a Traccar Client JSON body; throws AppError('INVALID_INPUT') with one sentence. */
export function decodeTraccarJson(text: string, options: OsmandDecodeOptions): OsmandDecoded {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    throw invalid(`The request body is not valid JSON: '${text.slice(0, 60)}'.`);
  }
  if (!isObject(root)) throw invalid('The JSON body must be an object with device_id and location.');
  const rawId = root['device_id'];
  const deviceId = typeof rawId === 'number' || typeof rawId === 'string' ? String(rawId).trim() : '';
  if (deviceId === '') return { ok: false, status: 400, reason: "The request has no device id (field 'device_id')." };
  const refused = refuseDevice(deviceId, options);
  if (refused) return refused;

  const records = Array.isArray(root['location']) ? root['location'] : [root['location']];
  if (records.length > MAX_RECORDS) {
    throw invalid(`Field 'location' must hold at most ${MAX_RECORDS} records, got ${records.length}.`);
  }
  const ops: UpsertOp[] = [];
  let note: string | undefined;
  for (const record of records) {
    if (!isObject(record)) throw invalid("Field 'location' must be an object (or a list of objects).");
    const one = decodeRecord(deviceId, record, options);
    if (one.ok) {
      ops.push(...one.ops);
      note ??= one.note;
    }
  }
  return { ok: true, deviceId, ops, ...(ops.length === 0 && note ? { note } : {}) };
}

function decodeRecord(deviceId: string, location: Json, options: OsmandDecodeOptions): OsmandDecoded {
  const coords = isObject(location['coords']) ? location['coords'] : {};
  const tags = personTags();
  setIf(tags, 'speed', nonNegative(num(coords, 'coords.speed')));
  setIf(tags, 'heading', nonNegative(num(coords, 'coords.heading')));
  setIf(tags, 'altitude', num(coords, 'coords.altitude'));
  setIf(tags, 'osmand:accuracy', nonNegative(num(coords, 'coords.accuracy')));

  const battery = isObject(location['battery']) ? location['battery'] : {};
  // The client reports 0..1 (−1 when unknown); OsmAnd's `batt` is a percentage.
  const level = nonNegative(num(battery, 'battery.level'));
  if (level !== undefined) tags['osmand:batt'] = Math.round(level * 1000) / 10;
  if (typeof battery['is_charging'] === 'boolean') tags['osmand:charge'] = battery['is_charging'];
  const activity = isObject(location['activity']) ? location['activity'] : {};
  if (typeof activity['type'] === 'string') tags['osmand:activity'] = activity['type'];
  for (const key of ['event', 'is_moving', 'odometer', 'mock']) copyScalar(tags, key, location[key]);
  if (isObject(location['extras'])) {
    for (const [key, value] of Object.entries(location['extras'])) copyScalar(tags, key, value);
  }

  const stamp = location['timestamp'];
  const observedAt =
    typeof stamp === 'string' || typeof stamp === 'number'
      ? readTime(stamp, "field 'location.timestamp'", options.now)
      : options.now;
  const [lat, lon] = [num(coords, 'coords.latitude'), num(coords, 'coords.longitude')];
  return withPosition(deviceId, lat, lon, tags, observedAt, options);
}

/** A finite number at `obj[last part of path]`, undefined when absent or null; anything else is refused. */
function num(obj: Json, path: string): number | undefined {
  const v = obj[path.slice(path.lastIndexOf('.') + 1)];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw invalid(`Field 'location.${path}' must be a number, got ${JSON.stringify(v).slice(0, 60)}.`);
  }
  return v;
}

/** Scalars keep their JSON type under `osmand:`; objects and lists are left out. */
function copyScalar(tags: TagMap, key: string, value: unknown): void {
  if (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  ) {
    tags[`osmand:${key}`] = value;
  }
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

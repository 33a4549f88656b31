/**
 * The one ADS-B mapping (issue 16, item 5) shared by the `aircraft_json`, `sbs` and `opensky`
 * decoders: an aircraft's state, already in SI units, becomes one upsert op for a `node` whose
 * osm_id is the ICAO address and whose tags follow ARCHITECTURE §4 plus `adsb:*` / `opensky:*`.
 */
import type { Tags } from '../../../contract/domain.js';
import type { IngestOp } from '../../ingest/types.js';

/** Unit factors to SI. */
export const KNOT_MS = 0.514444;
export const FOOT_M = 0.3048;
export const FPM_MS = FOOT_M / 60;

/** Longest text kept from a feed in one tag (callsigns are 8 characters, countries a few words). */
const MAX_TEXT = 64;
/** An observation more than this far ahead of now is a wrong clock, not an aircraft. */
const FUTURE_SLACK_MS = 86_400_000;

/** What one feed knows about an aircraft, in SI units; absent fields are not known. */
export interface AircraftState {
  /** Lower-case hex ICAO address, `~` first for a non-ICAO address. */
  icao: string;
  lat?: number;
  lon?: number;
  callsign?: string;
  /** Ground speed, m/s. */
  speed?: number;
  /** True track, degrees. */
  track?: number;
  /** Barometric altitude, m (0 on the ground). */
  altitude?: number;
  onGround?: boolean;
  /** Geometric (GNSS) altitude, m. */
  altGeom?: number;
  /** Vertical rate, m/s. */
  vertRate?: number;
  squawk?: string;
  /** Emitter category, `A0`…`D7`. */
  category?: string;
  /** Signal level, dBFS. */
  rssi?: number;
  originCountry?: string;
}

/** The address as the osm_id (`4840d6`, `~30c34d`), or undefined when it is not 6 hex digits. */
export function normalizeIcao(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const icao = value.trim().toLowerCase();
  return /^~?[0-9a-f]{6}$/.test(icao) ? icao : undefined;
}

/** A trimmed, bounded text value, or undefined when empty or not text. */
export function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().slice(0, MAX_TEXT);
  return text === '' ? undefined : text;
}

/** A finite number, or undefined. */
export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Rounds to `digits` decimals, so unit conversions do not store float noise. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The tags of one aircraft state. */
export function aircraftTags(s: AircraftState): Tags {
  const tags = Object.create(null) as Tags;
  tags.kind = 'aircraft';
  if (s.callsign !== undefined) tags.name = s.callsign;
  if (s.speed !== undefined) tags.speed = round(s.speed);
  if (s.track !== undefined) tags.heading = round(s.track, 1);
  if (s.altitude !== undefined) tags.altitude = round(s.altitude, 1);
  if (s.onGround !== undefined) tags['adsb:on_ground'] = s.onGround;
  if (s.altGeom !== undefined) tags['adsb:alt_geom'] = round(s.altGeom, 1);
  if (s.vertRate !== undefined) tags['adsb:vert_rate'] = round(s.vertRate);
  if (s.squawk !== undefined) tags['adsb:squawk'] = s.squawk;
  if (s.category !== undefined) tags['adsb:category'] = s.category;
  if (s.rssi !== undefined) tags['adsb:rssi'] = round(s.rssi, 1);
  if (s.originCountry !== undefined) tags['opensky:origin_country'] = s.originCountry;
  return tags;
}

/**
 * One aircraft → an upsert op, or the sentence refusing it (bad coordinates or time). The caller
 * has already checked that lat and lon are present.
 */
export function aircraftOp(
  sourceId: string,
  s: AircraftState & { lat: number; lon: number },
  observedAt: number,
  now: number,
): IngestOp | string {
  if (!(s.lat >= -90 && s.lat <= 90)) return `Aircraft ${s.icao}: latitude must be within -90..90, got ${s.lat}.`;
  if (!(s.lon >= -180 && s.lon <= 180)) return `Aircraft ${s.icao}: longitude must be within -180..180, got ${s.lon}.`;
  if (!Number.isFinite(observedAt) || observedAt > now + FUTURE_SLACK_MS) {
    return `Aircraft ${s.icao}: the observation time ${describeTime(observedAt)} is more than a day in the future.`;
  }
  return {
    op: 'upsert',
    sourceId,
    type: 'node',
    osmId: s.icao,
    tags: aircraftTags(s),
    geom: { type: 'Point', coordinates: [s.lon, s.lat] },
    observedAt,
  };
}

function describeTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

/** What an ADS-B decoder makes of one input: ops, one sentence per refused record, and a count of aircraft known but not plotted (no position yet). */
export interface DecodedAircraft {
  ops: IngestOp[];
  rejected: string[];
  withoutPosition: number;
}

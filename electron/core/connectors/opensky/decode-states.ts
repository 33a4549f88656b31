/**
 * Decodes an OpenSky `states/all` answer: `{time, states: [[…], …]}` where each state vector is a
 * positional array of 17 or more fields, longitude BEFORE latitude (index table from OpenSky's API
 * docs, checked against its Java client's deserializer test):
 *
 * 0 icao24 · 1 callsign · 2 origin_country · 3 time_position · 4 last_contact · 5 longitude ·
 * 6 latitude · 7 baro_altitude (m) · 8 on_ground · 9 velocity (m/s) · 10 true_track ·
 * 11 vertical_rate (m/s) · 12 sensors · 13 geo_altitude (m) · 14 squawk · 15 spi ·
 * 16 position_source · 17 category (with `extended=1`).
 *
 * Already SI; the observation time is `time_position` (seconds).
 */
import {
  aircraftOp,
  cleanText,
  finite,
  normalizeIcao,
  type AircraftState,
  type DecodedAircraft,
} from '../adsb/aircraft-tags.js';

export interface DecodeStatesOptions {
  sourceId: string;
  /** Epoch ms of arrival (bounds the observation time). */
  now: number;
}

/** Fewest fields a state vector has (OpenSky may add more at the end). */
export const MIN_STATE_FIELDS = 17;

/**
 * OpenSky's category numbers (index 17) as DO-260B emitter categories, so `adsb:category` reads the
 * same from every ADS-B feed: 2 → A1 (light) … 8 → A7, 9 → B1 … 15 → B7, 16 → C1 … 20 → C5.
 * 0 (no information) and 1 (no ADS-B category) give no tag.
 */
export function openskyCategory(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  if (value >= 2 && value <= 8) return `A${value - 1}`;
  if (value >= 9 && value <= 15) return `B${value - 8}`;
  if (value >= 16 && value <= 20) return `C${value - 15}`;
  return undefined;
}

/** One state vector → the aircraft state it describes (position included when it has one). */
export function stateFromVector(v: unknown[], icao: string): AircraftState {
  const s: AircraftState = { icao };
  const lon = finite(v[5]);
  const lat = finite(v[6]);
  if (lat !== undefined && lon !== undefined) {
    s.lat = lat;
    s.lon = lon;
  }
  s.callsign = cleanText(v[1]);
  s.originCountry = cleanText(v[2]);
  if (typeof v[8] === 'boolean') s.onGround = v[8];
  // A surface report without a barometric altitude is on the ground: altitude 0.
  s.altitude = finite(v[7]) ?? (v[8] === true ? 0 : undefined);
  s.speed = finite(v[9]);
  s.track = finite(v[10]);
  s.vertRate = finite(v[11]);
  s.altGeom = finite(v[13]);
  s.squawk = cleanText(v[14]);
  s.category = openskyCategory(v[17]);
  return s;
}

/** One parsed `states/all` answer → an upsert per aircraft with a position and its time. */
export function decodeOpenskyStates(value: unknown, options: DecodeStatesOptions): DecodedAircraft {
  const out: DecodedAircraft = { ops: [], rejected: [], withoutPosition: 0 };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.rejected.push("An OpenSky answer must be an object with 'time' and 'states'.");
    return out;
  }
  const states = (value as { states?: unknown }).states;
  // OpenSky answers `"states": null` when nothing is in the box.
  if (states === null || states === undefined) return out;
  if (!Array.isArray(states)) {
    out.rejected.push("OpenSky field 'states' must be an array of state vectors.");
    return out;
  }
  states.forEach((v, i) => {
    if (!Array.isArray(v) || v.length < MIN_STATE_FIELDS) {
      out.rejected.push(
        `states[${i}] must be an array of at least ${MIN_STATE_FIELDS} fields, got ${Array.isArray(v) ? `${v.length} fields` : typeof v}.`,
      );
      return;
    }
    const icao = normalizeIcao(v[0]);
    if (icao === undefined) {
      out.rejected.push(`states[${i}][0] (icao24) must be 6 hex digits, got ${JSON.stringify(v[0])?.slice(0, 40)}.`);
      return;
    }
    const s = stateFromVector(v, icao);
    const time = finite(v[3]);
    if (s.lat === undefined || s.lon === undefined || time === undefined) {
      out.withoutPosition += 1;
      return;
    }
    const op = aircraftOp(options.sourceId, { ...s, lat: s.lat, lon: s.lon }, time * 1000, options.now);
    if (typeof op === 'string') out.rejected.push(op);
    else out.ops.push(op);
  });
  return out;
}

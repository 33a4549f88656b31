/**
 * Decodes an `aircraft.json` as readsb, dump1090-fa, tar1090 and dump1090-mutability write it:
 * `{now, messages, aircraft: [{hex, …}]}`. Both dialects are read (readsb/dump1090-fa `alt_baro`,
 * `gs`, `baro_rate`/`geom_rate`; mutability `altitude`, `speed`, `vert_rate`); altitudes in feet,
 * speeds in knots, rates in ft/min. The observation time is the file's `now` − `seen_pos`.
 */
import {
  aircraftOp,
  cleanText,
  finite,
  FOOT_M,
  FPM_MS,
  KNOT_MS,
  normalizeIcao,
  type AircraftState,
  type DecodedAircraft,
} from '../adsb/aircraft-tags.js';

export interface DecodeAircraftJsonOptions {
  sourceId: string;
  /** Epoch ms of arrival; the observation time when the file has no `now`. */
  now: number;
}

/** The state one `aircraft[]` record describes (position included when it has one). */
export function aircraftStateFromJson(record: Record<string, unknown>, icao: string): AircraftState {
  const s: AircraftState = { icao };
  const lat = finite(record.lat);
  const lon = finite(record.lon);
  if (lat !== undefined && lon !== undefined) {
    s.lat = lat;
    s.lon = lon;
  }
  s.callsign = cleanText(record.flight);
  const baro = record.alt_baro ?? record.altitude;
  if (baro === 'ground') {
    s.altitude = 0;
    s.onGround = true;
  } else if (finite(baro) !== undefined) {
    s.altitude = (baro as number) * FOOT_M;
    s.onGround = false;
  }
  const geom = finite(record.alt_geom);
  if (geom !== undefined) s.altGeom = geom * FOOT_M;
  const speed = finite(record.gs) ?? finite(record.speed);
  if (speed !== undefined) s.speed = speed * KNOT_MS;
  s.track = finite(record.track);
  const rate = finite(record.baro_rate) ?? finite(record.geom_rate) ?? finite(record.vert_rate);
  if (rate !== undefined) s.vertRate = rate * FPM_MS;
  s.squawk = cleanText(record.squawk);
  s.category = cleanText(record.category);
  s.rssi = finite(record.rssi);
  return s;
}

/** One parsed `aircraft.json` → an upsert per aircraft with a position. */
export function decodeAircraftJson(value: unknown, options: DecodeAircraftJsonOptions): DecodedAircraft {
  const out: DecodedAircraft = { ops: [], rejected: [], withoutPosition: 0 };
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { aircraft?: unknown }).aircraft)) {
    out.rejected.push("An aircraft.json must be an object with an 'aircraft' array.");
    return out;
  }
  const file = value as { now?: unknown; aircraft: unknown[] };
  const fileNow = finite(file.now);
  const nowMs = fileNow !== undefined ? fileNow * 1000 : options.now;
  file.aircraft.forEach((raw, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      out.rejected.push(`aircraft[${i}] must be an object.`);
      return;
    }
    const record = raw as Record<string, unknown>;
    const icao = normalizeIcao(record.hex);
    if (icao === undefined) {
      out.rejected.push(
        `aircraft[${i}].hex must be 6 hex digits (optionally after '~'), got ${JSON.stringify(record.hex)?.slice(0, 40)}.`,
      );
      return;
    }
    const s = aircraftStateFromJson(record, icao);
    if (s.lat === undefined || s.lon === undefined) {
      out.withoutPosition += 1;
      return;
    }
    const seenPos = finite(record.seen_pos) ?? 0;
    const op = aircraftOp(
      options.sourceId,
      { ...s, lat: s.lat, lon: s.lon },
      Math.round(nowMs - seenPos * 1000),
      options.now,
    );
    if (typeof op === 'string') out.rejected.push(op);
    else out.ops.push(op);
  });
  return out;
}

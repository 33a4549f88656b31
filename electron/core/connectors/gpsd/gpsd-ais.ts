/**
 * gpsd's decoded AIS reports (class `AIS`, raw or `scaled`) → one report in plain units, for the
 * types the tracker plots or merges (1, 2, 3, 4, 5, 9, 18, 19, 21, 24, 27). Raw values and their
 * "not available" codes follow gpsd's `json_aivdm_dump` (gpsd_json.c) and its AIVDM documentation.
 */
import { AIS_TYPES, type AisReport, type AisReportResult, type AisStatic } from '../ais/ais-report.js';
import { fieldReader, GpsdFieldError, type FieldReader } from './gpsd-fields.js';

/** Navigation status legends, in code order: scaled type 27 reports give the legend, not the code. */
const NAV_LEGENDS = [
  'Under way using engine',
  'At anchor',
  'Not under command',
  'Restricted manoeuverability',
  'Constrained by her draught',
  'Moored',
  'Aground',
  'Engaged in fishing',
  'Under way sailing',
  'Reserved for HSC',
  'Reserved for WIG',
  'Reserved',
  'Reserved',
  'Reserved',
  'Reserved',
  'Not defined',
];

/** Reads one `AIS` object; undefined for types outside AIS_TYPES. */
export function readGpsdAis(obj: Record<string, unknown>): AisReportResult {
  const type = obj.type;
  const mmsi = obj.mmsi;
  if (typeof type !== 'number' || !Number.isInteger(type) || type < 1 || type > 27) {
    return {
      ok: false,
      reason: `gpsd AIS field 'type' must be a message type 1–27, got ${JSON.stringify(type) ?? 'nothing'}.`,
    };
  }
  if (!AIS_TYPES.has(type)) return undefined;
  if (typeof mmsi !== 'number' || !Number.isInteger(mmsi) || mmsi < 1 || mmsi > 999_999_999) {
    return {
      ok: false,
      reason: `gpsd AIS field 'mmsi' must be a 9-digit MMSI, got ${JSON.stringify(mmsi) ?? 'nothing'}.`,
    };
  }
  const f = fieldReader(obj, `AIS type ${type}`);
  const scaled = obj.scaled === true;
  const report: AisReport = { type, mmsi, statics: {} };
  try {
    readByType(f, scaled, report);
  } catch (err) {
    if (err instanceof GpsdFieldError) return { ok: false, reason: err.message };
    throw err;
  }
  return { ok: true, report };
}

function readByType(f: FieldReader, scaled: boolean, r: AisReport): void {
  switch (r.type) {
    case 1:
    case 2:
    case 3:
      r.status = f.num('status');
      turn(f, scaled, r);
      speedTenths(f, scaled, r);
      motion(f, scaled, r);
      break;
    case 4:
      r.time = isoTime(f.str('timestamp'));
      accuracy(f, r);
      position(f, scaled ? 1 : 600_000, r);
      break;
    case 5:
      voyage(f, scaled, r.statics);
      break;
    case 9:
      sar(f, scaled, r);
      break;
    case 18:
    case 19:
      speedTenths(f, scaled, r);
      motion(f, scaled, r);
      if (r.type === 19) shipStatic(f, r.statics);
      break;
    case 21:
      r.statics.aidType = f.num('aid_type');
      text(r.statics, 'name', f.str('name'));
      accuracy(f, r);
      position(f, scaled ? 1 : 600_000, r);
      dimensions(f, r.statics);
      second(f, r);
      break;
    case 24:
      shipStatic(f, r.statics);
      text(r.statics, 'callsign', f.str('callsign'));
      break;
    case 27:
      longRange(f, scaled, r);
      break;
  }
}

/** Position, course, heading, accuracy and second of types 1–3, 18 and 19. */
function motion(f: FieldReader, scaled: boolean, r: AisReport): void {
  accuracy(f, r);
  position(f, scaled ? 1 : 600_000, r);
  const course = f.num('course');
  if (course !== undefined) {
    const deg = scaled ? course : course / 10;
    if (deg >= 0 && deg < 360) r.course = deg;
  }
  const heading = f.num('heading');
  if (heading !== undefined && heading >= 0 && heading < 360) r.heading = heading;
  second(f, r);
}

/** Rate of turn: raw is gpsd's signed code; scaled gpsd squares it and loses the sign, so only 0 is kept. */
function turn(f: FieldReader, scaled: boolean, r: AisReport): void {
  const t = f.numOr('turn', ['nan', 'fastleft', 'fastright']);
  if (typeof t !== 'number') return;
  if (scaled) {
    if (t === 0) r.turn = 0;
    return;
  }
  // -128: no turn information; ±127: turning faster than 5°/30 s with no rate indicator.
  if (Math.abs(t) <= 126) r.turn = Math.round(Math.sign(t) * (t / 4.733) ** 2 * 100) / 100;
}

/** Speed over ground in tenths of a knot (raw; 1023 = not available) or knots (scaled; "nan"/"fast"). */
function speedTenths(f: FieldReader, scaled: boolean, r: AisReport): void {
  const s = f.numOr('speed', ['nan', 'fast']);
  if (s === 'fast') r.speed = 102.2;
  else if (typeof s !== 'number') return;
  else if (scaled) r.speed = s;
  else if (s !== 1023) r.speed = s / 10;
}

function sar(f: FieldReader, scaled: boolean, r: AisReport): void {
  const alt = f.numOr('alt', ['nan', 'high']);
  if (alt === 'high') r.altitude = 4094;
  else if (typeof alt === 'number' && alt !== 4095) r.altitude = alt;
  const s = f.numOr('speed', ['nan', 'fast']);
  if (s === 'fast') r.speed = 1022;
  else if (typeof s === 'number' && s !== 1023) r.speed = s;
  accuracy(f, r);
  position(f, scaled ? 1 : 600_000, r);
  const course = f.num('course');
  if (course !== undefined) {
    const deg = scaled ? course : course / 10;
    if (deg >= 0 && deg < 360) r.course = deg;
  }
  second(f, r);
}

function longRange(f: FieldReader, scaled: boolean, r: AisReport): void {
  accuracy(f, r);
  const status = f.numOr('status', NAV_LEGENDS);
  if (typeof status === 'number') r.status = status;
  else if (status !== undefined) r.status = NAV_LEGENDS.indexOf(status);
  position(f, scaled ? 1 : 600, r);
  const sog = f.num('speed');
  if (sog !== undefined && sog !== 63) r.speed = sog;
  const cog = f.num('course');
  if (cog !== undefined && cog >= 0 && cog < 360) r.course = cog;
}

function voyage(f: FieldReader, scaled: boolean, st: AisStatic): void {
  positive(st, 'imo', f.num('imo'));
  text(st, 'callsign', f.str('callsign'));
  shipStatic(f, st);
  const draught = f.num('draught');
  if (draught !== undefined) positive(st, 'draught', scaled ? draught : draught / 10);
  text(st, 'destination', f.str('destination'));
}

/** Name, ship type and dimensions, as types 5, 19 and 24 give them. */
function shipStatic(f: FieldReader, st: AisStatic): void {
  text(st, 'name', f.str('shipname'));
  positive(st, 'shiptype', f.num('shiptype'));
  dimensions(f, st);
}

function dimensions(f: FieldReader, st: AisStatic): void {
  const [bow, stern, port, starboard] = ['to_bow', 'to_stern', 'to_port', 'to_starboard'].map((k) => f.num(k));
  if (bow !== undefined && stern !== undefined) positive(st, 'length', bow + stern);
  if (port !== undefined && starboard !== undefined) positive(st, 'beam', port + starboard);
}

/** lon/lat in degrees × `scale`; 181° / 91° mean "not available". */
function position(f: FieldReader, scale: number, r: AisReport): void {
  const lon = f.num('lon');
  const lat = f.num('lat');
  if (lon === undefined || lat === undefined) return;
  const x = lon / scale;
  const y = lat / scale;
  if (Math.abs(x) <= 180 && Math.abs(y) <= 90) {
    r.lon = x;
    r.lat = y;
  }
}

function accuracy(f: FieldReader, r: AisReport): void {
  const a = f.bool('accuracy');
  if (a !== undefined) r.accuracy = a ? 1 : 0;
}

function second(f: FieldReader, r: AisReport): void {
  const s = f.num('second');
  if (s !== undefined && Number.isInteger(s) && s >= 0 && s < 60) r.second = s;
}

/** gpsd's `YYYY-MM-DDTHH:MM:SSZ` of type 4, when it is a real calendar time. */
function isoTime(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (y === 0 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  return new Date(t).getUTCDate() === d ? t : undefined;
}

function positive<K extends 'imo' | 'shiptype' | 'draught' | 'length' | 'beam'>(
  st: AisStatic,
  key: K,
  value: number | undefined,
): void {
  if (value !== undefined && value > 0) st[key] = value;
}

/** Trimmed text without AIS's `@` padding; empty means not given. */
function text<K extends 'name' | 'callsign' | 'destination'>(st: AisStatic, key: K, value: string | undefined): void {
  const trimmed = value?.replace(/[@\s]+$/, '').trim();
  if (trimmed) st[key] = trimmed;
}

/**
 * The one place that turns stored speeds (m/s), altitudes (m) and positions (lon/lat) into the
 * text the window shows, in the units the user chose (Maps & files → Units). Coordinates always
 * say their order: "lat, lon 43.73840, 7.42460", or "MGRS 32T LP 70521 45406".
 */
import { forward as mgrsForward } from 'mgrs';

export type SpeedUnit = 'kn' | 'km/h' | 'mph' | 'm/s';
export type AltitudeUnit = 'm' | 'ft';
export type CoordFormat = 'decimal' | 'dms' | 'mgrs';

/** The units setting. */
export interface Units {
  speed: SpeedUnit;
  altitude: AltitudeUnit;
  coords: CoordFormat;
}

export const SPEED_UNITS: readonly SpeedUnit[] = ['kn', 'km/h', 'mph', 'm/s'];
export const ALTITUDE_UNITS: readonly AltitudeUnit[] = ['m', 'ft'];
export const COORD_FORMATS: readonly CoordFormat[] = ['decimal', 'dms', 'mgrs'];

/** What each coordinate format is called in the settings. */
export const COORD_FORMAT_NAMES: Record<CoordFormat, string> = {
  decimal: 'decimal degrees',
  dms: 'degrees, minutes, seconds',
  mgrs: 'MGRS',
};

/** Knots, metres and decimal degrees: what trackers' users of ships and aircraft read first. */
export const DEFAULT_UNITS: Units = { speed: 'kn', altitude: 'm', coords: 'decimal' };

/** The units tags are stored in (ARCHITECTURE §4), said beside the raw values the tag editor shows. */
export const STORED_TAG_UNITS: Readonly<Record<string, string>> = { speed: 'm/s', altitude: 'm', heading: '°' };

/** Metres per second in one of each speed unit (the international knot and mile). */
const MPS_PER: Record<SpeedUnit, number> = { kn: 1852 / 3600, 'km/h': 1000 / 3600, mph: 1609.344 / 3600, 'm/s': 1 };
/** Metres in one of each altitude unit (the international foot). */
const M_PER: Record<AltitudeUnit, number> = { m: 1, ft: 0.3048 };

/** A speed in m/s as `unit`. */
export function speedIn(mps: number, unit: SpeedUnit): number {
  return mps / MPS_PER[unit];
}

/** A speed in `unit` as m/s. */
export function speedToMps(value: number, unit: SpeedUnit): number {
  return value * MPS_PER[unit];
}

/** An altitude in metres as `unit`. */
export function altitudeIn(m: number, unit: AltitudeUnit): number {
  return m / M_PER[unit];
}

/** An altitude in `unit` as metres. */
export function altitudeToM(value: number, unit: AltitudeUnit): number {
  return value * M_PER[unit];
}

const grouped = (n: number, digits: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "9.7", "486" (no decimal from 100 on), "—" for no speed: the number alone, for a column that names its unit. */
export function formatSpeedValue(mps: number | null | undefined, unit: SpeedUnit): string {
  if (mps === null || mps === undefined || !Number.isFinite(mps)) return '—';
  const v = speedIn(mps, unit);
  return grouped(v, Math.abs(v) >= 100 ? 0 : 1);
}

/** "9.7 kn", "486 kn" (no decimal from 100 on), "—" for no speed. */
export function formatSpeed(mps: number | null | undefined, unit: SpeedUnit): string {
  const value = formatSpeedValue(mps, unit);
  return value === '—' ? value : `${value} ${unit}`;
}

/** "10,668", "35,000" (whole units), "—" for no altitude: the number alone, for a column that names its unit. */
export function formatAltitudeValue(m: number | null | undefined, unit: AltitudeUnit): string {
  if (m === null || m === undefined || !Number.isFinite(m)) return '—';
  return grouped(altitudeIn(m, unit), 0);
}

/** "10,668 m", "35,000 ft" (whole units), "—" for no altitude. */
export function formatAltitude(m: number | null | undefined, unit: AltitudeUnit): string {
  const value = formatAltitudeValue(m, unit);
  return value === '—' ? value : `${value} ${unit}`;
}

/** A position as text with what its parts are: `order` is "lat, lon" or "MGRS". */
export interface CoordText {
  order: 'lat, lon' | 'MGRS';
  text: string;
}

/** Longitude into [-180, 180) (the map's runs on past ±180). */
export function wrapLon(lon: number): number {
  const w = (((lon + 180) % 360) + 360) % 360;
  return w - 180;
}

/** 43°44′18.2″N (one decimal of a second is about 3 m). */
function dms(value: number, positive: string, negative: string): string {
  const tenths = Math.round(Math.abs(value) * 36_000);
  const deg = Math.floor(tenths / 36_000);
  const min = Math.floor((tenths % 36_000) / 600);
  const sec = (tenths % 600) / 10;
  const hemisphere = value < 0 && tenths > 0 ? negative : positive;
  return `${deg}°${String(min).padStart(2, '0')}′${sec.toFixed(1).padStart(4, '0')}″${hemisphere}`;
}

/** "32T LP 70521 45406" (1 m), or a sentence where MGRS has no grid (the poles use UPS). */
export function formatMgrs(lat: number, lon: number): string {
  if (lat < -80 || lat > 84) return 'none beyond 84°N or 80°S';
  const raw = mgrsForward([wrapLon(lon), lat], 5);
  const m = /^(\d{1,2}[C-X])([A-Z]{2})(\d*)$/.exec(raw);
  if (!m) return raw;
  const digits = m[3] ?? '';
  const half = digits.length / 2;
  return [m[1], m[2], digits.slice(0, half), digits.slice(half)].filter(Boolean).join(' ');
}

/** The position in `format`; decimal degrees with `digits` decimals (5: about a metre). */
export function formatCoords(lat: number, lon: number, format: CoordFormat, digits = 5): CoordText {
  const x = wrapLon(lon);
  switch (format) {
    case 'decimal':
      return { order: 'lat, lon', text: `${lat.toFixed(digits)}, ${x.toFixed(digits)}` };
    case 'dms':
      return { order: 'lat, lon', text: `${dms(lat, 'N', 'S')}, ${dms(x, 'E', 'W')}` };
    case 'mgrs':
      return { order: 'MGRS', text: formatMgrs(lat, x) };
  }
}

/** One line: "lat, lon 43.73840, 7.42460", "lat, lon 43°44′18.2″N, 7°25′28.6″E", "MGRS 32T LP 70521 45406". */
export function formatPosition(lat: number, lon: number, format: CoordFormat, digits = 5): string {
  const c = formatCoords(lat, lon, format, digits);
  return `${c.order} ${c.text}`;
}

/**
 * A speed or altitude tag as a number (ARCHITECTURE §4: m/s and metres); a numeric string counts
 * too (some feeds and CSV files send "12.5"); anything else is null.
 */
export function tagNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The units setting from what was saved (missing or unknown parts take the default). */
export function parseUnits(saved: unknown): Units {
  const s = (saved && typeof saved === 'object' ? saved : {}) as Record<string, unknown>;
  const pick = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
    allowed.includes(value as T) ? (value as T) : fallback;
  return {
    speed: pick(s.speed, SPEED_UNITS, DEFAULT_UNITS.speed),
    altitude: pick(s.altitude, ALTITUDE_UNITS, DEFAULT_UNITS.altitude),
    coords: pick(s.coords, COORD_FORMATS, DEFAULT_UNITS.coords),
  };
}

/** How distances are said: metres and kilometres, or feet and miles. */
export type DistanceSystem = 'metric' | 'imperial';

/** Metres in one international foot and one statute mile. */
export const METRES_PER_FOOT = 0.3048;
export const METRES_PER_MILE = 1609.344;

/** Feet and miles when the user chose feet or mph; metres and kilometres otherwise. */
export function distanceSystem(units: Pick<Units, 'speed' | 'altitude'>): DistanceSystem {
  return units.altitude === 'ft' || units.speed === 'mph' ? 'imperial' : 'metric';
}

/** "8.5 m", "850 m", "12.4 km", "1,234 km"; imperial "8.5 ft", "850 ft", "2.35 mi", "1,234 mi". */
export function formatDistance(m: number, system: DistanceSystem = 'metric'): string {
  const [small, big, perSmall, perBig] =
    system === 'imperial' ? ['ft', 'mi', METRES_PER_FOOT, METRES_PER_MILE] : ['m', 'km', 1, 1000];
  const s = m / perSmall;
  if (s < 10) return `${s.toFixed(1)} ${small}`;
  if (s < 999.5) return `${Math.round(s)} ${small}`;
  const b = m / perBig;
  if (b < 99.95) return `${b.toFixed(b < 9.995 ? 2 : 1)} ${big}`;
  return `${Math.round(b).toLocaleString('en-US')} ${big}`;
}

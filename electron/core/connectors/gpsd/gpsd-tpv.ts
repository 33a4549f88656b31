/**
 * gpsd's `TPV` (time-position-velocity) and `SKY` reports → a receiver fix and its tags: `kind`
 * receiver, speed m/s, heading = track (degrees true), altitude MSL, `gps:` fields.
 */
import type { Tags } from '../../../contract/domain.js';
import { describe, fieldReader, GpsdFieldError } from './gpsd-fields.js';

/** A device's fix of one TPV report. */
export interface TpvFix {
  /** The device path gpsd names (`/dev/ttyUSB0`), the receiver's osm_id. */
  device: string;
  /** Epoch ms of the fix, when the report has a time. */
  time?: number;
  lon: number;
  lat: number;
  tags: Tags;
}

/** Sky view of a device: what `gps:hdop` and `gps:satellites` come from. */
export interface SkyView {
  device: string;
  hdop?: number;
  satellites?: number;
}

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string } | undefined;

/** When a TPV has no `device` (a single-device gpsd may omit it), the receiver is called this. */
export const DEFAULT_DEVICE = 'gpsd';

/** Reads a TPV; undefined when it has no position (no fix yet). */
export function readTpv(obj: Record<string, unknown>): Read<TpvFix> {
  try {
    const f = fieldReader(obj, 'TPV');
    const device = f.str('device') || DEFAULT_DEVICE;
    const lat = f.num('lat');
    const lon = f.num('lon');
    const mode = f.num('mode');
    if (lat === undefined || lon === undefined || (mode !== undefined && mode < 2)) return undefined;
    if (Math.abs(lat) > 90)
      return { ok: false, reason: `gpsd TPV field 'lat' must be a latitude in degrees, got ${lat}.` };
    if (Math.abs(lon) > 180)
      return { ok: false, reason: `gpsd TPV field 'lon' must be a longitude in degrees, got ${lon}.` };
    const tags: Tags = { kind: 'receiver' };
    const speed = f.num('speed');
    if (speed !== undefined) tags.speed = speed;
    const track = f.num('track');
    if (track !== undefined) tags.heading = track;
    // altMSL since gpsd 3.20; before it, `alt` was the MSL altitude.
    const altitude = f.num('altMSL') ?? f.num('alt');
    if (altitude !== undefined) tags.altitude = altitude;
    const hae = f.num('altHAE');
    if (hae !== undefined) tags['gps:alt_hae'] = hae;
    if (mode !== undefined) tags['gps:mode'] = mode;
    const fix: TpvFix = { device, lat, lon, tags };
    const time = readTime(obj.time);
    if (time !== undefined) fix.time = time;
    return { ok: true, value: fix };
  } catch (err) {
    if (err instanceof GpsdFieldError) return { ok: false, reason: err.message };
    throw err;
  }
}

/** Reads a SKY report's dilution and used-satellite count. */
export function readSky(obj: Record<string, unknown>): Read<SkyView> {
  try {
    const f = fieldReader(obj, 'SKY');
    const view: SkyView = { device: f.str('device') || DEFAULT_DEVICE };
    const hdop = f.num('hdop');
    if (hdop !== undefined) view.hdop = hdop;
    // uSat since gpsd 3.21; before it, count the satellites marked used.
    const used = f.num('uSat') ?? countUsed(obj.satellites);
    if (used !== undefined) view.satellites = used;
    return { ok: true, value: view };
  } catch (err) {
    if (err instanceof GpsdFieldError) return { ok: false, reason: err.message };
    throw err;
  }
}

/** The tags a sky view adds to the device's next fix. */
export function skyTags(view: SkyView | undefined): Tags {
  const tags: Tags = {};
  if (view?.hdop !== undefined) tags['gps:hdop'] = view.hdop;
  if (view?.satellites !== undefined) tags['gps:satellites'] = view.satellites;
  return tags;
}

function countUsed(satellites: unknown): number | undefined {
  if (!Array.isArray(satellites)) return undefined;
  return satellites.filter((s) => typeof s === 'object' && s !== null && (s as { used?: unknown }).used === true)
    .length;
}

/** ISO 8601 (protocol 3.x) or epoch seconds (older gpsd). */
function readTime(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? Math.round(value * 1000) : NaN;
  if (Number.isFinite(ms) && ms > 0) return ms;
  throw new GpsdFieldError(`gpsd TPV field 'time' must be an ISO 8601 time, got ${describe(value)}.`);
}

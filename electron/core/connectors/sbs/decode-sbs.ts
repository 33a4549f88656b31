/**
 * Decodes BaseStation (SBS-1) text, as dump1090 and readsb write it on port 30003: one
 * comma-separated line per message, `MSG,<1..8>,session,aircraft,HEXIDENT,flight,date gen,time gen,
 * date logged,time logged,callsign,altitude,ground speed,track,lat,lon,vertical rate,squawk,alert,
 * emergency,spi,on ground`. Each message carries only some fields, so the fields are merged per ICAO
 * address (callsign from MSG,1, position from MSG,2/3, velocity from MSG,4, squawk from MSG,5/6…)
 * and every message with a position yields the aircraft's merged state. Time = the generated date
 * and time (the logged ones when absent), in the peer's local time zone or UTC.
 */
import {
  aircraftOp,
  cleanText,
  FOOT_M,
  FPM_MS,
  KNOT_MS,
  normalizeIcao,
  type AircraftState,
  type DecodedAircraft,
} from '../adsb/aircraft-tags.js';
import type { IngestOp } from '../../ingest/types.js';

export interface SbsDecoderOptions {
  sourceId: string;
  /** How the peer writes its dates: dump1090 and readsb use the machine's local time. */
  timeZone: 'local' | 'utc';
}

/** Aircraft not heard from for this long are forgotten. */
const FORGET_AFTER_MS = 10 * 60_000;
/** Most aircraft remembered at once (a busy aggregator sees a few thousand). */
const MAX_AIRCRAFT = 50_000;
/** Line types that are valid BaseStation output but carry no aircraft state. */
const OTHER_TYPES: ReadonlySet<string> = new Set(['SEL', 'ID', 'AIR', 'STA', 'CLK']);

/** One line's outcome: an op, a refusal sentence, or nothing to send (state merged or not plotted). */
export type SbsLineResult = IngestOp | string | undefined;

export interface SbsDecoder {
  /** Decodes one line (without its line break); `now` is arrival, epoch ms. */
  decodeLine(line: string, now: number): SbsLineResult;
  /** Aircraft currently remembered. */
  size(): number;
}

interface Tracked extends AircraftState {
  heardAt: number;
}

/** A decoder with its own per-aircraft memory (one per connection). */
export function createSbsDecoder(options: SbsDecoderOptions): SbsDecoder {
  const tracked = new Map<string, Tracked>();
  let lastSweep = 0;

  const sweep = (now: number): void => {
    if (now - lastSweep < 60_000 && tracked.size < MAX_AIRCRAFT) return;
    lastSweep = now;
    for (const [icao, s] of tracked) if (now - s.heardAt > FORGET_AFTER_MS) tracked.delete(icao);
    // Still full: drop the oldest (Map keeps insertion order, refreshed on every message).
    for (const icao of tracked.keys()) {
      if (tracked.size < MAX_AIRCRAFT) break;
      tracked.delete(icao);
    }
  };

  return {
    size: () => tracked.size,
    decodeLine(line, now) {
      const f = line.trim().split(',');
      const kind = f[0] ?? '';
      if (kind !== 'MSG') {
        if (OTHER_TYPES.has(kind) || line.trim() === '') return undefined;
        return `An SBS line must start with MSG, SEL, ID, AIR, STA or CLK, got '${line.slice(0, 40)}'.`;
      }
      if (f.length < 11) return `An SBS MSG line needs at least 11 fields, got ${f.length}: '${line.slice(0, 60)}'.`;
      const icao = normalizeIcao(f[4]);
      if (icao === undefined)
        return `SBS field 5 (hex ident) must be 6 hex digits, got '${(f[4] ?? '').slice(0, 20)}'.`;
      const fields = readFields(f);
      if (typeof fields === 'string') return `Aircraft ${icao}: ${fields}`;
      sweep(now);
      const known = tracked.get(icao);
      const s: Tracked = { ...known, ...fields, icao, heardAt: now };
      tracked.delete(icao);
      tracked.set(icao, s);
      if (fields.lat === undefined || fields.lon === undefined || s.lat === undefined || s.lon === undefined) {
        return undefined;
      }
      const observedAt = readTime(f[6], f[7], options.timeZone) ?? readTime(f[8], f[9], options.timeZone) ?? now;
      const { heardAt: _heard, ...state } = s;
      return aircraftOp(options.sourceId, { ...state, lat: s.lat, lon: s.lon }, observedAt, now);
    },
  };
}

/** Decodes a whole text of lines with a fresh decoder (for tests and the bench). */
export function decodeSbs(text: string, options: SbsDecoderOptions & { now: number }): DecodedAircraft {
  const decoder = createSbsDecoder(options);
  const out: DecodedAircraft = { ops: [], rejected: [], withoutPosition: 0 };
  for (const line of text.split(/\r?\n/)) {
    const r = decoder.decodeLine(line, options.now);
    if (typeof r === 'string') out.rejected.push(r);
    else if (r !== undefined) out.ops.push(r);
  }
  return out;
}

/** The aircraft fields one MSG line carries, or the sentence naming a bad field. */
function readFields(f: string[]): Partial<AircraftState> | string {
  const s: Partial<AircraftState> = {};
  const num = (i: number, name: string): number | string | undefined => {
    const text = (f[i] ?? '').trim();
    if (text === '') return undefined;
    const n = Number(text);
    return Number.isFinite(n) ? n : `SBS field ${i + 1} (${name}) must be a number, got '${text.slice(0, 20)}'.`;
  };
  const callsign = cleanText(f[10]);
  if (callsign !== undefined) s.callsign = callsign;
  const alt = num(11, 'altitude');
  const gs = num(12, 'ground speed');
  const track = num(13, 'track');
  const lat = num(14, 'latitude');
  const lon = num(15, 'longitude');
  const rate = num(16, 'vertical rate');
  for (const v of [alt, gs, track, lat, lon, rate]) if (typeof v === 'string') return v;
  if (typeof alt === 'number') s.altitude = alt * FOOT_M;
  if (typeof gs === 'number') s.speed = gs * KNOT_MS;
  if (typeof track === 'number') s.track = track;
  if (typeof lat === 'number' && typeof lon === 'number') {
    s.lat = lat;
    s.lon = lon;
  }
  if (typeof rate === 'number') s.vertRate = rate * FPM_MS;
  const squawk = cleanText(f[17]);
  if (squawk !== undefined) s.squawk = squawk;
  // dump1090 writes -1 for true and 0 for false; readsb writes 1.
  const ground = (f[21] ?? '').trim();
  if (ground !== '') s.onGround = ground !== '0';
  if (s.onGround === true && s.altitude === undefined) s.altitude = 0;
  return s;
}

/** `2016/01/30` + `12:34:56.789` → epoch ms, or undefined when absent or malformed. */
function readTime(date: string | undefined, time: string | undefined, zone: 'local' | 'utc'): number | undefined {
  const d = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec((date ?? '').trim());
  const t = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec((time ?? '').trim());
  if (!d || !t) return undefined;
  const parts = [Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3])] as const;
  const ms = Number((t[4] ?? '0').padEnd(3, '0'));
  const value = zone === 'utc' ? Date.UTC(...parts, ms) : new Date(...parts, ms).getTime();
  return Number.isFinite(value) ? value : undefined;
}

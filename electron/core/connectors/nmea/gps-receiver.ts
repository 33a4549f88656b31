/**
 * GPS sentences (RMC, GGA, VTG, GLL, any talker) → one receiver object. The sentences of one fix
 * epoch (same UTC time) are merged, and the fix is stored when the next epoch starts or on
 * `flush()`, so the store sees one observation per epoch with every field of it.
 */
import type { TagValue } from '../../../contract/domain.js';
import { toTagMap } from '../../tags.js';
import type { UpsertOp } from '../../ingest/normalize.js';
import { KNOTS_TO_MS } from '../ais/ais-tags.js';
import { clip, type NmeaSentence } from './nmea-sentence.js';

export const GPS_SENTENCES: ReadonlySet<string> = new Set(['RMC', 'GGA', 'VTG', 'GLL']);

const DAY_MS = 86_400_000;

interface Epoch {
  /** Milliseconds into the UTC day; undefined until a timed sentence arrives. */
  tod?: number;
  /** Epoch ms of UTC midnight, when an RMC of this epoch gave the date. */
  date?: number;
  arrival: number;
  lon?: number;
  lat?: number;
  tags: Record<string, TagValue>;
}

export interface GpsReceiver {
  /** Reads one GPS sentence; returns the previous epoch's upsert when this one starts a new epoch. */
  apply(s: NmeaSentence, arrival: number): { op?: UpsertOp; error?: string };
  /** The pending epoch's upsert (if it has a position), and forgets it. */
  flush(): UpsertOp | undefined;
  hasPending(): boolean;
}

/** `receiverId` names the object; by default `gps-<talker>` of the first GPS sentence read. */
export function createGpsReceiver(sourceId: string, receiverId?: string): GpsReceiver {
  let osmId = receiverId;
  let epoch: Epoch | undefined;
  // The last date an RMC gave, with its time of day, to date the GGA/GLL of later epochs.
  let lastDate: { date: number; tod: number } | undefined;

  const finish = (): UpsertOp | undefined => {
    const e = epoch;
    epoch = undefined;
    if (!e || e.lon === undefined || e.lat === undefined || osmId === undefined) return undefined;
    const tags: Record<string, TagValue> = { kind: 'receiver', ...e.tags };
    tags['gps:mode'] = tags.altitude !== undefined ? 3 : 2;
    return {
      op: 'upsert',
      sourceId,
      type: 'node',
      osmId,
      tags: toTagMap(tags),
      geom: { type: 'Point', coordinates: [e.lon, e.lat] },
      observedAt: observedAt(e),
    };
  };

  const observedAt = (e: Epoch): number => {
    if (e.tod === undefined) return e.arrival;
    if (e.date !== undefined) return e.date + e.tod;
    if (lastDate) return lastDate.date + e.tod + (e.tod < lastDate.tod - DAY_MS / 2 ? DAY_MS : 0);
    // No date yet: the latest time at or before arrival (a minute of clock skew allowed) with that time of day.
    const t = Math.floor(e.arrival / DAY_MS) * DAY_MS + e.tod;
    return t > e.arrival + 60_000 ? t - DAY_MS : t;
  };

  return {
    apply(s, arrival) {
      const read = readSentence(s);
      if (typeof read === 'string') return { error: read };
      osmId ??= `gps-${s.talker.toLowerCase()}`;
      let op: UpsertOp | undefined;
      if (epoch && read.tod !== undefined && epoch.tod !== undefined && read.tod !== epoch.tod) op = finish();
      epoch ??= { arrival, tags: {} };
      if (read.tod !== undefined) epoch.tod = read.tod;
      if (read.date !== undefined && read.tod !== undefined) {
        epoch.date = read.date;
        lastDate = { date: read.date, tod: read.tod };
      }
      if (read.lon !== undefined && read.lat !== undefined) {
        epoch.lon = read.lon;
        epoch.lat = read.lat;
      }
      Object.assign(epoch.tags, read.tags);
      return op ? { op } : {};
    },
    flush: finish,
    hasPending: () => epoch !== undefined,
  };
}

interface Reading {
  tod?: number;
  date?: number;
  lon?: number;
  lat?: number;
  tags: Record<string, TagValue>;
}

/** One sentence's fields; a string is the reason it was refused. An invalid fix reads as no position. */
function readSentence(s: NmeaSentence): Reading | string {
  const f = s.fields;
  const name = `${s.talker}${s.type}`;
  const field = (i: number) => f[i] ?? '';
  try {
    switch (s.type) {
      case 'RMC': {
        const valid = field(1) === 'A' && field(11) !== 'N';
        const r: Reading = { tod: time(name, field(0)), tags: {} };
        if (field(8) !== '') r.date = date(name, field(8));
        if (valid) {
          Object.assign(r, latLon(name, f, 2));
          num(r.tags, 'speed', name, field(6), KNOTS_TO_MS);
          num(r.tags, 'heading', name, field(7));
        }
        return r;
      }
      case 'GGA': {
        const quality = int(name, 'fix quality', field(5));
        const r: Reading = { tod: time(name, field(0)), tags: {} };
        if (quality > 0) {
          Object.assign(r, latLon(name, f, 1));
          r.tags['gps:quality'] = quality;
          num(r.tags, 'gps:satellites', name, field(6));
          num(r.tags, 'gps:hdop', name, field(7));
          num(r.tags, 'altitude', name, field(8));
          const sep = field(10);
          if (r.tags.altitude !== undefined && sep !== '') {
            r.tags['gps:alt_hae'] =
              Math.round((Number(r.tags.altitude) + number(name, 'geoid separation', sep)) * 1000) / 1000;
          }
        }
        return r;
      }
      case 'VTG': {
        // NMEA 2.3+ writes unit letters (`054.7,T,034.4,M,005.5,N,010.2,K,A`); older receivers do not.
        const lettered = field(1) === 'T';
        const r: Reading = { tags: {} };
        if (lettered && field(8) === 'N') return r;
        num(r.tags, 'heading', name, field(0));
        num(r.tags, 'speed', name, field(lettered ? 4 : 2), KNOTS_TO_MS);
        return r;
      }
      case 'GLL': {
        const valid = field(5) !== 'V' && field(6) !== 'N';
        const r: Reading = { tags: {} };
        if (field(4) !== '') r.tod = time(name, field(4));
        if (valid) Object.assign(r, latLon(name, f, 0));
        return r;
      }
      default:
        return { tags: {} };
    }
  } catch (err) {
    return (err as Error).message;
  }
}

function latLon(name: string, f: string[], at: number): { lat?: number; lon?: number } {
  const [lat, ns, lon, ew] = [f[at] ?? '', f[at + 1] ?? '', f[at + 2] ?? '', f[at + 3] ?? ''];
  if (lat === '' || lon === '') return {};
  const y = angle(name, 'latitude', lat, 90) * (ns === 'S' ? -1 : 1);
  const x = angle(name, 'longitude', lon, 180) * (ew === 'W' ? -1 : 1);
  if ((ns !== 'N' && ns !== 'S') || (ew !== 'E' && ew !== 'W')) {
    throw new Error(`${name} hemisphere '${clip(ns)}'/'${clip(ew)}' is not N/S and E/W.`);
  }
  return { lat: y, lon: x };
}

/** `ddmm.mmmm` / `dddmm.mmmm` → degrees. */
function angle(name: string, what: string, text: string, max: number): number {
  const m = /^(\d{2,3})(\d{2}(?:\.\d+)?)$/.exec(text);
  const deg = m ? Number(m[1]) + Number(m[2]) / 60 : NaN;
  if (!m || Number(m[2]) >= 60 || deg > max)
    throw new Error(`${name} ${what} '${clip(text)}' is not a valid ddmm.mmmm angle.`);
  return Math.round(deg * 1e9) / 1e9;
}

/** `hhmmss(.sss)` → ms into the day. */
function time(name: string, text: string): number | undefined {
  if (text === '') return undefined;
  const m = /^(\d{2})(\d{2})(\d{2}(?:\.\d+)?)$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3]) >= 61) {
    throw new Error(`${name} time '${clip(text)}' is not hhmmss.ss.`);
  }
  return (Number(m[1]) * 3600 + Number(m[2]) * 60) * 1000 + Math.round(Number(m[3]) * 1000);
}

/** `ddmmyy` → epoch ms of that UTC midnight (years 80–99 are 19xx). */
function date(name: string, text: string): number {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  const [d, mo, y] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const t = Date.UTC(y >= 80 ? 1900 + y : 2000 + y, mo - 1, d);
  if (!m || mo < 1 || mo > 12 || new Date(t).getUTCDate() !== d)
    throw new Error(`${name} date '${clip(text)}' is not ddmmyy.`);
  return t;
}

function number(name: string, what: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`${name} ${what} '${clip(text)}' is not a number.`);
  return n;
}

function int(name: string, what: string, text: string): number {
  if (text === '') return 0;
  const n = number(name, what, text);
  if (!Number.isInteger(n)) throw new Error(`${name} ${what} '${clip(text)}' is not an integer.`);
  return n;
}

/** Sets `tags[key]` from an optional numeric field, times `scale`. */
function num(tags: Record<string, TagValue>, key: string, name: string, text: string, scale = 1): void {
  if (text === '') return;
  const n = number(name, key, text) * scale;
  tags[key] = scale === 1 ? n : Math.round(n * 1000) / 1000;
}

/**
 * Decodes gpsd's JSON output, one line at a time, into upsert ops: TPV fixes → one receiver object
 * per device, AIS reports → vessels, base stations, aids to navigation and SAR aircraft. Pure apart
 * from its own small state: the latest sky view per device, the pending fix of each device (gpsd
 * repeats a fix's time while a cycle's sentences arrive; only its last, fullest report is kept)
 * and the AIS vessel cache both AIS adapters share (../ais/ais-vessels.ts).
 */
import type { Tags } from '../../../contract/domain.js';
import { AppError } from '../../../contract/errors.js';
import { normalizeTags } from '../../tags.js';
import { assertWellFormed } from '../../well-formed.js';
import type { UpsertOp } from '../../ingest/normalize.js';
import { createAisVessels } from '../ais/ais-vessels.js';
import { describe } from './gpsd-fields.js';
import { readGpsdAis } from './gpsd-ais.js';
import { readSky, readTpv, skyTags, type SkyView, type TpvFix } from './gpsd-tpv.js';

export const GPSD_DECODER_LIMITS = {
  /** Vessels whose static data and last position are kept (the least recently heard forgotten first). */
  maxStaticVessels: 100_000,
  /** Devices whose sky view and pending fix are kept. */
  maxDevices: 1000,
  /** An observation time this far ahead of the clock is refused (as ingest refuses publishers'). */
  futureSlackMs: 86_400_000,
  maxOsmIdLength: 255,
} as const;

/** What one line gave: ops ready for ingest, a rejection reason, or a note for the log. */
export interface LineResult {
  ops: UpsertOp[];
  rejected?: string;
  /** gpsd's VERSION line, e.g. `gpsd 3.22 (protocol 3.14)`. */
  version?: string;
}

export interface GpsdDecoder {
  /** Decodes one line (without its line break); `now` is the arrival time, epoch ms. */
  line(text: string, now: number): LineResult;
  /** The pending fixes last updated before `now - settleMs` (all of them when settleMs is 0). */
  flush(now: number, settleMs?: number): UpsertOp[];
}

interface Pending {
  fix: TpvFix;
  time: number;
  updatedAt: number;
}

export function createGpsdDecoder(sourceId: string): GpsdDecoder {
  const L = GPSD_DECODER_LIMITS;
  const vessels = createAisVessels(sourceId, L.maxStaticVessels);
  const skies = new Map<string, SkyView>();
  const pending = new Map<string, Pending>();

  const fixOp = (p: Pending): UpsertOp => {
    const tags = normalizeTags({ ...p.fix.tags, ...skyTags(skies.get(p.fix.device)) });
    return upsert(sourceId, p.fix.device, tags, p.fix.lon, p.fix.lat, p.time);
  };

  const onTpv = (obj: Record<string, unknown>, now: number): LineResult => {
    const read = readTpv(obj);
    if (read === undefined) return { ops: [] };
    if (!read.ok) return { ops: [], rejected: read.reason };
    const fix = read.value;
    if (fix.device.length > L.maxOsmIdLength) {
      return {
        ops: [],
        rejected: `gpsd TPV field 'device' must be at most ${L.maxOsmIdLength} characters, got ${fix.device.length}.`,
      };
    }
    assertWellFormed(fix.device, 'device');
    const time = fix.time ?? now;
    if (time > now + L.futureSlackMs) {
      return {
        ops: [],
        rejected: `gpsd TPV field 'time' is more than a day ahead of this computer's clock, got ${describe(obj.time)}.`,
      };
    }
    const ops: UpsertOp[] = [];
    const before = pending.get(fix.device);
    if (before && before.time !== time) ops.push(fixOp(before));
    remember(pending, fix.device, { fix, time, updatedAt: now }, L.maxDevices);
    return { ops };
  };

  const onAis = (obj: Record<string, unknown>, now: number): LineResult => {
    const read = readGpsdAis(obj);
    if (read === undefined) return { ops: [] };
    if (!read.ok) return { ops: [], rejected: read.reason };
    const applied = vessels.apply(read.report, now);
    if (applied.rejected !== undefined) return { ops: [], rejected: `gpsd AIS report: ${applied.rejected}` };
    return { ops: applied.op ? [applied.op] : [] };
  };

  return {
    line(text, now) {
      const obj = parseObject(text);
      if (typeof obj === 'string') return { ops: [], rejected: obj };
      try {
        switch (obj.class) {
          case 'TPV':
            return onTpv(obj, now);
          case 'AIS':
            return onAis(obj, now);
          case 'SKY': {
            const sky = readSky(obj);
            if (sky?.ok) remember(skies, sky.value.device, sky.value, L.maxDevices);
            return sky?.ok === false ? { ops: [], rejected: sky.reason } : { ops: [] };
          }
          case 'VERSION':
            return {
              ops: [],
              version: `gpsd ${String(obj.release)} (protocol ${String(obj.proto_major)}.${String(obj.proto_minor)})`,
            };
          case 'ERROR':
            return { ops: [], rejected: `gpsd answered with an error: ${describe(obj.message)}.` };
          default:
            // DEVICES, DEVICE, WATCH, GST, ATT, PPS, TOFF, … carry nothing the tracker plots.
            return { ops: [] };
        }
      } catch (err) {
        if (err instanceof AppError) return { ops: [], rejected: `gpsd ${String(obj.class)} report: ${err.message}` };
        throw err;
      }
    },
    flush(now, settleMs = 0) {
      const ops: UpsertOp[] = [];
      for (const [device, p] of pending) {
        if (settleMs > 0 && p.updatedAt > now - settleMs) continue;
        pending.delete(device);
        ops.push(fixOp(p));
      }
      return ops;
    },
  };
}

/** Decodes a whole text of gpsd lines at once (for benches and tests): every op, every rejection. */
export function decodeGpsdText(text: string, sourceId: string, now: number): { ops: UpsertOp[]; rejected: string[] } {
  const decoder = createGpsdDecoder(sourceId);
  const ops: UpsertOp[] = [];
  const rejected: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const r = decoder.line(line.replace(/\r$/, ''), now);
    ops.push(...r.ops);
    if (r.rejected !== undefined) rejected.push(r.rejected);
  }
  ops.push(...decoder.flush(now));
  return { ops, rejected };
}

function upsert(sourceId: string, osmId: string, tags: Tags, lon: number, lat: number, observedAt: number): UpsertOp {
  return {
    op: 'upsert',
    sourceId,
    type: 'node',
    osmId,
    tags,
    geom: { type: 'Point', coordinates: [lon, lat] },
    observedAt,
  };
}

/** A JSON object with a string `class`, or the reason the line is not one. */
function parseObject(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `Line from gpsd is not JSON: ${describe(text)}.`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `Line from gpsd must be a JSON object, got ${describe(value)}.`;
  }
  const cls = (value as { class?: unknown }).class;
  if (typeof cls !== 'string') return `Line from gpsd has no 'class' name, got ${describe(cls)}.`;
  return value as Record<string, unknown>;
}

/** Sets `key` as the newest entry of a map bounded to `max` entries (the oldest goes first). */
function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
}

/**
 * AIS message bits → one report in plain units, for the types the tracker plots or merges
 * (1, 2, 3, 4, 5, 9, 18, 19, 21, 24, 27). Field offsets, length checks and "not available" values
 * follow gpsd's decoder (driver_ais.c) and its AIVDM documentation. Other types decode to nothing.
 */
import { AIS_TYPES, type AisReport, type AisReportResult, type AisStatic } from '../ais/ais-report.js';
import type { AisBits } from './ais-bits.js';

/** Decodes one reassembled message; undefined for types not listed in AIS_TYPES. */
export function decodeAis(bits: AisBits): AisReportResult {
  const type = bits.uint(0, 6);
  if (!AIS_TYPES.has(type)) return undefined;
  const range = LENGTHS[type] ?? [0, Infinity];
  const part = type === 24 ? bits.uint(38, 2) : -1;
  const [min, max] = type === 24 ? (part === 0 ? [160, 168] : [168, Infinity]) : range;
  if (bits.length < min || bits.length > max) {
    return {
      ok: false,
      reason: `AIS message type ${type} has ${bits.length} bits, outside ${min}–${max === Infinity ? 1008 : max}.`,
    };
  }
  const report: AisReport = { type, mmsi: bits.uint(8, 30), statics: {} };
  switch (type) {
    case 1:
    case 2:
    case 3:
      classA(bits, report);
      break;
    case 4:
      baseStation(bits, report);
      break;
    case 5:
      voyage(bits, report.statics);
      break;
    case 9:
      sar(bits, report);
      break;
    case 18:
    case 19:
      classB(bits, report);
      if (type === 19) extendedB(bits, report.statics);
      break;
    case 21:
      aid(bits, report);
      break;
    case 24:
      if (part > 1) return { ok: false, reason: `AIS message type 24 has part number ${part}, not 0 (A) or 1 (B).` };
      staticB(bits, report, part);
      break;
    case 27:
      longRange(bits, report);
      break;
  }
  return { ok: true, report };
}

/** [min, max] payload bits per type, as gpsd checks them. */
const LENGTHS: Record<number, [number, number]> = {
  1: [163, 204],
  2: [163, 204],
  3: [163, 204],
  4: [168, Infinity],
  5: [420, Infinity],
  9: [168, Infinity],
  18: [168, Infinity],
  19: [312, Infinity],
  21: [272, 368],
  27: [96, 168],
};

function classA(bits: AisBits, r: AisReport): void {
  r.status = bits.uint(38, 4);
  const turn = bits.int(42, 8);
  // -128: no turn information; ±127: turning faster than 5°/30 s with no rate indicator.
  if (Math.abs(turn) <= 126) r.turn = Math.round(Math.sign(turn) * (turn / 4.733) ** 2 * 100) / 100;
  speed(bits.uint(50, 10), r);
  r.accuracy = bits.uint(60, 1) as 0 | 1;
  position(bits.int(61, 28), bits.int(89, 27), 600_000, r);
  course(bits.uint(116, 12), r);
  heading(bits.uint(128, 9), r);
  second(bits.uint(137, 6), r);
}

function baseStation(bits: AisBits, r: AisReport): void {
  const [y, mo, d, h, mi, s] = [
    bits.uint(38, 14),
    bits.uint(52, 4),
    bits.uint(56, 5),
    bits.uint(61, 5),
    bits.uint(66, 6),
    bits.uint(72, 6),
  ];
  if (y > 0 && mo >= 1 && mo <= 12 && d >= 1 && h <= 23 && mi <= 59 && s <= 59) {
    const t = Date.UTC(y, mo - 1, d, h, mi, s);
    if (new Date(t).getUTCDate() === d) r.time = t;
  }
  r.accuracy = bits.uint(78, 1) as 0 | 1;
  position(bits.int(79, 28), bits.int(107, 27), 600_000, r);
}

function voyage(bits: AisBits, st: AisStatic): void {
  positive(st, 'imo', bits.uint(40, 30));
  text(st, 'callsign', bits.text(70, 7));
  text(st, 'name', bits.text(112, 20));
  positive(st, 'shiptype', bits.uint(232, 8));
  dimensions(bits, 240, st);
  positive(st, 'draught', bits.uint(294, 8) / 10);
  text(st, 'destination', bits.text(302, 20));
}

function sar(bits: AisBits, r: AisReport): void {
  const alt = bits.uint(38, 12);
  if (alt !== 4095) r.altitude = alt;
  const sog = bits.uint(50, 10);
  if (sog !== 1023) r.speed = sog;
  r.accuracy = bits.uint(60, 1) as 0 | 1;
  position(bits.int(61, 28), bits.int(89, 27), 600_000, r);
  course(bits.uint(116, 12), r);
  second(bits.uint(128, 6), r);
}

function classB(bits: AisBits, r: AisReport): void {
  speed(bits.uint(46, 10), r);
  r.accuracy = bits.uint(56, 1) as 0 | 1;
  position(bits.int(57, 28), bits.int(85, 27), 600_000, r);
  course(bits.uint(112, 12), r);
  heading(bits.uint(124, 9), r);
  second(bits.uint(133, 6), r);
}

function extendedB(bits: AisBits, st: AisStatic): void {
  text(st, 'name', bits.text(143, 20));
  positive(st, 'shiptype', bits.uint(263, 8));
  dimensions(bits, 271, st);
}

function aid(bits: AisBits, r: AisReport): void {
  const st = r.statics;
  st.aidType = bits.uint(38, 5);
  let name = bits.text(43, 20, true);
  // The name extension (up to 14 more characters) follows the fixed part when the name fills it.
  if (name.length === 20 && bits.length > 272) name += bits.text(272, Math.floor((bits.length - 272) / 6));
  text(st, 'name', name);
  r.accuracy = bits.uint(163, 1) as 0 | 1;
  position(bits.int(164, 28), bits.int(192, 27), 600_000, r);
  dimensions(bits, 219, st);
  second(bits.uint(253, 6), r);
}

function staticB(bits: AisBits, r: AisReport, part: number): void {
  const st = r.statics;
  if (part === 0) {
    text(st, 'name', bits.text(40, 20));
    return;
  }
  positive(st, 'shiptype', bits.uint(40, 8));
  text(st, 'callsign', bits.text(90, 7));
  // An auxiliary craft (MMSI 98xxxxxxx) carries its mothership's MMSI where others carry dimensions.
  if (Math.floor(r.mmsi / 10_000_000) !== 98) dimensions(bits, 132, st);
}

function longRange(bits: AisBits, r: AisReport): void {
  r.accuracy = bits.uint(38, 1) as 0 | 1;
  r.status = bits.uint(40, 4);
  position(bits.int(44, 18), bits.int(62, 17), 600, r);
  const sog = bits.uint(79, 6);
  if (sog !== 63) r.speed = sog;
  const cog = bits.uint(85, 9);
  if (cog < 360) r.course = cog;
}

/** Sets lon/lat from minutes scaled by `scale`; 181° / 91° mean "not available". */
function position(lon: number, lat: number, scale: number, r: AisReport): void {
  const x = lon / scale;
  const y = lat / scale;
  if (Math.abs(x) <= 180 && Math.abs(y) <= 90) {
    r.lon = x;
    r.lat = y;
  }
}

function speed(raw: number, r: AisReport): void {
  if (raw !== 1023) r.speed = raw / 10;
}

function course(raw: number, r: AisReport): void {
  if (raw < 3600) r.course = raw / 10;
}

function heading(raw: number, r: AisReport): void {
  if (raw < 360) r.heading = raw;
}

function second(raw: number, r: AisReport): void {
  if (raw < 60) r.second = raw;
}

function dimensions(bits: AisBits, start: number, st: AisStatic): void {
  positive(st, 'length', bits.uint(start, 9) + bits.uint(start + 9, 9));
  positive(st, 'beam', bits.uint(start + 18, 6) + bits.uint(start + 24, 6));
}

function positive<K extends 'imo' | 'shiptype' | 'draught' | 'length' | 'beam'>(
  st: AisStatic,
  key: K,
  value: number,
): void {
  if (value > 0) st[key] = value;
}

function text<K extends 'name' | 'callsign' | 'destination'>(st: AisStatic, key: K, value: string): void {
  const trimmed = value.trim();
  if (trimmed !== '') st[key] = trimmed;
}

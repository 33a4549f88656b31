// The nmea decoder against gpsd's own regression data: its AIS samples with gpsd's decoded JSON,
// and real receiver logs with the TPV reports gpsd made of them (test/fixtures/SOURCES.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unarmor } from '../../electron/core/connectors/nmea/ais-bits.js';
import { createFragmentAssembler } from '../../electron/core/connectors/nmea/ais-fragments.js';
import { AIS_TYPES, type AisReport } from '../../electron/core/connectors/ais/ais-report.js';
import { decodeAis } from '../../electron/core/connectors/nmea/ais-messages.js';
import {
  createNmeaDecoder,
  decodeNmeaText,
  type DecodedLines,
} from '../../electron/core/connectors/nmea/nmea-decoder.js';
import { parseSentence, xorChecksum } from '../../electron/core/connectors/nmea/nmea-sentence.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const read = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');
const jsonLines = (path: string) =>
  read(path)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
/** gpsd's logs and samples comment with `#`. */
const sentences = (path: string) =>
  read(path)
    .split('\n')
    .filter((l) => /^[$!]/.test(l));
const KN = 0.514444;
const NOW = Date.UTC(2026, 2, 10, 12, 0, 30, 500);

/** Every AIS report of a file, decoded sentence by sentence as the decoder does. */
function aisReports(lines: string[]): { reports: AisReport[]; rejected: string[] } {
  const assembler = createFragmentAssembler({ timeoutMs: 10_000, maxPending: 64 });
  const reports: AisReport[] = [];
  const rejected: string[] = [];
  for (const line of lines) {
    const parsed = parseSentence(line.trim());
    if (!parsed.ok) {
      rejected.push(parsed.reason);
      continue;
    }
    const [count, index, seqId, channel, payload, fill] = parsed.sentence.fields as string[];
    let whole: { payload: string; fillBits: number } | undefined = { payload: payload!, fillBits: Number(fill) };
    if (Number(count) > 1) {
      whole = assembler.add(
        {
          kind: 'VDM',
          count: Number(count),
          index: Number(index),
          seqId: seqId!,
          channel: channel!,
          payload: payload!,
          fillBits: Number(fill),
        },
        0,
      ).message;
    }
    if (!whole) continue;
    const decoded = decodeAis(unarmor(whole.payload, whole.fillBits)!);
    if (decoded?.ok) reports.push(decoded.report);
    else if (decoded) rejected.push(decoded.reason);
  }
  return { reports, rejected };
}

/** A gpsd text field as we keep it: '' means absent. */
const text = (v: unknown) => (v === '' || v === undefined ? undefined : v);
const positive = (v: unknown) => (typeof v === 'number' && v > 0 ? v : undefined);

describe('AIS decoding against gpsd (test/sample.aivdm and its .js.chk)', () => {
  const { reports } = aisReports(sentences('ais/sample.aivdm'));
  const expected = jsonLines('ais/sample.aivdm.js.chk').filter(
    (j) => j.scaled === true && AIS_TYPES.has(j.type as number),
  );

  it('decodes every report gpsd decodes, with gpsd’s values', () => {
    expect(expected.length).toBe(25);
    for (const g of expected) {
      const mine = reports.filter((r) => r.mmsi === g.mmsi && r.type === g.type);
      expect(mine.length, `MMSI ${String(g.mmsi)} type ${String(g.type)}`).toBeGreaterThan(0);
      // gpsd prints type 24 once, when part B follows part A: compare the parts merged.
      const r = g.type === 24 ? { ...mine[0]!, statics: Object.assign({}, ...mine.map((m) => m.statics)) } : mine[0]!;
      const at = `MMSI ${String(g.mmsi)} type ${String(g.type)}`;
      if (typeof g.lon === 'number' && Math.abs(g.lon) <= 180 && Math.abs(g.lat as number) <= 90) {
        // Type 27 positions are in 1/10 minute; gpsd prints them with 4 decimals.
        const digits = g.type === 27 ? 4 : 6;
        expect(r.lon, at).toBeCloseTo(g.lon, digits);
        expect(r.lat, at).toBeCloseTo(g.lat as number, digits);
      } else {
        expect(r.lon, at).toBeUndefined();
      }
      if (g.speed !== undefined) expect(r.speed, at).toBe(g.speed === 102.3 ? undefined : g.speed);
      if (g.course !== undefined) expect(r.course, at).toBe(g.course === 360 ? undefined : g.course);
      if (g.heading !== undefined) expect(r.heading, at).toBe(g.heading === 511 ? undefined : g.heading);
      if (g.second !== undefined) expect(r.second, at).toBe((g.second as number) < 60 ? g.second : undefined);
      if (g.alt !== undefined) expect(r.altitude, at).toBe(g.alt);
      if (g.status !== undefined) expect(r.status, at).toBe(g.status);
      if (g.accuracy !== undefined) expect(r.accuracy, at).toBe(g.accuracy ? 1 : 0);
      if (g.turn === '0.00') expect(r.turn, at).toBe(0);
      if (g.turn === 'n/a' || g.turn === 'fastleft' || g.turn === 'fastright') expect(r.turn, at).toBeUndefined();
      if (g.timestamp !== undefined) {
        const valid = /^\d{4}-(0[1-9]|1[0-2])-\d\dT([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/.test(g.timestamp as string);
        expect(r.time, at).toBe(valid ? Date.parse(g.timestamp as string) : undefined);
      }
      const st = r.statics;
      if (g.shipname !== undefined) expect(st.name, at).toBe(text(g.shipname));
      if (g.name !== undefined) expect(st.name, at).toBe(text(g.name));
      if (g.callsign !== undefined) expect(st.callsign, at).toBe(text(g.callsign));
      if (g.shiptype !== undefined) expect(st.shiptype, at).toBe(positive(g.shiptype));
      if (g.imo !== undefined) expect(st.imo, at).toBe(positive(g.imo));
      if (g.destination !== undefined) expect(st.destination, at).toBe(text(g.destination));
      if (g.draught !== undefined) expect(st.draught, at).toBe(positive(g.draught));
      if (g.aid_type !== undefined) expect(st.aidType, at).toBe(g.aid_type);
      if (g.to_bow !== undefined) {
        expect(st.length, at).toBe(positive((g.to_bow as number) + (g.to_stern as number)));
        expect(st.beam, at).toBe(positive((g.to_port as number) + (g.to_starboard as number)));
      }
    }
  });

  it('maps them to objects with the common AIS mapping, static data merged into the vessel', () => {
    const out = decodeNmeaText(sentences('ais/sample.aivdm').join('\n'), { sourceId: 's', now: NOW });
    const byId = new Map(out.ops.map((op) => [op.osmId, op]));
    const a = byId.get('371798000')!;
    expect(a.tags).toMatchObject({
      kind: 'ship',
      heading: 215,
      'ais:course': 224,
      'ais:class': 'A',
      'ais:status': 0,
      'ais:accuracy': 1,
    });
    expect(a.tags.speed).toBeCloseTo(12.3 * KN, 9);
    expect(a.geom).toEqual({
      type: 'Point',
      coordinates: [expect.closeTo(-123.3953833, 6), expect.closeTo(48.3816333, 6)],
    });
    // UTC second 33: the latest time at or before arrival (12:00:30.5) with that second.
    expect(a.observedAt).toBe(Date.UTC(2026, 2, 10, 11, 59, 33));
    expect(byId.get('440348000')!.tags.heading).toBe(93.4); // true heading 511: the course
    expect(byId.get('3669702')!).toMatchObject({
      tags: { kind: 'base_station' },
      observedAt: Date.parse('2007-05-14T19:57:39Z'),
    });
    expect(byId.get('111232511')!.tags).toMatchObject({ kind: 'aircraft', altitude: 303, heading: 154.5 });
    expect(byId.get('111232511')!.tags.speed).toBeCloseTo(42 * KN, 9);
    expect(byId.get('123456789')!.tags).toMatchObject({
      kind: 'aton',
      name: 'CHINA ROSE MURPHY EXPRESS ALERT',
      'ais:aid_type': 20,
    });
    expect(byId.get('367059850')!.tags).toMatchObject({
      kind: 'ship',
      name: 'CAPT.J.RIMES',
      'ais:shiptype': 70,
      'ais:class': 'B',
      'ais:length': 26,
      'ais:beam': 8,
    });
    expect(byId.get('206914217')!.tags).toMatchObject({ kind: 'ship', heading: 167, 'ais:status': 2 });
    for (const op of out.ops) expect(op.type).toBe('node');
  });
});

describe('GPS and AIS from one real receiver log (gpsd test/daemon/ais-nmea.nmea)', () => {
  const log = sentences('gpsd/ais-nmea.nmea');
  const chk = jsonLines('nmea/ais-nmea.nmea.tpv-ais.chk');
  const out = decodeNmeaText(log.join('\n'), { sourceId: 's', now: NOW });

  it('stores one receiver observation per fix epoch with gpsd’s values', () => {
    const fixes = out.ops.filter((op) => op.osmId === 'gps-gp');
    // One per RMC epoch of the log.
    expect(fixes.length).toBe(164);
    // gpsd's last TPV of each epoch holds every field of it (gpsd reported 161 of the 164 epochs).
    const tpvByTime = new Map<string, Record<string, unknown>>();
    for (const j of chk) if (j.class === 'TPV' && typeof j.time === 'string') tpvByTime.set(j.time, j);
    expect(tpvByTime.size).toBe(161);
    let compared = 0;
    for (const fix of fixes) {
      const g = tpvByTime.get(new Date(fix.observedAt).toISOString());
      if (!g) continue;
      compared += 1;
      const [lon, lat] = (fix.geom as { coordinates: number[] }).coordinates;
      expect(lon).toBeCloseTo(g.lon as number, 6);
      expect(lat).toBeCloseTo(g.lat as number, 6);
      expect(fix.tags.altitude).toBeCloseTo(g.altMSL as number, 3);
      expect(fix.tags['gps:alt_hae']).toBeCloseTo(g.altHAE as number, 3);
      // gpsd prints m/s with 3 decimals.
      expect(Math.abs((fix.tags.speed as number) - (g.speed as number))).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(fix.tags).toMatchObject({ kind: 'receiver', 'gps:mode': 3, 'gps:quality': 1 });
    }
    expect(compared).toBe(161);
    expect(out.rejected).toEqual([]);
  });

  it('decodes the log’s AIS like gpsd and merges SEA ENTERPRISE’s static data when it reports a position', () => {
    // The .chk prints each AIS report twice in a row; gpsd prints a type 24 once its part B is in.
    const lines = read('nmea/ais-nmea.nmea.tpv-ais.chk')
      .split('\n')
      .filter((l) => l.includes('"class":"AIS"'));
    const ais = lines
      .filter((l, i) => l !== lines[i - 1])
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((j) => AIS_TYPES.has(j.type as number));
    expect(ais.length).toBe(160);
    const { reports, rejected } = aisReports(log.filter((l) => l.startsWith('!')));
    expect(rejected).toEqual([]);
    let next = 0;
    for (const g of ais) {
      while (next < reports.length && (reports[next]!.mmsi !== g.mmsi || reports[next]!.type !== g.type)) next += 1;
      const r = reports[next]!;
      expect(r, `MMSI ${String(g.mmsi)} type ${String(g.type)}`).toBeDefined();
      next += 1;
      // This .chk is unscaled: positions in 1/10000 minute, speed and course in tenths.
      if (typeof g.lon === 'number' && Math.abs(g.lon) <= 108_000_000 && Math.abs(g.lat as number) <= 54_000_000) {
        expect(r.lon).toBeCloseTo(g.lon / 600_000, 6);
        expect(r.lat).toBeCloseTo((g.lat as number) / 600_000, 6);
      }
      if (typeof g.speed === 'number' && g.speed !== 1023) expect(r.speed).toBeCloseTo(g.speed / 10, 9);
      if (typeof g.shipname === 'string') {
        // A type 24's name is in its part A, a report of its own.
        const names =
          g.type === 24 ? reports.filter((m) => m.mmsi === g.mmsi).map((m) => m.statics.name) : [r.statics.name];
        expect(names).toContain(text(g.shipname));
      }
    }
    const vessel = out.ops.filter((op) => op.osmId === '371255000').at(-1);
    expect(vessel?.tags).toMatchObject({ kind: 'ship', 'ais:class': 'A', 'ais:status': 5 }); // gpsd: status 5, moored
    expect(vessel?.tags).toMatchObject({
      name: 'SEA ENTERPRISE',
      'ais:callsign': 'HP6683',
      'ais:imo': 9266633,
      'ais:shiptype': 90,
      'ais:destination': 'LEMMER',
      'ais:draught': 1.4,
      'ais:length': 28,
      'ais:beam': 7,
    });
  });
});

describe('GPS with the GN talker (gpsd test/daemon/neo-m8n.nmea, u-blox NEO-M8N)', () => {
  it('updates one receiver object named after the talker, with gpsd’s positions and heights', () => {
    const out = decodeNmeaText(sentences('nmea/neo-m8n.nmea').join('\n'), { sourceId: 's', now: NOW });
    expect(new Set(out.ops.map((op) => op.osmId))).toEqual(new Set(['gps-gn']));
    const tpv = jsonLines('nmea/neo-m8n.nmea.tpv.chk').filter(
      (j) => typeof j.time === 'string' && j.altMSL !== undefined,
    );
    const first = out.ops.find((op) => op.tags.altitude !== undefined)!;
    const g = tpv[0]!;
    expect((first.geom as { coordinates: number[] }).coordinates[0]).toBeCloseTo(g.lon as number, 6);
    expect((first.geom as { coordinates: number[] }).coordinates[1]).toBeCloseTo(g.lat as number, 6);
    expect(first.tags).toMatchObject({
      altitude: g.altMSL,
      'gps:alt_hae': g.altHAE,
      'gps:satellites': 12,
      'gps:hdop': 0.91,
    });
    // The RMC says 18 March 2015 (gpsd's 2034 is its GPS week-rollover guess for this old receiver).
    expect(new Date(first.observedAt).toISOString()).toBe('2015-03-18T17:19:26.000Z');
    expect(out.rejected).toEqual([]);
  });

  it('can be given a configured receiver id', () => {
    const out = decodeNmeaText(sentences('nmea/neo-m8n.nmea').slice(0, 20).join('\n'), {
      sourceId: 's',
      now: NOW,
      receiverId: 'mast',
    });
    expect(out.ops.length).toBeGreaterThan(0);
    for (const op of out.ops) expect(op.osmId).toBe('mast');
  });
});

/** A sentence with its checksum computed. */
const sentence = (start: '!' | '$', body: string) =>
  `${start}${body}*${xorChecksum(body).toString(16).toUpperCase().padStart(2, '0')}`;

describe('bad input and fragments', () => {
  const fresh = () => ({
    decoder: createNmeaDecoder({ sourceId: 's' }),
    out: { ops: [], rejected: [] } as DecodedLines,
  });
  // EVER DIADEM's type 5 from gpsd's sample, then a type 1 for the same MMSI to see the merge.
  const part1 = '!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C';
  const part2 = '!AIVDM,2,2,1,A,88888888880,2*25';

  it('reassembles fragments that arrive out of order', () => {
    const { decoder, out } = fresh();
    decoder.line(part2, NOW, out);
    decoder.line(part1, NOW, out);
    expect(out.rejected).toEqual([]);
    const { reports } = aisReports([part1, part2]);
    expect(reports[0]?.statics.name).toBeDefined();
  });

  it('drops a message whose fragment never arrives, with the reason, after the timeout', () => {
    const { decoder, out } = fresh();
    decoder.line(part1, NOW, out);
    decoder.flush(NOW + 1000, out);
    expect(out.rejected).toEqual([]);
    decoder.flush(NOW + 10_000, out);
    expect(out.rejected).toEqual([
      "AIS VDM message with sequence id '1' on channel 'A' timed out after 10000 ms: fragment 2 of 2 never arrived.",
    ]);
  });

  it('refuses bad checksums, garbage, half sentences and bad fields, one sentence each', () => {
    const { decoder, out } = fresh();
    decoder.line('!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0*28', NOW, out);
    decoder.line('\u0000\u00ff garbage \u0007', NOW, out);
    decoder.line('$GPRMC,213950.00,A,5250.536', NOW, out);
    decoder.line(sentence('$', 'GPRMC,213950.00,A,52X0.53669,N,00542.34920,E,0.020,,070420,,,A'), NOW, out);
    decoder.line(sentence('!', 'AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,9'), NOW, out);
    decoder.line(sentence('!', 'AIVDM,1,1,,B,1{{{,0'), NOW, out);
    decoder.line(sentence('!', 'AIVDM,1,1,,B,1,0'), NOW, out);
    expect(out.ops).toEqual([]);
    expect(out.rejected).toEqual([
      "Sentence checksum is 29, the line says 28: '!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0*28'.",
      "Line is not an NMEA sentence: '?? garbage ?'.",
      "Sentence has no checksum: '$GPRMC,213950.00,A,5250.536'.",
      "GPRMC latitude '52X0.53669' is not a valid ddmm.mmmm angle.",
      expect.stringContaining("bad fill-bit count '9'"),
      "AIS payload holds characters outside the six-bit alphabet: '1{{{'.",
      'AIS message type 1 has 6 bits, outside 163–204.',
    ]);
  });

  it('reads a tag block’s time as the arrival of the sentence it carries', () => {
    const { decoder, out } = fresh();
    const body = 'c:1586295590';
    const block = `\\${body}*${xorChecksum(body).toString(16).toUpperCase().padStart(2, '0')}\\`;
    decoder.line(`${block}!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0*29`, NOW, out);
    // Second 47 of the report, at or before 2020-04-07T21:39:50Z.
    expect(out.ops[0]?.observedAt).toBe(Date.parse('2020-04-07T21:39:47Z'));
    decoder.line(`\\c:1586295590*00\\!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0*29`, NOW, out);
    expect(out.rejected[0]).toContain('Tag block checksum 00');
  });
});

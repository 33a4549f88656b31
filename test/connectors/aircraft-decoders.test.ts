// The three ADS-B decoders against real peer output: readsb/dump1090-fa aircraft.json (from
// dump1090-exporter's tests), Debian's dump1090-mutability (its aircraft.json and its port-30003
// SBS text for real Mode S frames), and the state vectors of OpenSky's own deserializer test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  aircraftStateFromJson,
  decodeAircraftJson,
} from '../../electron/core/connectors/aircraft-json/decode-aircraft-json.js';
import { createSbsDecoder, decodeSbs } from '../../electron/core/connectors/sbs/decode-sbs.js';
import { decodeOpenskyStates } from '../../electron/core/connectors/opensky/decode-states.js';
import type { IngestOp } from '../../electron/core/ingest/types.js';

const dir = join(__dirname, '..', 'fixtures', 'adsb');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');
const now = Date.UTC(2026, 11, 7);
type Upsert = Extract<IngestOp, { op: 'upsert' }>;
const upserts = (ops: IngestOp[]) => ops.filter((o): o is Upsert => o.op === 'upsert');
const coords = (op: Upsert) => (op.geom as unknown as { coordinates: [number, number] }).coordinates;

describe('aircraft.json', () => {
  it('decodes the readsb / dump1090-fa dialect in SI units, time = now − seen_pos', () => {
    const out = decodeAircraftJson(JSON.parse(fixture('readsb-dump1090-exporter-aircraft.json')), {
      sourceId: 's',
      now,
    });
    expect(out.rejected).toEqual([]);
    expect(out.withoutPosition).toBe(1);
    const [op] = upserts(out.ops);
    expect(op?.osmId).toBe('7c495b');
    expect(op?.type).toBe('node');
    expect(coords(op!)[0]).toBeCloseTo(138.264509, 6);
    expect(coords(op!)[1]).toBeCloseTo(-34.909653, 6);
    expect(op?.observedAt).toBe(1633214706600);
    expect({ ...op?.tags }).toEqual({
      kind: 'aircraft',
      name: 'RXA4362',
      speed: 80.25, // 156 kt
      heading: 269.6,
      altitude: 2331.7, // 7650 ft
      'adsb:on_ground': false,
      'adsb:alt_geom': 2225, // 7300 ft
      'adsb:vert_rate': 5.2, // 1024 ft/min (geom_rate)
      'adsb:squawk': '4023',
      'adsb:category': 'A2',
      'adsb:rssi': -2.1,
    });
  });

  it("reads dump1090-mutability's dialect; aircraft without a position are counted, not plotted", () => {
    const file = JSON.parse(fixture('dump1090-mutability-aircraft.json')) as {
      aircraft: Array<Record<string, unknown>>;
    };
    const out = decodeAircraftJson(file, { sourceId: 's', now });
    expect(out).toEqual({ ops: [], rejected: [], withoutPosition: 5 });
    const byHex = new Map(file.aircraft.map((a) => [a.hex as string, a]));
    const ground = aircraftStateFromJson(byHex.get('484175')!, '484175');
    expect(ground).toMatchObject({ altitude: 0, onGround: true, track: 92 });
    expect(ground.speed).toBeCloseTo(18 * 0.514444, 6);
    const descending = aircraftStateFromJson(byHex.get('485020')!, '485020');
    expect(descending.vertRate).toBeCloseTo(-832 * 0.00508, 6);
    expect(descending.speed).toBeCloseTo(159 * 0.514444, 6);
    expect(aircraftStateFromJson(byHex.get('40621d')!, '40621d').altitude).toBeCloseTo(38000 * 0.3048, 6);
    expect(aircraftStateFromJson(byHex.get('4840d6')!, '4840d6').callsign).toBe('KLM1023');
  });

  it('refuses a bad file and bad records with a sentence naming the field', () => {
    expect(decodeAircraftJson([1, 2], { sourceId: 's', now }).rejected).toEqual([
      "An aircraft.json must be an object with an 'aircraft' array.",
    ]);
    const out = decodeAircraftJson(
      { now: 1, aircraft: [{ hex: 'zz' }, 7, { hex: '~30C34D', lat: 95, lon: 0 }, { hex: 'abcdef', lat: 1, lon: 2 }] },
      { sourceId: 's', now },
    );
    expect(out.rejected).toEqual([
      'aircraft[0].hex must be 6 hex digits (optionally after \'~\'), got "zz".',
      'aircraft[1] must be an object.',
      'Aircraft ~30c34d: latitude must be within -90..90, got 95.',
    ]);
    expect(upserts(out.ops).map((o) => o.osmId)).toEqual(['abcdef']);
  });
});

describe('SBS (BaseStation port 30003)', () => {
  it("merges dump1090-mutability's messages per ICAO and yields one op per position", () => {
    const out = decodeSbs(fixture('dump1090-mutability-sbs.txt'), { sourceId: 's', timeZone: 'utc', now });
    expect(out.rejected).toEqual([]);
    const ops = upserts(out.ops);
    expect(ops.map((o) => o.osmId)).toEqual(['484175', '40621d', '40621d', '484175']);
    // pyModeS decodes the same frames to 52.2572, 3.91937 at 38000 ft.
    const airborne = ops[1]!;
    expect(coords(airborne)[1]).toBeCloseTo(52.2572, 6);
    expect(coords(airborne)[0]).toBeCloseTo(3.91937, 6);
    expect(airborne.observedAt).toBe(Date.UTC(2026, 11, 6, 23, 49, 52, 524));
    expect({ ...airborne.tags }).toEqual({ kind: 'aircraft', altitude: 11582.4, 'adsb:on_ground': false });
    const surface = ops[3]!;
    expect(coords(surface)[1]).toBeCloseTo(52.32304, 6);
    expect(coords(surface)[0]).toBeCloseTo(4.73047, 6);
    expect({ ...surface.tags }).toEqual({
      kind: 'aircraft',
      altitude: 0,
      speed: 9.77, // 19 kt
      heading: 140,
      'adsb:on_ground': true,
    });
  });

  it('adds the callsign, velocity and squawk heard earlier to the next position', () => {
    const decoder = createSbsDecoder({ sourceId: 's', timeZone: 'utc' });
    const lines = [
      'MSG,1,1,1,4840D6,1,2026/12/06,23:49:52.323,2026/12/06,23:49:52.323,KLM1023 ,,,,,,,,,,,0',
      'MSG,4,1,1,4840D6,1,2026/12/06,23:49:52.825,2026/12/06,23:49:52.825,,,159,184,,,-832,,,,,0',
      'MSG,6,1,1,4840D6,1,2026/12/06,23:49:52.900,2026/12/06,23:49:52.900,,,,,,,,7700,0,1,0,0',
    ];
    for (const line of lines) expect(decoder.decodeLine(line, now)).toBeUndefined();
    const op = decoder.decodeLine(
      'MSG,3,1,1,4840D6,1,2026/12/06,23:49:53.000,2026/12/06,23:49:53.000,,38000,,,52.2572,3.91937,,,,,,0',
      now,
    ) as Upsert;
    expect({ ...op.tags }).toEqual({
      kind: 'aircraft',
      name: 'KLM1023',
      speed: 81.8,
      heading: 184,
      altitude: 11582.4,
      'adsb:vert_rate': -4.23,
      'adsb:squawk': '7700',
      'adsb:on_ground': false,
    });
    expect(decoder.size()).toBe(1);
  });

  it('refuses garbage, half lines and bad fields with a sentence, ignoring other valid line types', () => {
    const out = decodeSbs(
      [
        '\u0000\u00ff garbage',
        'MSG,3,1,1,40621D',
        'MSG,3,1,1,XYZ,1,2026/12/06,23:49:52.524,2026/12/06,23:49:52.524,,38000,,,52.2,3.9,,,,,,0',
        'MSG,3,1,1,40621D,1,2026/12/06,23:49:52.524,2026/12/06,23:49:52.524,,high,,,52.2,3.9,,,,,,0',
        'STA,,5,179,400AE7,10103,2008/11/28,14:58:51.153,2008/11/28,14:58:51.153,RM',
        '',
      ].join('\n'),
      { sourceId: 's', timeZone: 'utc', now },
    );
    expect(out.ops).toEqual([]);
    expect(out.rejected).toEqual([
      "An SBS line must start with MSG, SEL, ID, AIR, STA or CLK, got '\u0000\u00ff garbage'.",
      "An SBS MSG line needs at least 11 fields, got 5: 'MSG,3,1,1,40621D'.",
      "SBS field 5 (hex ident) must be 6 hex digits, got 'XYZ'.",
      "Aircraft 40621d: SBS field 12 (altitude) must be a number, got 'high'.",
    ]);
  });
});

describe('OpenSky states/all', () => {
  it("decodes the state vectors of OpenSky's deserializer test (longitude before latitude)", () => {
    const out = decodeOpenskyStates(JSON.parse(fixture('opensky-states-deserializer-test.json')), {
      sourceId: 's',
      now,
    });
    expect(out.rejected).toEqual([]);
    expect(out.withoutPosition).toBe(1); // the vector with null time_position and position
    const ops = upserts(out.ops);
    expect(ops).toHaveLength(5);
    const first = ops[0]!;
    expect(first.osmId).toBe('cabeef');
    expect(coords(first)).toEqual([1, 2]);
    expect(first.observedAt).toBe(1_001_000);
    expect({ ...first.tags }).toEqual({
      kind: 'aircraft',
      name: 'ABCDEFG',
      speed: 4,
      heading: 5,
      altitude: 3,
      'adsb:on_ground': false,
      'adsb:alt_geom': 6743.7,
      'adsb:vert_rate': 6,
      'adsb:squawk': '6714',
      'opensky:origin_country': 'USA',
    });
    expect({ ...ops[1]!.tags }).toEqual({
      kind: 'aircraft',
      altitude: 3,
      'adsb:on_ground': false,
      'adsb:alt_geom': 6743.7,
      'opensky:origin_country': 'USA',
    });
    // 19 fields: extra fields are tolerated ("additional_unused" is no category); on the ground.
    expect(ops[4]!.tags['adsb:on_ground']).toBe(true);
    expect(ops[4]!.tags['adsb:category']).toBeUndefined();
    expect(ops[4]!.tags.altitude).toBe(3);
  });

  it("decodes the real vector quoted in OpenSky's test (FDX1869 over California)", () => {
    const [op] = upserts(
      decodeOpenskyStates(JSON.parse(fixture('opensky-states-fdx1869.json')), { sourceId: 's', now }).ops,
    );
    expect(coords(op!)[0]).toBeCloseTo(-121.8445, 6);
    expect(coords(op!)[1]).toBeCloseTo(37.2541, 6);
    expect(op!.tags).toMatchObject({
      name: 'FDX1869',
      speed: 236.88,
      heading: 142.2,
      altitude: 6553.2,
      'adsb:vert_rate': 13.33,
    });
    expect(op!.observedAt).toBe(1507198218000);
  });

  it('maps the extended category (index 17) to the DO-260B letters', () => {
    const vector = ['a086d8', 'FDX1869 ', 'United States', 1, 1, 0, 0, 0, false, 0, 0, 0, null, 0, null, false, 0];
    const category = (n: unknown) =>
      upserts(decodeOpenskyStates({ states: [[...vector, n]] }, { sourceId: 's', now }).ops)[0]?.tags['adsb:category'];
    expect([0, 1, 2, 6, 8, 9, 15, 16, 20, 21].map(category)).toEqual([
      undefined,
      undefined,
      'A1',
      'A5',
      'A7',
      'B1',
      'B7',
      'C1',
      'C5',
      undefined,
    ]);
  });

  it('refuses short vectors and bad addresses; a null states list is an empty answer', () => {
    expect(decodeOpenskyStates({ time: 1, states: null }, { sourceId: 's', now })).toEqual({
      ops: [],
      rejected: [],
      withoutPosition: 0,
    });
    const out = decodeOpenskyStates(
      { time: 1, states: [[null, 'X', 'USA', 1, 1, 1, 2, 3, false, 4, 5, 6, null], 'x', Array(17).fill(null)] },
      { sourceId: 's', now },
    );
    expect(out.rejected).toEqual([
      'states[0] must be an array of at least 17 fields, got 13 fields.',
      'states[1] must be an array of at least 17 fields, got string.',
      'states[2][0] (icao24) must be 6 hex digits, got null.',
    ]);
  });
});

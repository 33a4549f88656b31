// The gpsd decoder against gpsd 3.22's own regression output (test/fixtures/gpsd, BSD-2-Clause):
// AIS reports raw and scaled, TPV fixes of a moving receiver, and bad lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGpsdDecoder, decodeGpsdText } from './gpsd-decoder.js';
import { AIS_TYPES } from '../ais/ais-report.js';
import { KNOTS_TO_MS } from '../ais/ais-tags.js';

const FIXTURES = join(__dirname, '../../../../test/fixtures/gpsd');
const NOW = Date.UTC(2026, 11, 6, 12, 0, 30, 500);

type Json = Record<string, unknown>;
const lines = (file: string): string[] =>
  readFileSync(join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'));
const objects = (file: string): Json[] => lines(file).map((l) => JSON.parse(l) as Json);

/** gpsd's scaled reading of a report: the peer's decoded values in degrees and knots. */
function expectMatchesScaled(tags: Json, coords: number[], peer: Json): void {
  // gpsd prints type 27's coarse position (1/10 minute) with one decimal, the others with six.
  const digits = peer.type === 27 ? 1 : 6;
  expect(coords[0]).toBeCloseTo(peer.lon as number, digits);
  expect(coords[1]).toBeCloseTo(peer.lat as number, digits);
  if (typeof peer.speed === 'number' && peer.type !== 9 && peer.type !== 27) {
    expect(tags.speed).toBeCloseTo((peer.speed as number) * KNOTS_TO_MS, 6);
  }
  if (typeof peer.course === 'number' && (peer.course as number) < 360) {
    expect(tags['ais:course']).toBeCloseTo(peer.course as number, 6);
  }
  const heading = peer.heading as number | undefined;
  if (heading !== undefined && heading < 360) expect(tags.heading).toBe(heading);
  else if (tags['ais:course'] !== undefined) expect(tags.heading).toBe(tags['ais:course']);
}

describe('createGpsdDecoder: AIS', () => {
  const raw = objects('sample.aivdm.ju.chk');
  const scaled = objects('sample.aivdm.js.chk');

  it('maps every positioned report of gpsd sample.aivdm to the values gpsd itself scaled', () => {
    const rawOut = decodeGpsdText(lines('sample.aivdm.ju.chk').join('\n'), 'src', NOW);
    const scaledOut = decodeGpsdText(lines('sample.aivdm.js.chk').join('\n'), 'src', NOW);
    expect(rawOut.rejected).toEqual([]);
    expect(scaledOut.rejected).toEqual([]);
    const positioned = scaled.filter(
      (o) => AIS_TYPES.has(o.type as number) && ![5, 24].includes(o.type as number) && Math.abs(o.lat as number) <= 90,
    );
    // Types 1 (×4), 2, 3, 4 (×2; of the other two one is "not available", one out of range), 9 (×2),
    // 18 (×3), 19, 21 (×2) and 27 (×2).
    expect(positioned.length).toBe(18);
    expect(rawOut.ops.length).toBe(positioned.length);
    expect(scaledOut.ops.length).toBe(positioned.length);
    positioned.forEach((peer, i) => {
      for (const op of [rawOut.ops[i]!, scaledOut.ops[i]!]) {
        expect(op.osmId).toBe(String(peer.mmsi));
        expect(op.geom.type).toBe('Point');
        expectMatchesScaled(op.tags as Json, (op.geom as { coordinates: number[] }).coordinates, peer);
      }
    });
  });

  it('reads the kinds, names, statics and codes of the common mapping', () => {
    const out = decodeGpsdText(lines('sample.aivdm.ju.chk').join('\n'), 'src', NOW);
    const byId = new Map(out.ops.map((op) => [op.osmId, op.tags]));
    expect(byId.get('371798000')).toMatchObject({
      kind: 'ship',
      'ais:class': 'A',
      'ais:status': 0,
      heading: 215,
      'ais:accuracy': 1,
    });
    // Raw turn -127 (fast left, no indicator) has no rate; gpsd writes it as "fastleft" when scaled.
    expect(byId.get('371798000')?.['ais:turn']).toBeUndefined();
    expect(byId.get('440348000')?.heading).toBeCloseTo(93.4, 6); // heading 511 → course over ground
    expect(byId.get('3669702')).toMatchObject({ kind: 'base_station', 'ais:accuracy': 1 });
    expect(byId.get('111232511')).toMatchObject({ kind: 'aircraft', altitude: 303, 'ais:course': 154.5 });
    expect(byId.get('111232511')?.speed).toBeCloseTo(42 * KNOTS_TO_MS, 6);
    expect(byId.get('367059850')).toMatchObject({
      kind: 'ship',
      'ais:class': 'B',
      name: 'CAPT.J.RIMES',
      'ais:shiptype': 70,
      'ais:length': 26,
      'ais:beam': 8,
    });
    expect(byId.get('123456789')).toMatchObject({
      kind: 'aton',
      name: 'CHINA ROSE MURPHY EXPRESS ALERT',
      'ais:aid_type': 20,
    });
    expect(byId.get('206914217')).toMatchObject({ kind: 'ship', 'ais:status': 2, 'ais:course': 167 });
    expect(byId.get('206914217')?.speed).toBeCloseTo(57 * KNOTS_TO_MS, 6);
    const base = out.ops.find((op) => op.osmId === '3669702');
    expect(base?.observedAt).toBe(Date.UTC(2007, 4, 14, 19, 57, 39)); // type 4's own UTC time
  });

  it('keeps the sign of the rate of turn from raw reports and drops the unsigned scaled one', () => {
    const r = raw.find((o) => o.mmsi === 356302000)!; // raw turn 127: fast right, no rate
    const withTurn = { ...r, turn: -45 };
    const out = decodeGpsdText(JSON.stringify(withTurn), 'src', NOW);
    expect(out.ops[0]?.tags['ais:turn']).toBeCloseTo(-Math.round((45 / 4.733) ** 2 * 100) / 100, 6);
    const scaledTurn = { ...scaled.find((o) => o.mmsi === 356302000)!, turn: 90 };
    expect(decodeGpsdText(JSON.stringify(scaledTurn), 'src', NOW).ops[0]?.tags['ais:turn']).toBeUndefined();
  });

  it('merges static data of types 5 and 24 into the next positions of the same vessel (real log)', () => {
    const chk = lines('ais-nmea.nmea.chk').filter((l) => l.startsWith('{"class":"AIS"'));
    const out = decodeGpsdText(chk.join('\n'), 'src', NOW);
    expect(out.rejected).toEqual([]);
    const last = (id: string) => out.ops.filter((op) => op.osmId === id).at(-1)?.tags;
    expect(last('371255000')).toMatchObject({
      kind: 'ship',
      name: 'SEA ENTERPRISE',
      'ais:callsign': 'HP6683',
      'ais:imo': 9266633,
      'ais:shiptype': 90,
      'ais:destination': 'LEMMER',
      'ais:draught': 1.4,
      'ais:length': 28,
      'ais:beam': 7,
    });
    expect(last('211736530')).toMatchObject({
      'ais:class': 'B',
      name: 'LIBERTAS',
      'ais:callsign': 'DK7547',
      'ais:shiptype': 37,
      'ais:length': 11,
    });
  });

  it('re-stores the last position with static data that arrives after it, 1 ms later', () => {
    const d = createGpsdDecoder('src');
    const position = raw.find((o) => o.mmsi === 371798000)!;
    const [first] = d.line(JSON.stringify(position), NOW).ops;
    const voyage = { ...raw.find((o) => o.type === 5)!, mmsi: 371798000 };
    const [again] = d.line(JSON.stringify(voyage), NOW).ops;
    expect(again?.observedAt).toBe(first!.observedAt + 1);
    expect(again?.geom).toEqual(first!.geom);
    expect(again?.tags).toMatchObject({
      ...first!.tags,
      name: 'EVER DIADEM',
      'ais:callsign': '3FOF8',
      'ais:draught': 12.2,
    });
  });

  it('dates a report by its UTC second: the latest such time at or before arrival', () => {
    const r = raw.find((o) => o.mmsi === 371798000)!; // second 33
    const op = decodeGpsdText(JSON.stringify(r), 'src', NOW).ops[0]!;
    expect(op.observedAt).toBe(Date.UTC(2026, 11, 6, 11, 59, 33));
    const unknown = decodeGpsdText(JSON.stringify({ ...r, second: 60 }), 'src', NOW).ops[0]!;
    expect(unknown.observedAt).toBe(NOW);
  });

  it('ignores types without a position object and skips "not available" positions', () => {
    const d = createGpsdDecoder('src');
    const r = raw.find((o) => o.type === 1)!;
    expect(d.line(JSON.stringify({ ...r, lat: 91 * 600_000, lon: 181 * 600_000 }), NOW)).toEqual({ ops: [] });
    expect(
      d.line(
        lines('sample.aivdm.ju.chk').find((l) => l.includes('"type":8,'))!,
        NOW,
      ),
    ).toEqual({ ops: [] });
  });
});

describe('createGpsdDecoder: TPV', () => {
  it('stores one fix per cycle of a moving receiver (gpsd haicom-305N regression output)', () => {
    const chk = lines('haicom-305N.nmea.chk');
    const tpvs = chk.map((l) => JSON.parse(l) as Json).filter((o) => o.class === 'TPV' && typeof o.lat === 'number');
    const lastPerTime = new Map<string, Json>();
    for (const t of tpvs) lastPerTime.set(t.time as string, t);
    const out = decodeGpsdText(
      chk.map((l) => l.replace('{"class":"TPV",', '{"class":"TPV","device":"/dev/ttyUSB0",')).join('\n'),
      'src',
      NOW,
    );
    expect(out.rejected).toEqual([]);
    expect(out.ops.length).toBe(lastPerTime.size);
    const peer = [...lastPerTime.values()];
    out.ops.forEach((op, i) => {
      const t = peer[i]!;
      expect(op.osmId).toBe('/dev/ttyUSB0');
      expect(op.observedAt).toBe(Date.parse(t.time as string));
      const [lon, lat] = (op.geom as { coordinates: number[] }).coordinates;
      expect(lon).toBeCloseTo(t.lon as number, 6);
      expect(lat).toBeCloseTo(t.lat as number, 6);
      expect(op.tags.kind).toBe('receiver');
      expect(op.tags['gps:mode']).toBe(t.mode);
      if (t.speed !== undefined) expect(op.tags.speed).toBeCloseTo(t.speed as number, 6);
      if (t.track !== undefined) expect(op.tags.heading).toBeCloseTo(t.track as number, 6);
      if (t.altMSL !== undefined) expect(op.tags.altitude).toBeCloseTo(t.altMSL as number, 6);
      if (t.altHAE !== undefined) expect(op.tags['gps:alt_hae']).toBeCloseTo(t.altHAE as number, 6);
    });
    const moving = out.ops.filter((op) => (op.tags.speed as number) > 1);
    expect(moving.length).toBeGreaterThan(10);
  });

  it('adds the latest sky view of the device: hdop and satellites used', () => {
    const d = createGpsdDecoder('src');
    d.line('{"class":"SKY","device":"/dev/gps","hdop":1.03,"uSat":9,"satellites":[]}', NOW);
    d.line(
      '{"class":"TPV","device":"/dev/gps","mode":3,"time":"2020-04-07T21:39:50.000Z","lat":52.842278167,"lon":5.70582}',
      NOW,
    );
    d.line(
      '{"class":"SKY","device":"/dev/gps","hdop":1.1,"satellites":[{"used":true},{"used":false},{"used":true}]}',
      NOW,
    );
    const [op] = d.flush(NOW);
    expect(op?.tags).toMatchObject({ 'gps:hdop': 1.1, 'gps:satellites': 2, 'gps:mode': 3 });
  });

  it('holds a fix until its cycle is complete: at the next time, or once it settled', () => {
    const d = createGpsdDecoder('src');
    const tpv = (time: string, extra = '') =>
      `{"class":"TPV","device":"/dev/gps","mode":3,"time":"${time}","lat":52.8,"lon":5.7${extra}}`;
    expect(d.line(tpv('2020-04-07T21:39:50.000Z'), NOW).ops).toEqual([]);
    expect(d.line(tpv('2020-04-07T21:39:50.000Z', ',"altMSL":-6.0'), NOW).ops).toEqual([]);
    const next = d.line(tpv('2020-04-07T21:39:51.000Z'), NOW + 1000);
    expect(next.ops.map((op) => op.tags.altitude)).toEqual([-6]);
    expect(d.flush(NOW + 1500, 1000)).toEqual([]);
    expect(d.flush(NOW + 2000, 1000).map((op) => op.observedAt)).toEqual([Date.parse('2020-04-07T21:39:51.000Z')]);
  });

  it('skips fixes without a position and uses arrival when a fix has no time', () => {
    const d = createGpsdDecoder('src');
    expect(d.line('{"class":"TPV","device":"/dev/gps","mode":1}', NOW)).toEqual({ ops: [] });
    d.line('{"class":"TPV","mode":2,"lat":1,"lon":2}', NOW);
    expect(d.flush(NOW)).toMatchObject([{ osmId: 'gpsd', observedAt: NOW }]);
  });
});

describe('createGpsdDecoder: bad lines', () => {
  const reject = (line: string): string | undefined => createGpsdDecoder('src').line(line, NOW).rejected;

  it('rejects each with one sentence naming the field and the value', () => {
    expect(reject('\u0000\u00ff garbage')).toMatch(/^Line from gpsd is not JSON: /);
    expect(reject('{"class":"TPV","lat":52.1')).toMatch(/^Line from gpsd is not JSON/);
    expect(reject('[1,2]')).toBe('Line from gpsd must be a JSON object, got an array.');
    expect(reject('{"mode":3}')).toBe("Line from gpsd has no 'class' name, got undefined.");
    expect(reject('{"class":"TPV","mode":3,"lat":"52","lon":5}')).toBe(
      "gpsd TPV field 'lat' must be a number, got '52'.",
    );
    expect(reject('{"class":"TPV","mode":3,"lat":95,"lon":5}')).toBe(
      "gpsd TPV field 'lat' must be a latitude in degrees, got 95.",
    );
    expect(reject('{"class":"TPV","mode":3,"lat":5,"lon":5,"time":"yesterday"}')).toBe(
      "gpsd TPV field 'time' must be an ISO 8601 time, got 'yesterday'.",
    );
    expect(reject('{"class":"TPV","mode":3,"lat":5,"lon":5,"time":"2030-01-01T00:00:00Z"}')).toMatch(
      /^gpsd TPV field 'time' is more than a day ahead/,
    );
    expect(reject('{"class":"TPV","device":"/dev/\\ud800","mode":2,"lat":5,"lon":5}')).toMatch(
      /^gpsd TPV report: Field 'device' holds a lone UTF-16 surrogate/,
    );
    expect(reject('{"class":"AIS","type":1,"mmsi":"x"}')).toBe(
      'gpsd AIS field \'mmsi\' must be a 9-digit MMSI, got "x".',
    );
    expect(reject('{"class":"AIS","type":40,"mmsi":1}')).toBe(
      "gpsd AIS field 'type' must be a message type 1–27, got 40.",
    );
    expect(reject('{"class":"AIS","type":1,"mmsi":244660274,"speed":true}')).toBe(
      "gpsd AIS type 1 field 'speed' must be a number or one of 'nan', 'fast', got true.",
    );
    expect(reject('{"class":"ERROR","message":"Unrecognized request \'FOO\'"}')).toBe(
      "gpsd answered with an error: 'Unrecognized request 'FOO''.",
    );
  });

  it('reads VERSION for the log and passes over DEVICES, WATCH and other classes', () => {
    const d = createGpsdDecoder('src');
    expect(d.line('{"class":"VERSION","release":"3.22","rev":"3.22","proto_major":3,"proto_minor":14}', NOW)).toEqual({
      ops: [],
      version: 'gpsd 3.22 (protocol 3.14)',
    });
    expect(d.line('{"class":"DEVICES","devices":[]}', NOW)).toEqual({ ops: [] });
    expect(d.line('{"class":"WATCH","enable":true}', NOW)).toEqual({ ops: [] });
  });

  it('rejects static data whose name is not well-formed text, and keeps the vessel', () => {
    const d = createGpsdDecoder('src');
    const bad = d.line('{"class":"AIS","type":24,"mmsi":244660274,"shipname":"\\ud800"}', NOW);
    expect(bad.rejected).toMatch(/^gpsd AIS report: .*name/);
    const position = d.line(
      '{"class":"AIS","type":18,"mmsi":244660274,"scaled":false,"speed":1,"lon":3406970,"lat":31713237,"course":0,"heading":1,"second":1}',
      NOW,
    );
    expect(position.rejected).toBeUndefined();
    expect(position.ops[0]?.tags.name).toBeUndefined();
  });
});

// The CoT decoder against real events from node-CoT's and FreeTAKServer's test suites, with the
// values those projects decode from them, and against the bad input a listener must survive.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCot, kindOf, type CotUpsert } from '../../electron/core/connectors/cot/cot-decode.js';
import { createCotFramer } from '../../electron/core/connectors/cot/cot-framer.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/cot/${name}`, import.meta.url));

function only(name: string): CotUpsert {
  const decoded = decodeCot(fixture(name), 's1');
  expect(decoded.errors).toEqual([]);
  expect(decoded.ops.length).toBeGreaterThan(0);
  return decoded.ops[0]!;
}

function expectPoint(op: CotUpsert, lon: number, lat: number): void {
  expect(op.geom.type).toBe('Point');
  const [x, y] = (op.geom as { coordinates: number[] }).coordinates;
  expect(x).toBeCloseTo(lon, 6);
  expect(y).toBeCloseTo(lat, 6);
}

describe('decodeCot on peers samples', () => {
  it('maps iTAK position report as node-CoT decodes it (node-CoT test/cot-itak.test.ts)', () => {
    const decoded = decodeCot(fixture('node-cot-itak.xml'), 's1');
    expect(decoded.errors).toEqual([]);
    expect(decoded.ops).toHaveLength(2);
    const op = decoded.ops[0]!;
    expect(op).toMatchObject({
      op: 'upsert',
      sourceId: 's1',
      type: 'node',
      osmId: 'C94B9215-9BD4-4DBE-BDE1-83625F09153F',
    });
    expect(op.observedAt).toBe(Date.parse('2023-07-18T15:23:09.00Z'));
    expectPoint(op, -107.72376567, 41.52309645);
    expect({ ...op.tags }).toEqual({
      kind: 'vehicle',
      name: 'DFPC-iSchmidt',
      speed: 0,
      heading: 137.23542786,
      altitude: 1681.23725821,
      'cot:type': 'a-f-G-E-V-C',
      'cot:how': 'm-g',
      'cot:stale': '2023-07-18T15:25:09.000Z',
      'cot:group': 'Yellow',
      'cot:role': 'Team Member',
      'cot:battery': 100,
    });
    // The second event has a course and no speed: node-CoT leaves speed out, and so do we.
    expect(decoded.ops[1]!.tags.heading).toBe(137.23542786);
    expect('speed' in decoded.ops[1]!.tags).toBe(false);
  });

  it('reads an ATAK-CIV report after an XML declaration (FreeTAKServer TCPCoTServiceController)', () => {
    const op = only('fts-atak-civ.xml');
    expect(op.osmId).toBe('ANDROID-359975090666199');
    expectPoint(op, -66.108013, 43.855695);
    expect(op.tags).toMatchObject({
      kind: 'person',
      name: 'NOVA',
      altitude: 28.2586566130189,
      heading: 255.63907109587313,
      speed: 0,
      'cot:ce': 3.2,
      'cot:battery': 35,
      'cot:group': 'Yellow',
    });
    // le = 9999999 is CoT's "unknown".
    expect('cot:le' in op.tags).toBe(false);
  });

  it('reads a point that follows the detail (FreeTAKServer serializer test)', () => {
    const op = only('fts-atak-point-last.xml');
    expectPoint(op, -76.675505, 39.664392);
    expect(op.tags).toMatchObject({ name: 'SPAC3SLOTH', 'cot:how': 'h-e', 'cot:group': 'Teal', 'cot:battery': 76 });
    expect(op.tags.altitude).toBeCloseTo(178.84407323983876, 9);
  });

  it('maps a UAS (a-f-A-…) as an aircraft', () => {
    const op = only('fts-uas.xml');
    expect(op.tags).toMatchObject({ kind: 'aircraft', name: 'UAS-NOVA', 'cot:ce': 0, 'cot:le': 0 });
    expect(op.tags.altitude).toBeCloseTo(0.11165844181401496, 12);
    expectPoint(op, -66.10800161079035, 43.85566678637877);
  });

  it('keeps a spot marker with unknown height as kind other (node-CoT test/cot-spotted.test.ts)', () => {
    const op = only('node-cot-spotted.xml');
    expect(op.osmId).toBe('9405e320-9356-41c4-8449-f46990aa17f8');
    expectPoint(op, -77.0563755018233, 38.85606343062312);
    expect(op.tags).toMatchObject({ kind: 'other', name: 'R 1', 'cot:type': 'b-m-p-s-m', 'cot:how': 'h-g-i-g-o' });
    expect('altitude' in op.tags).toBe(false);
  });

  it('reads remarks with newlines and flow tags (node-CoT test/newlines.test.ts)', () => {
    const op = only('node-cot-newlines.xml');
    expect(op.tags).toMatchObject({
      kind: 'person',
      name: '9T20',
      altitude: 0,
      'cot:stale': '2024-06-07T15:33:48.669Z',
    });
    expect(op.observedAt).toBe(Date.parse('2024-06-07T15:28:48Z'));
    expectPoint(op, -105.1, 39.1);
  });

  it('reads every sample back to back, as one TCP stream delivers them', () => {
    const names = ['fts-atak-civ.xml', 'node-cot-itak.xml', 'fts-geochat.xml', 'node-cot-spotted.xml', 'fts-uas.xml'];
    const decoded = decodeCot(Buffer.concat(names.map(fixture)), 's1');
    expect(decoded.errors).toEqual([]);
    expect(decoded.ops.map((o) => o.tags.kind)).toEqual(['person', 'vehicle', 'vehicle', 'other', 'other', 'aircraft']);
  });
});

describe('decodeCot on bad input', () => {
  const good = fixture('fts-atak-civ.xml').toString();

  it('skips pings and other t-x control events without refusing them', () => {
    const ping =
      '<event version="2.0" uid="takPing" type="t-x-c-t" time="2024-01-01T00:00:00Z" start="2024-01-01T00:00:00Z" stale="2024-01-01T00:00:20Z" how="h-g-i-g-o"><point lat="0" lon="0" hae="0" ce="9999999" le="9999999"/><detail/></event>';
    expect(decodeCot(ping, 's1')).toEqual({ ops: [], errors: [], skipped: 1 });
  });

  it('refuses an entity bomb without expanding it, and reads the next event', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>' +
      '<event version="2.0" uid="x" type="a-f-G" time="2024-01-01T00:00:00Z" how="m-g"><point lat="1" lon="2"/><detail><remarks>&lol2;</remarks></detail></event>';
    const decoded = decodeCot(bomb + good, 's1');
    expect(decoded.ops.map((o) => o.osmId)).toEqual(['ANDROID-359975090666199']);
    expect(decoded.errors[0]).toMatch(/DOCTYPE or entity declaration was refused/);
    expect(decoded.errors[1]).toMatch(/not well-formed XML/);
  });

  it('names the field and value of a malformed event', () => {
    const bad = (attrs: string, point = '<point lat="1" lon="2"/>') =>
      decodeCot(`<event ${attrs}>${point}</event>`, 's1').errors[0];
    expect(bad('uid="a" type="a-f-G" time="yesterday"')).toBe("CoT event 'a' has a bad time 'yesterday'.");
    expect(bad('uid="a" type="a-f-G" time="2024-01-01T00:00:00Z"', '<point lat="91" lon="2"/>')).toBe(
      "CoT event 'a' has a bad point lat '91'.",
    );
    expect(bad('uid="a" type="a-f-G" time="2024-01-01T00:00:00Z"', '<point lat="1" lon="east"/>')).toBe(
      "CoT event 'a' has a bad point lon 'east'.",
    );
    expect(bad('uid="a" type="a-f-G" time="2024-01-01T00:00:00Z"', '<point lat="1" lon="2" hae="high"/>')).toBe(
      "CoT event 'a' has a bad hae 'high'.",
    );
    expect(bad('type="a-f-G" time="2024-01-01T00:00:00Z"')).toMatch(/uid must be 1 to 255 characters/);
    expect(bad('uid="a" type="a f" time="2024-01-01T00:00:00Z"')).toBe("CoT event 'a' has a bad type 'a f'.");
    expect(bad('uid="a" type="a-f-G" time="2024-01-01T00:00:00Z"', '')).toBe("CoT event 'a' has no <point>.");
  });

  it('counts garbage, TAK protocol 1 bytes and a half event, and goes on', () => {
    const decoded = decodeCot(
      Buffer.concat([Buffer.from('hello\n'), Buffer.from(good), Buffer.from([0xbf, 1, 0xbf, 8])]),
      's1',
    );
    expect(decoded.ops).toHaveLength(1);
    expect(decoded.errors).toHaveLength(2);
    expect(decoded.errors[0]).toMatch(/not an <event> was dropped \(5 bytes\): 'hello'/);
    expect(decoded.errors[1]).toMatch(/TAK protocol 1/);
    expect(decodeCot(good.slice(0, 200), 's1').errors[0]).toMatch(/ended before its end tag/);
  });
});

describe('createCotFramer', () => {
  it('joins events split across chunks at any byte', () => {
    const stream = Buffer.concat([fixture('node-cot-itak.xml'), fixture('fts-atak-civ.xml')]);
    for (const size of [1, 7, 64, 500]) {
      const events: string[] = [];
      const rejects: string[] = [];
      const framer = createCotFramer({ event: (x) => events.push(x), reject: (r) => rejects.push(r) });
      for (let i = 0; i < stream.length; i += size) framer.push(stream.subarray(i, i + size));
      framer.end();
      expect(rejects).toEqual([]);
      expect(events).toHaveLength(3);
    }
  });

  it('drops a 10 MB event once, holds no more than the limit, and reads the next event', () => {
    const events: string[] = [];
    const rejects: string[] = [];
    const framer = createCotFramer({ event: (x) => events.push(x), reject: (r) => rejects.push(r) });
    framer.push(Buffer.from('<event uid="big" type="a-f-G"><detail><remarks>'));
    const block = Buffer.alloc(64 * 1024, 'x');
    for (let i = 0; i < 160; i += 1) framer.push(block);
    framer.push(Buffer.from('</remarks></detail></event>'));
    framer.push(fixture('fts-atak-civ.xml'));
    // 10 MB of garbage with no event at all is one rejection too.
    for (let i = 0; i < 160; i += 1) framer.push(block);
    framer.push(fixture('fts-uas.xml'));
    framer.end();
    expect(rejects).toHaveLength(2);
    expect(rejects[0]).toBe('A CoT event longer than 65536 bytes was dropped.');
    expect(rejects[1]).toMatch(/not an <event> was dropped/);
    expect(events).toHaveLength(2);
  });
});

describe('kindOf', () => {
  it('reads the dimension atom', () => {
    expect(kindOf('a-h-A-M-F')).toBe('aircraft');
    expect(kindOf('a-n-S-X')).toBe('ship');
    expect(kindOf('a-u-U')).toBe('ship');
    expect(kindOf('a-f-G-E-V-C')).toBe('vehicle');
    expect(kindOf('a-f-G-U-C')).toBe('person');
    expect(kindOf('a-f-P')).toBe('other');
    expect(kindOf('b-m-p-s-m')).toBe('other');
  });
});

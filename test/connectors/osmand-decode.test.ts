// The OsmAnd decoder against the requests of Traccar's own OsmAndProtocolDecoderTest (fixture data).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeOsmand, type OsmandDecoded } from '../../electron/core/connectors/osmand/osmand-decode.js';
import { KNOT_MS } from '../../electron/core/connectors/osmand/osmand-fields.js';
import { parseOsmandTime } from '../../electron/core/connectors/osmand/osmand-time.js';

const traccar = JSON.parse(
  readFileSync(new URL('../fixtures/osmand/traccar-osmand-decoder-test.json', import.meta.url), 'utf8'),
) as {
  json_post_bodies: string[];
  query_targets_not_null: string[];
  query_targets_null: string[];
  query_targets_position: string[];
};

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);
const options = { sourceId: 'src', now: NOW };
const get = (target: string, opts: Partial<typeof options> & { allowDevices?: Set<string> } = {}) =>
  decodeOsmand({ target, body: Buffer.alloc(0) }, { ...options, ...opts });
const postJson = (body: string) =>
  decodeOsmand({ target: '/', contentType: 'application/json', body: Buffer.from(body) }, options);

/** The one upsert of an accepted report. */
function only(decoded: OsmandDecoded) {
  if (!decoded.ok) throw new Error(`refused: ${decoded.reason}`);
  expect(decoded.ops).toHaveLength(1);
  const op = decoded.ops[0]!;
  const [lon, lat] = op.geom.type === 'Point' ? op.geom.coordinates : [];
  return { op, lat: lat!, lon: lon!, tags: { ...op.tags } };
}

describe('decodeOsmand on Traccar’s query-string requests', () => {
  const [iso, millis, plain, bearing, minimal, deviceid, batt, location, extras] = traccar.query_targets_position;

  it('decodes every request Traccar asserts a position for, as a person node keyed by the device id', () => {
    for (const target of traccar.query_targets_position) {
      const { op } = only(get(target));
      expect(op).toMatchObject({ op: 'upsert', type: 'node', sourceId: 'src' });
      expect(op.tags['kind']).toBe('person');
    }
  });

  it('reads an ISO 8601 timestamp, hdop, altitude and speed', () => {
    const { op, lat, lon, tags } = only(get(iso!));
    expect(op.osmId).toBe('902064');
    expect(lat).toBeCloseTo(42.06288, 6);
    expect(lon).toBeCloseTo(-88.23412, 6);
    expect(op.observedAt).toBe(Date.UTC(2016, 0, 27, 18, 55, 47));
    expect(tags).toMatchObject({ 'osmand:hdop': 6, altitude: 224, speed: 0 });
  });

  it('reads Unix milliseconds, Unix seconds and yyyy-MM-dd HH:mm:ss (UTC)', () => {
    expect(only(get(millis!)).op.observedAt).toBe(1_442_068_686_579);
    expect(only(get(minimal!)).op.observedAt).toBe(1_377_177_267_000);
    const p = only(get(plain!));
    expect(p.op.observedAt).toBe(Date.UTC(2014, 5, 4, 9, 10, 11));
    expect(p.op.osmId).toBe('353861053849681');
    expect(p.lat).toBeCloseTo(49.60688, 6);
    expect(p.lon).toBeCloseTo(6.15788, 6);
    expect(p.tags['altitude']).toBeCloseTo(384.7, 6);
  });

  it('takes the arrival time when the request has no timestamp, and deviceid as the id', () => {
    const d = only(get(deviceid!));
    expect(d.op.osmId).toBe('123456');
    expect(d.op.observedAt).toBe(NOW);
    expect(d.tags).toMatchObject({ heading: 0, 'osmand:vacc': 0, 'osmand:hacc': 0 });
    expect(only(get(bearing!)).tags).toMatchObject({ heading: 0, altitude: 0, 'osmand:hdop': 0, speed: 0 });
  });

  it('keeps batt, location=lat,lon, and unknown keys as typed tags with speed in m/s', () => {
    expect(only(get(batt!)).tags).toMatchObject({ 'osmand:batt': 87, altitude: 350.059479 });
    const l = only(get(location!));
    expect([l.lat, l.lon]).toEqual([60, 30]);
    const e = only(get(extras!));
    expect(e.lat).toBeCloseTo(40.7232948571, 6);
    expect(e.lon).toBeCloseTo(-74.0061408571, 6);
    expect(e.tags['heading']).toBeCloseTo(7.19889788244, 9);
    expect(e.tags['speed']).toBeCloseTo(40 * 0.514444, 4);
    expect(e.tags).toMatchObject({ 'osmand:ignition': true, 'osmand:rpm': 933, 'osmand:fuel': 24 });
  });

  it('answers a report without a position with no op (Traccar: not null), and without an id with 400', () => {
    const cells = get(traccar.query_targets_not_null[0]!);
    expect(cells).toMatchObject({ ok: true, deviceId: '123456', ops: [] });
    expect(cells.ok && cells.note).toMatch(/no position/);
    const noId = get(traccar.query_targets_null[0]!);
    expect(noId).toEqual({
      ok: false,
      status: 400,
      reason: "The request has no device id (query parameter 'id' or 'deviceid').",
    });
  });

  it('accepts the target without a leading slash and a form body', () => {
    expect(only(get(`?${minimal!.slice(2)}`)).op.osmId).toBe('123456');
    const form = decodeOsmand(
      { target: '/', contentType: 'application/x-www-form-urlencoded', body: Buffer.from(minimal!.slice(2)) },
      options,
    );
    expect(only(form).op.observedAt).toBe(1_377_177_267_000);
  });
});

describe('decodeOsmand on Traccar Client JSON bodies', () => {
  const [first, withExtras, mock, moving] = traccar.json_post_bodies;

  it('reads coords, battery, activity and the timestamp; a negative heading is absent', () => {
    const { op, lat, lon, tags } = only(postJson(first!));
    expect(op.osmId).toBe('48241179');
    expect(lat).toBeCloseTo(37.4219983, 6);
    expect(lon).toBeCloseTo(-122.084, 6);
    expect(op.observedAt).toBe(Date.parse('2025-06-15T13:45:12.862Z'));
    expect(tags).toEqual({
      kind: 'person',
      speed: 0,
      altitude: 5,
      'osmand:accuracy': 5,
      'osmand:batt': 100,
      'osmand:charge': false,
      'osmand:activity': 'still',
      'osmand:event': 'motionchange',
      'osmand:is_moving': false,
      'osmand:odometer': 0,
    });
  });

  it('keeps extras with their JSON types', () => {
    expect(only(postJson(withExtras!)).tags).toMatchObject({
      'osmand:device_string_test': 'long_device_id',
      'osmand:device_bool_test': true,
      'osmand:device_bool_false_test': false,
      'osmand:device_integer_test': 1,
      'osmand:device_double_test': 1.345,
      'osmand:device_very_long_double_test': 1763636.3442,
    });
  });

  it('drops negative speed and battery level (not available)', () => {
    const { op, lat, tags } = only(postJson(mock!));
    expect(op.osmId).toBe('658765');
    expect(lat).toBeCloseTo(37.785834, 6);
    expect(tags['speed']).toBeUndefined();
    expect(tags['heading']).toBeUndefined();
    expect(tags['osmand:batt']).toBeUndefined();
    expect(tags).toMatchObject({ altitude: 0, 'osmand:mock': true, 'osmand:activity': 'unknown' });
  });

  it('takes speed in m/s as sent, heading and battery percentage', () => {
    const { op, lat, lon, tags } = only(postJson(moving!));
    expect(op.osmId).toBe('8737767034');
    expect(lat).toBeCloseTo(-6.1148096, 6);
    expect(lon).toBeCloseTo(106.6837015, 6);
    expect(op.observedAt).toBe(Date.parse('2021-07-21T08:06:34.444Z'));
    expect(tags).toMatchObject({
      speed: 18.67,
      heading: 63,
      altitude: 35.7,
      'osmand:accuracy': 3.8,
      'osmand:batt': 79,
    });
  });

  it('reads a list of records (an offline backlog) as one op each', () => {
    const root = JSON.parse(moving!) as { location: unknown; device_id: string };
    const decoded = postJson(JSON.stringify({ ...root, location: [root.location, root.location] }));
    expect(decoded.ok && decoded.ops).toHaveLength(2);
  });
});

describe('decodeOsmand refusals', () => {
  it('refuses devices outside allow_devices with 403 and accepts the listed ones', () => {
    const allowDevices = new Set(['123456']);
    expect(get('/?id=123456&lat=1&lon=2', { allowDevices }).ok).toBe(true);
    expect(get('/?id=999&lat=1&lon=2', { allowDevices })).toEqual({
      ok: false,
      status: 403,
      reason: "Device '999' is not in this source's allow_devices.",
    });
  });

  it.each([
    ['/?id=1&lat=abc&lon=2', "Query parameter 'lat' must be a number, got 'abc'."],
    ['/?id=1&lat=91&lon=2', 'Latitude must be between -90 and 90, got 91.'],
    [
      '/?id=1&lat=1&lon=2&timestamp=yesterday',
      "The query parameter 'timestamp' must be Unix seconds, Unix milliseconds, ISO 8601 or 'yyyy-MM-dd HH:mm:ss', got 'yesterday'.",
    ],
    ['/?id=1&location=1;2', "Query parameter 'location' must be 'lat,lon', got '1;2'."],
    [
      '/?id=1&lat=1&lon=2&timestamp=2099-01-01T00:00:00Z',
      "The query parameter 'timestamp' '2099-01-01T00:00:00Z' is more than a day in the future.",
    ],
  ])('answers 400 with one sentence for %s', (target, reason) => {
    expect(get(target)).toEqual({ ok: false, status: 400, reason });
  });

  it('answers 400 for a JSON body that is not JSON or has no device_id', () => {
    expect(postJson('{"location":')).toMatchObject({ ok: false, status: 400 });
    expect(postJson('{"location":{"coords":{"latitude":1,"longitude":2}}}')).toEqual({
      ok: false,
      status: 400,
      reason: "The request has no device id (field 'device_id').",
    });
    expect(postJson('{"device_id":"a","location":{"coords":{"latitude":"1","longitude":2}}}')).toEqual({
      ok: false,
      status: 400,
      reason: 'Field \'location.coords.latitude\' must be a number, got "1".',
    });
  });
});

describe('parseOsmandTime', () => {
  it('reads every form Traccar reads, zones included', () => {
    expect(parseOsmandTime('1377177267')).toBe(1_377_177_267_000);
    expect(parseOsmandTime(1_442_068_686_579)).toBe(1_442_068_686_579);
    expect(parseOsmandTime('2016-01-27T18:55:47')).toBe(Date.UTC(2016, 0, 27, 18, 55, 47));
    expect(parseOsmandTime('2016-01-27T20:55:47+0200')).toBe(Date.UTC(2016, 0, 27, 18, 55, 47));
    expect(parseOsmandTime('2016-01-27T18:55:47.123456Z')).toBe(Date.UTC(2016, 0, 27, 18, 55, 47, 123));
    expect(parseOsmandTime('2014-06-04 09:10:11')).toBe(Date.UTC(2014, 5, 4, 9, 10, 11));
    expect(parseOsmandTime('2014-13-04 09:10:11')).toBeUndefined();
    expect(parseOsmandTime('-5')).toBeUndefined();
  });

  it('converts knots exactly', () => {
    expect(KNOT_MS).toBeCloseTo(0.514444, 6);
  });
});

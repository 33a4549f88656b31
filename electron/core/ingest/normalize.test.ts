import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.js';
import { featureToOps, normalizePublisherObject, type UpsertOp } from './normalize.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const err = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    return (error as AppError).message;
  }
  throw new Error('expected a throw');
};
const base = { osm_id: 42, type: 'node', tags: { name: 'a' }, geom: { type: 'Point', coordinates: [1, 2] } };

describe('normalizePublisherObject', () => {
  it('turns the original hub object into an upsert op of the authenticated source', () => {
    const op = normalizePublisherObject({ ...base, source_id: 'someone-else' }, 'src-1', NOW);
    expect(op).toMatchObject({
      op: 'upsert',
      sourceId: 'src-1',
      type: 'node',
      osmId: '42',
      geom: { type: 'Point', coordinates: [1, 2] },
      observedAt: NOW,
    });
    expect(Object.getPrototypeOf(op.tags)).toBeNull();
    expect(normalizePublisherObject({ ...base, osm_id: ' w1 ', geom: 'POINT(3 4)' }, 's', NOW).osmId).toBe('w1');
    expect(normalizePublisherObject({ ...base, tags: undefined }, 's', NOW).tags).toEqual(Object.create(null));
  });

  it('reads observed_at as ISO text or epoch ms, and refuses bad or far-future times', () => {
    expect(normalizePublisherObject({ ...base, observed_at: '2025-12-31T23:00:00Z' }, 's', NOW).observedAt).toBe(
      NOW - 3_600_000,
    );
    expect(normalizePublisherObject({ ...base, observed_at: NOW - 5 }, 's', NOW).observedAt).toBe(NOW - 5);
    expect(err(() => normalizePublisherObject({ ...base, observed_at: 'yesterday' }, 's', NOW))).toBe(
      "Field 'observed_at' must be an ISO 8601 time or epoch milliseconds, got 'yesterday'.",
    );
    expect(err(() => normalizePublisherObject({ ...base, observed_at: '2026-13-45T00:00:00Z' }, 's', NOW))).toMatch(
      /is not a valid time/,
    );
    expect(err(() => normalizePublisherObject({ ...base, observed_at: NOW + 2 * 86_400_000 }, 's', NOW))).toMatch(
      /more than a day in the future/,
    );
  });

  it('refuses each bad field with a sentence naming it', () => {
    expect(err(() => normalizePublisherObject({ ...base, type: 'area' }, 's', NOW))).toBe(
      "Field 'type' must be 'node', 'way' or 'relation', got 'area'.",
    );
    expect(err(() => normalizePublisherObject({ ...base, osm_id: undefined }, 's', NOW))).toBe(
      "Field 'osm_id' must be a string or a number, got nothing.",
    );
    expect(err(() => normalizePublisherObject({ ...base, osm_id: '  ' }, 's', NOW))).toBe(
      "Field 'osm_id' must not be empty.",
    );
    expect(err(() => normalizePublisherObject({ ...base, osm_id: 'x'.repeat(256) }, 's', NOW))).toMatch(
      /at most 255 characters/,
    );
    expect(err(() => normalizePublisherObject({ ...base, geom: 'LINESTRING(0 0, 1 1)' }, 's', NOW))).toBe(
      "Field 'geom' must be a Point for a node, got LineString.",
    );
    expect(err(() => normalizePublisherObject({ ...base, tags: { speed: NaN } }, 's', NOW))).toBe(
      "Tag 'tags.speed' must be a finite number, got NaN.",
    );
    expect(err(() => normalizePublisherObject({ ...base, tainted: 'yes' }, 's', NOW))).toMatch(
      /'tainted' must be a boolean/,
    );
    expect(err(() => normalizePublisherObject('hello', 's', NOW))).toBe(
      "An object message must be a JSON object, got 'hello'.",
    );
    expect(
      err(() =>
        normalizePublisherObject(
          JSON.parse('{"osm_id":1,"type":"node","geom":"POINT(0 0)","tags":{"__proto__":1}}'),
          's',
          NOW,
        ),
      ),
    ).toMatch(/'__proto__' .* reserved/);
  });

  it('refuses a lone UTF-16 surrogate in osm_id, tag keys and tag values, naming the field', () => {
    // JSON.parse turns the escape into a lone surrogate, as a publisher's frame would.
    const parsed = (json: string): unknown => JSON.parse(json);
    const obj = (over: string) =>
      parsed(`{"type":"node","geom":{"type":"Point","coordinates":[1,2]},"osm_id":"ok","tags":{},${over}}`);
    expect(err(() => normalizePublisherObject(obj('"osm_id":"abc\\ud800"'), 'src-1', NOW))).toBe(
      "Field 'osm_id' holds a lone UTF-16 surrogate at character 3; send well-formed Unicode text.",
    );
    expect(err(() => normalizePublisherObject(obj('"osm_id":"\\udc00x"'), 'src-1', NOW))).toContain(
      "Field 'osm_id' holds a lone UTF-16 surrogate at character 0",
    );
    expect(err(() => normalizePublisherObject(obj('"tags":{"name":"x\\ud83d"}'), 'src-1', NOW))).toBe(
      "Tag 'tags.name' holds a lone UTF-16 surrogate at character 1; send well-formed Unicode text.",
    );
    expect(err(() => normalizePublisherObject(obj('"tags":{"k\\udfff":"v"}'), 'src-1', NOW))).toContain(
      "A tag key in 'tags' holds a lone UTF-16 surrogate",
    );
    const feature = parsed('{"type":"Feature","id":"a\\ud800","properties":{},"geometry":null}');
    expect(String(featureToOps(feature, 'src-1', NOW)[0])).toContain("'feature.id' holds a lone UTF-16 surrogate");
    // Well-formed pairs (an emoji) and other Unicode are kept exactly.
    const ok = normalizePublisherObject(
      obj('"osm_id":"ship \\ud83d\\udea2 é","tags":{"🚢":"⛴ \\ud83d\\udea2"}'),
      's',
      NOW,
    );
    expect(ok.osmId).toBe('ship 🚢 é');
    expect(ok.tags['🚢']).toBe('⛴ 🚢');
  });

  it('refuses deep nesting without recursing into it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(err(() => normalizePublisherObject({ ...base, extra: deep }, 's', NOW))).toBe(
      "Field 'object' is nested more than 32 levels deep.",
    );
  });
});

describe('featureToOps', () => {
  const point = { type: 'Point', coordinates: [5, 6] };
  it('maps a Feature: type from geometry, id from feature.id, tags from properties', () => {
    const [op] = featureToOps(
      { type: 'Feature', id: 7, geometry: point, properties: { name: 'x', speed: 3, note: null, meta: { a: 1 } } },
      's',
      NOW,
    );
    expect(op).not.toBeInstanceOf(AppError);
    expect(op).toMatchObject({ type: 'node', osmId: '7', sourceId: 's' });
    expect({ ...(op as UpsertOp).tags }).toEqual({ name: 'x', speed: 3, meta: '{"a":1}' });
  });

  it("reads our own export's features back: osm_id and osm_type win over the feature's uuid, metadata is not tags", () => {
    const exported = {
      type: 'Feature',
      id: '01a2192f-b48b-7747-9060-362451a1f3ff',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      properties: {
        type: 'multipolygon',
        osm_id: '77',
        osm_type: 'relation',
        source_id: 'src',
        observed_at: '2025-01-01T00:00:00.000Z',
        tainted: true,
      },
    };
    const [op] = featureToOps(exported, 's', NOW);
    expect(op).toMatchObject({
      type: 'relation',
      osmId: '77',
      sourceId: 's',
      observedAt: Date.parse('2025-01-01T00:00:00Z'),
    });
    expect({ ...(op as UpsertOp).tags }).toEqual({ type: 'multipolygon' });
  });

  it('takes ids from properties and osmtogeojson ids and tags', () => {
    const line = {
      type: 'LineString',
      coordinates: [
        [0, 0],
        [1, 1],
      ],
    };
    const ops = featureToOps(
      {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: line, properties: { osm_id: 'abc', observed_at: '2025-01-01T00:00:00Z' } },
          { type: 'Feature', geometry: point, properties: { id: 9 } },
          {
            type: 'Feature',
            id: 'relation/55',
            geometry: line,
            properties: { type: 'relation', id: 55, tags: { type: 'route' } },
          },
          { type: 'Feature', geometry: { type: 'MultiPoint', coordinates: [[0, 0]] }, properties: { osm_id: 1 } },
        ],
      },
      's',
      NOW,
    ) as UpsertOp[];
    expect(ops.map((o) => [o.type, o.osmId])).toEqual([
      ['way', 'abc'],
      ['node', '9'],
      ['relation', '55'],
      ['relation', '1'],
    ]);
    expect(ops[0]!.observedAt).toBe(Date.parse('2025-01-01T00:00:00Z'));
    expect({ ...ops[0]!.tags }).toEqual({});
    expect({ ...ops[2]!.tags }).toEqual({ type: 'route' });
  });

  it('refuses bad features one by one and keeps the good ones', () => {
    const results = featureToOps(
      {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: point, properties: {} },
          { type: 'Feature', id: 1, geometry: point, properties: {} },
          { type: 'Feature', id: 2, geometry: { type: 'Point', coordinates: [500, 0] }, properties: {} },
          'nope',
        ],
      },
      's',
      NOW,
    );
    expect(results.map((r) => (r instanceof AppError ? r.message : 'ok'))).toEqual([
      "Field 'features[0]' has no id: set 'id' or 'properties.osm_id'.",
      'ok',
      "Field 'features[2].geometry.coordinates' longitude must be between -180 and 180, got 500.",
      "Field 'features[3]' must be a GeoJSON Feature, got 'nope'.",
    ]);
  });

  it('answers one error for something that is not GeoJSON', () => {
    const [e] = featureToOps({ type: 'Topology' }, 's', NOW);
    expect((e as AppError).message).toBe("A GeoJSON message must be a Feature or FeatureCollection, got 'Topology'.");
    expect((featureToOps({ type: 'FeatureCollection', features: 3 }, 's', NOW)[0] as AppError).message).toBe(
      "Field 'features' must be an array, got 3.",
    );
  });
});

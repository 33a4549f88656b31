// Feed messages decode object by object in every format the hub accepts.
import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode-messages.js';

const obj = (id: string, lon = 1) => ({
  osm_id: id,
  type: 'node',
  tags: { kind: 'car' },
  geom: { type: 'Point', coordinates: [lon, 2] },
});
const opts = { format: 'auto' as const, sourceId: 's1', now: Date.UTC(2026, 0, 1) };

describe('decodeMessage', () => {
  it('decodes a single object, a batch, an array, a Feature and a FeatureCollection', () => {
    expect(decodeMessage(obj('a'), opts).ops).toHaveLength(1);
    expect(decodeMessage({ type: 'objects', seq: 1, objects: [obj('a'), obj('b')] }, opts).ops).toHaveLength(2);
    expect(decodeMessage([obj('a'), obj('b'), obj('c')], opts).ops).toHaveLength(3);
    const feature = {
      type: 'Feature',
      id: 'f',
      properties: { kind: 'ship' },
      geometry: { type: 'Point', coordinates: [1, 2] },
    };
    expect(decodeMessage(feature, opts).ops[0]).toMatchObject({
      op: 'upsert',
      sourceId: 's1',
      osmId: 'f',
      type: 'node',
    });
    expect(decodeMessage({ type: 'FeatureCollection', features: [feature, feature] }, opts).ops).toHaveLength(2);
    expect(decodeMessage({ type: 'ping' }, opts)).toEqual({ ops: [], errors: [] });
  });

  it('keeps the good objects of a batch and reports the bad ones by position', () => {
    const { ops, errors } = decodeMessage({ type: 'objects', objects: [obj('a'), obj('b', 999), obj('c')] }, opts);
    expect(ops.map((o) => (o.op === 'upsert' ? o.osmId : ''))).toEqual(['a', 'c']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^In objects\[1\]: /);
  });

  it('refuses messages in a format the source is not set to, and non-objects', () => {
    const feature = { type: 'Feature', id: 'f', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } };
    expect(decodeMessage(feature, { ...opts, format: 'native' }).errors).toEqual([
      "Message is GeoJSON, but the source's format is 'native'.",
    ]);
    expect(decodeMessage(obj('a'), { ...opts, format: 'geojson' }).errors).toEqual([
      "Message is a native object message, but the source's format is 'geojson'.",
    ]);
    expect(decodeMessage(obj('a'), { ...opts, format: 'native' }).ops).toHaveLength(1);
    expect(decodeMessage(42, opts).errors).toEqual(['Message must be a JSON object or array, got 42.']);
    expect(decodeMessage({ type: 'objects', objects: 3 }, opts).errors).toEqual([
      "Field 'objects' of a batch message must be an array.",
    ]);
  });
});

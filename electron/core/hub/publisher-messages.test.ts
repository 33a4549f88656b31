// Publisher frames → IngestOps: every accepted shape, and refusals that name the problem.
import { describe, expect, it } from 'vitest';
import { decodePublisherFrame } from './publisher-messages.js';

const opts = { sourceId: 'src', maxBatchObjects: 3, now: 1_700_000_000_000 };
const frame = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const obj = (id: string) => ({
  osm_id: id,
  type: 'node',
  tags: { name: id },
  geom: { type: 'Point', coordinates: [1, 2] },
});

describe('decodePublisherFrame', () => {
  it('decodes a single object under the authenticated source, ignoring any source field', () => {
    const m = decodePublisherFrame(frame({ ...obj('a'), source_id: 'other' }), opts);
    expect(m.kind).toBe('single');
    expect(m.kind !== 'ping' && m.ops[0]).toMatchObject({
      op: 'upsert',
      sourceId: 'src',
      osmId: 'a',
      observedAt: opts.now,
    });
  });
  it('decodes a batch with its seq, a Feature and a FeatureCollection', () => {
    const b = decodePublisherFrame(frame({ type: 'objects', seq: 7, objects: [obj('a'), obj('b')] }), opts);
    expect(b).toMatchObject({ kind: 'batch', seq: 7 });
    const f = {
      type: 'Feature',
      id: 'f1',
      geometry: { type: 'Point', coordinates: [1, 2] },
      properties: { name: 'x' },
    };
    expect(decodePublisherFrame(frame(f), opts).kind).toBe('single');
    const fc = decodePublisherFrame(frame({ type: 'FeatureCollection', features: [f, { ...f, id: 'f2' }] }), opts);
    expect(fc.kind === 'batch' && fc.ops.length).toBe(2);
  });
  it('answers ping', () => {
    expect(decodePublisherFrame(frame({ type: 'ping', seq: 'x' }), opts)).toEqual({ kind: 'ping', seq: 'x' });
  });
  it.each([
    ['not JSON', '{"osm_id":', /not valid JSON/],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), /UTF-8/],
    [
      'a bad field in a batch',
      { type: 'objects', seq: 1, objects: [obj('a'), { ...obj('b'), type: 'blob' }] },
      /objects\[1\].*'type'/,
    ],
    ['too many objects', { type: 'objects', seq: 1, objects: [obj('a'), obj('b'), obj('c'), obj('d')] }, /limit of 3/],
    ['an empty batch', { type: 'objects', seq: 1, objects: [] }, /at least one/],
    [
      'deep nesting',
      JSON.stringify({ ...obj('a'), tags: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)) as unknown }),
      /nest/,
    ],
    ['a scalar', '42', /JSON object/],
  ])('refuses %s', (_name, input, message) => {
    const buf = Buffer.isBuffer(input) ? input : frame(input);
    expect(() => decodePublisherFrame(buf, opts)).toThrow(message);
  });
  it('keeps the seq of a refused batch', () => {
    try {
      decodePublisherFrame(frame({ type: 'objects', seq: 9, objects: 'x' }), opts);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'INVALID_INPUT', seq: 9 });
    }
  });
});

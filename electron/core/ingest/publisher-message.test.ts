// The one message reader under both policies: the hub's (refuse the message) and the feeds' (refuse the object).
import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.js';
import { readPublisherMessage, type ReadMessageOptions } from './publisher-message.js';

const base = { sourceId: 's1', now: Date.UTC(2026, 0, 1), maxObjects: 3 };
const hub: ReadMessageOptions = { ...base, controls: new Set(['ping']), refuse: 'message' };
const feed: ReadMessageOptions = { ...base, controls: new Set(['ping', 'pong', 'ack']), refuse: 'object' };
const obj = (id: string, lon = 1) => ({
  osm_id: id,
  type: 'node',
  tags: { kind: 'car' },
  geom: { type: 'Point', coordinates: [lon, 2] },
});
const feature = (id: string, lon = 1) => ({
  type: 'Feature',
  id,
  properties: { kind: 'ship' },
  geometry: { type: 'Point', coordinates: [lon, 2] },
});
const osmIds = (r: ReturnType<typeof readPublisherMessage>) => (r.kind === 'control' ? [] : r.ops.map((o) => o.osmId));
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_INPUT');
    return (err as AppError).message;
  }
  throw new Error('expected a refusal');
};

describe('readPublisherMessage', () => {
  it.each([
    ['hub', hub],
    ['feed', feed],
  ])('reads every shape the same way for the %s', (_name, o) => {
    expect(readPublisherMessage(obj('a'), o)).toMatchObject({ kind: 'single', errors: [] });
    expect(osmIds(readPublisherMessage({ type: 'objects', objects: [obj('a'), obj('b')] }, o))).toEqual(['a', 'b']);
    expect(osmIds(readPublisherMessage([obj('a'), obj('b'), obj('c')], o))).toEqual(['a', 'b', 'c']);
    expect(readPublisherMessage(feature('f'), o)).toMatchObject({
      kind: 'single',
      ops: [{ osmId: 'f', type: 'node' }],
    });
    const fc = readPublisherMessage({ type: 'FeatureCollection', features: [feature('f'), feature('g')] }, o);
    expect(fc.kind).toBe('batch');
    expect(osmIds(fc)).toEqual(['f', 'g']);
    expect(readPublisherMessage({ type: 'ping' }, o)).toEqual({ kind: 'control', type: 'ping' });
    expect(refusal(() => readPublisherMessage(42, o))).toBe('Message must be a JSON object or array, got 42.');
    expect(refusal(() => readPublisherMessage({ type: 'objects', objects: 'x' }, o))).toBe(
      "Field 'objects' of a batch message must be an array.",
    );
    expect(refusal(() => readPublisherMessage([obj('a'), obj('b'), obj('c'), obj('d')], o))).toBe(
      "Field 'objects' holds 4 objects, more than the limit of 3.",
    );
  });

  it('hub: the first bad object refuses the whole message, named by position; feed: it costs only itself', () => {
    const batch = { type: 'objects', objects: [obj('a'), obj('b', 999), obj('c', 999)] };
    expect(refusal(() => readPublisherMessage(batch, hub))).toMatch(/^In objects\[1\]: .*longitude/);
    const read = readPublisherMessage(batch, feed);
    expect(osmIds(read)).toEqual(['a']);
    expect(read.kind !== 'control' && read.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^In objects\[1\]: /),
      expect.stringMatching(/^In objects\[2\]: /),
    ]);
    const fc = { type: 'FeatureCollection', features: [feature('f'), feature('g', 999)] };
    expect(refusal(() => readPublisherMessage(fc, hub))).toMatch(/features\[1\]/);
    expect(osmIds(readPublisherMessage(fc, feed))).toEqual(['f']);
  });

  it('hub: an empty batch is refused; feed: it is nothing', () => {
    expect(refusal(() => readPublisherMessage({ type: 'objects', objects: [] }, hub))).toBe(
      "Field 'objects' must hold at least one object, got an empty array.",
    );
    expect(refusal(() => readPublisherMessage({ type: 'FeatureCollection', features: [] }, hub))).toBe(
      "Field 'features' must hold at least one feature, got an empty array.",
    );
    expect(readPublisherMessage([], feed)).toEqual({ kind: 'batch', ops: [], errors: [] });
  });

  it('reads only the control frames the caller names; others are objects', () => {
    expect(readPublisherMessage({ type: 'ack' }, feed)).toEqual({ kind: 'control', type: 'ack' });
    expect(refusal(() => readPublisherMessage({ type: 'ack' }, hub))).toMatch(/'type'/);
  });

  it('refuses a shape outside the format the sender is set to, and reads it under auto', () => {
    expect(refusal(() => readPublisherMessage(feature('f'), { ...feed, format: 'native' }))).toBe(
      "Message is GeoJSON, but the source's format is 'native'.",
    );
    expect(refusal(() => readPublisherMessage(obj('a'), { ...feed, format: 'geojson' }))).toBe(
      "Message is a native object message, but the source's format is 'geojson'.",
    );
    expect(osmIds(readPublisherMessage(feature('f'), { ...feed, format: 'auto' }))).toEqual(['f']);
  });
});

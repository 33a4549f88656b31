// JSON-array mapping with field paths: good items become native objects, bad ones are reported.
import { describe, expect, it } from 'vitest';
import { mapJsonArray, readPath } from './json-mapping.js';

describe('readPath', () => {
  it('reads dotted and indexed paths, and nothing for missing ones', () => {
    const v = { a: { b: [{ c: 1 }, { c: 2 }] } };
    expect(readPath(v, 'a.b.1.c')).toBe(2);
    expect(readPath(v, 'a.b[0].c')).toBe(1);
    expect(readPath(v, 'a.x.c')).toBeUndefined();
    expect(readPath(v, 'a.b.constructor')).toBeUndefined();
  });
});

describe('mapJsonArray', () => {
  const mapping = { id: 'id', lon: 'lon', lat: 'lat' };

  it('maps id, lon, lat, type, tags (object path or per-key paths) and observed_at', () => {
    const { objects, errors } = mapJsonArray(
      [
        { id: 1, lon: 8, lat: '47.5', kind: 'way', props: { name: 'A', nested: { x: 1 } }, t: '2026-01-01T00:00:00Z' },
        { id: 'b', lon: 9, lat: 48 },
      ],
      { ...mapping, type: 'kind', tags: 'props', observed_at: 't' },
    );
    expect(errors).toEqual([]);
    expect(objects[0]).toEqual({
      osm_id: '1',
      type: 'way',
      tags: { name: 'A' },
      geom: { type: 'Point', coordinates: [8, 47.5] },
      observed_at: '2026-01-01T00:00:00Z',
    });
    expect(objects[1]?.type).toBe('node');
    const perKey = mapJsonArray([{ id: 1, lon: 0, lat: 0, s: { v: 3 } }], {
      ...mapping,
      tags: { speed: 's.v', gone: 'nope' },
    });
    expect(perKey.objects[0]?.tags).toEqual({ speed: 3 });
  });

  it('reports items without an id or with bad coordinates, and non-array answers', () => {
    const { objects, errors } = mapJsonArray(
      [
        { lon: 1, lat: 1 },
        { id: 2, lon: 200, lat: 1 },
        { id: 3, lon: 1, lat: 'x' },
        { id: 4, lon: 1, lat: 2 },
      ],
      mapping,
    );
    expect(objects.map((o) => o.osm_id)).toEqual(['4']);
    expect(errors).toEqual([
      "Item 0 field 'id' (id) must be a string or number, got nothing.",
      "Item 1 field 'lon' (lon) must be a number in -180..180, got 200.",
      "Item 2 field 'lat' (lat) must be a number in -90..90, got 'x'.",
    ]);
    expect(mapJsonArray({ data: 1 }, { ...mapping, items: 'data' }).errors).toEqual([
      "Field 'data' of the response must be a JSON array, got 1.",
    ]);
    expect(mapJsonArray({}, mapping).errors).toEqual(['The response must be a JSON array, got an object.']);
  });
});

// Changes cross to the rules worker as columns: what the worker rebuilds is exactly what was sent,
// for every shape a committed change can have, and the columns survive a structured clone.
import { describe, expect, it } from 'vitest';
import type { OsmObject, Tags } from '../../contract/domain.js';
import { decodeChanges, encodeChanges } from './change-columns.js';

const tags = (t: Record<string, string | number | boolean>): Tags => Object.assign(Object.create(null) as Tags, t);

const base = {
  source_id: 'src-1',
  observed_at: '2026-03-10T08:00:00.000Z',
  created_at: '2026-03-10T07:00:00.000Z',
  updated_at: '2026-03-10T08:00:00.000Z',
};

const ship: OsmObject = {
  ...base,
  id: 'a',
  osm_id: '244660000',
  type: 'node',
  tags: tags({ kind: 'ship', name: 'Ever Given', speed: 12.5, moored: false }),
  geom: { type: 'Point', coordinates: [7.42, 43.73] },
};

const quay: OsmObject = {
  ...base,
  id: 'b',
  osm_id: '123',
  type: 'way',
  source_id: 'src-2',
  tainted: true,
  tags: tags({ man_made: 'quay' }),
  geom: {
    type: 'Polygon',
    coordinates: [
      [
        [7.42, 43.73],
        [7.43, 43.73],
        [7.43, 43.74],
        [7.42, 43.73],
      ],
    ],
  },
};

const edited: OsmObject = {
  ...base,
  id: 'c',
  osm_id: 'car-7',
  type: 'node',
  tainted: false,
  tags: tags({ name: 'Patrol 7' }),
  overrides: { name: { value: 'Patrol 7', feed: 'P7' } },
  // A 3D point is kept whole, not read as lon/lat.
  geom: { type: 'Point', coordinates: [2.35, 48.85, 35] },
};

const untagged: OsmObject = { ...base, id: 'd', osm_id: 'x', type: 'node', tags: tags({}), geom: ship.geom };

describe('change columns', () => {
  it('rebuild every change as it was sent, in order, deletions included', () => {
    const changes = [ship, 'gone-1', quay, edited, untagged, 'gone-2'];
    const decoded = decodeChanges(structuredClone(encodeChanges(changes)));
    expect(decoded).toEqual(changes);
    const first = decoded[0] as OsmObject;
    expect(Object.getPrototypeOf(first.tags)).toBe(null);
    expect(first.tags.speed).toBe(12.5);
    expect(first.tags.moored).toBe(false);
    expect('tainted' in first).toBe(false);
    expect((decoded[2] as OsmObject).tainted).toBe(true);
    expect((decoded[3] as OsmObject).tainted).toBe(false);
  });

  it('store each repeated string once', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ ...ship, id: `s${i}` }));
    const columns = encodeChanges(many);
    // One source id, three times, four tag keys.
    expect(columns.strings).toHaveLength(1 + 2 + 4);
    expect(columns.tagKeys).toHaveLength(400);
    expect(decodeChanges(columns)).toEqual(many);
  });

  it('encode an empty list', () => {
    expect(decodeChanges(encodeChanges([]))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { OsmObject } from '../../../../electron/contract/domain.js';
import { toEntry } from '../../state/live-objects.js';
import { hitTest } from './hit-test.js';

const t = '2026-01-01T00:00:00.000Z';
const base = { osm_id: 'x', tags: {}, source_id: 's', observed_at: t, created_at: t, updated_at: t };
const point = (id: string, lon: number, lat: number) =>
  toEntry({ ...base, id, type: 'node', geom: { type: 'Point', coordinates: [lon, lat] } } as OsmObject);
const line = (id: string) =>
  toEntry({
    ...base,
    id,
    type: 'way',
    geom: {
      type: 'LineString',
      coordinates: [
        [-10, 0],
        [10, 0],
      ],
    },
  } as OsmObject);
// World 1024 px wide at zoom 2, origin at the top-left of the world.
const view = { scale: 1024, ox: 0, oy: 0, width: 1024, height: 1024 };

describe('hitTest', () => {
  it('finds the nearest point within the radius', () => {
    const a = point('a', 0, 0);
    const b = point('b', 1, 0);
    expect(hitTest([a, b], view, 512 + 2.5, 512, 10)?.id).toBe('b');
  });
  it('answers null when nothing is within the radius', () => {
    expect(hitTest([point('a', 0, 0)], view, 600, 600, 10)).toBeNull();
  });
  it('finds a line by its segment and prefers a point on top of it', () => {
    expect(hitTest([line('w')], view, 530, 514, 10)?.id).toBe('w');
    expect(hitTest([line('w'), point('p', 5, 0)], view, 512 + 1024 * (5 / 360), 512, 10)?.id).toBe('p');
  });
});

describe('hitTest on static areas', () => {
  const area = (id: string, tags: OsmObject['tags'], w: number, s: number, e: number, n: number) =>
    toEntry({
      ...base,
      id,
      tags,
      type: 'way',
      geom: {
        type: 'Polygon',
        coordinates: [
          [
            [w, s],
            [e, s],
            [e, n],
            [w, n],
            [w, s],
          ],
        ],
      },
    } as OsmObject);
  const view16 = {
    scale: 256 * 2 ** 16,
    ox: -256 * 2 ** 16 * 0.5,
    oy: -256 * 2 ** 16 * 0.5,
    width: 1024,
    height: 1024,
  };
  const park = area('park', { leisure: 'park' }, -0.01, -0.01, 0.01, 0.01);
  const building = area('building', { building: 'yes' }, -0.002, -0.002, 0.002, 0.002);
  const boundary = area('boundary', { boundary: 'administrative' }, -1, -1, 1, 1);

  it('finds the smallest filled area under the point', () => {
    expect(hitTest([boundary, park, building], view16, 0, 0, 10)?.id).toBe('building');
    expect(hitTest([boundary, park, building], view16, 300, 0, 10)?.id).toBe('park');
  });
  it('does not pick an outline-only boundary from its inside', () => {
    expect(hitTest([boundary], view16, 0, 0, 10)).toBeNull();
  });
});

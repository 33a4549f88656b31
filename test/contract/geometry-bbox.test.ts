import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../electron/contract/domain.js';
import { geometryBbox } from '../../electron/contract/geometry.js';

describe('geometryBbox', () => {
  it('covers every position, including collections', () => {
    const g: Geometry = {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [1, 2] },
        {
          type: 'Polygon',
          coordinates: [
            [
              [-1, 5],
              [3, -4],
              [0, 0],
              [-1, 5],
            ],
          ],
        },
      ],
    };
    expect(geometryBbox(g)).toEqual([-1, -4, 3, 5]);
    expect(geometryBbox({ type: 'Point', coordinates: [3, 4] })).toEqual([3, 4, 3, 4]);
  });

  it('answers undefined for every geometry without positions', () => {
    expect(geometryBbox({ type: 'MultiPoint', coordinates: [] })).toBeUndefined();
    expect(geometryBbox({ type: 'LineString', coordinates: [] })).toBeUndefined();
    expect(geometryBbox({ type: 'Polygon', coordinates: [[]] })).toBeUndefined();
    expect(geometryBbox({ type: 'GeometryCollection', geometries: [] })).toBeUndefined();
  });
});

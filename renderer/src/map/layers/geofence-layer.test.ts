import { describe, expect, it } from 'vitest';
import { fencePolygons } from './geofence-layer.js';

const square = (w: number, s: number, e: number, n: number) => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];

describe('fencePolygons', () => {
  it('draws a plain polygon as [lat, lon] rings, holes included', () => {
    const polys = fencePolygons({ type: 'Polygon', coordinates: [square(0, 0, 10, 10), square(2, 2, 4, 4)] });
    expect(polys).toHaveLength(1);
    expect(polys[0]?.[0]?.[1]).toEqual([0, 10]);
    expect(polys[0]?.[1]?.[0]).toEqual([2, 2]);
  });

  it('unwraps a fence that jumps across the antimeridian and adds a copy one world west', () => {
    const polys = fencePolygons({ type: 'Polygon', coordinates: [square(170, -10, -170, 10)] });
    expect(polys).toHaveLength(2);
    expect(polys[0]?.[0]?.map((p) => p[1])).toEqual([170, 190, 190, 170, 170]);
    expect(polys[1]?.[0]?.map((p) => p[1])).toEqual([-190, -170, -170, -190, -190]);
  });

  it('keeps a hole beside its outer ring when the fence crosses the antimeridian', () => {
    const polys = fencePolygons({
      type: 'Polygon',
      coordinates: [square(170, -10, -170, 10), square(-178, -2, -175, 2)],
    });
    expect(polys[0]?.[1]?.map((p) => p[1])).toEqual([182, 185, 185, 182, 182]);
    expect(polys[1]?.[1]?.map((p) => p[1])).toEqual([-178, -175, -175, -178, -178]);
  });

  it('takes longitudes past -180 as they are and adds the copy one world east', () => {
    const polys = fencePolygons({
      type: 'MultiPolygon',
      coordinates: [[square(-190, 0, -170, 5)], [square(0, 0, 1, 1)]],
    });
    expect(polys).toHaveLength(3);
    expect(polys[1]?.[0]?.[0]).toEqual([0, 170]);
    expect(polys[2]?.[0]?.[0]).toEqual([0, 0]);
  });
});

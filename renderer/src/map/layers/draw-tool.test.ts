import L from 'leaflet';
import { describe, expect, it } from 'vitest';
import { closeRing } from './draw-tool.js';

describe('closeRing', () => {
  it('closes three or more corners into a [lon, lat] ring', () => {
    const ring = closeRing([L.latLng(1, 10), L.latLng(2, 11), L.latLng(3, 10)]);
    expect(ring).toEqual([
      [10, 1],
      [11, 2],
      [10, 3],
      [10, 1],
    ]);
  });
  it('answers null for fewer than three corners', () => {
    expect(closeRing([L.latLng(1, 10), L.latLng(2, 11)])).toBeNull();
  });
  it('keeps longitudes past 180 as drawn across the antimeridian', () => {
    expect(closeRing([L.latLng(0, 179), L.latLng(0, 182), L.latLng(2, 181)])?.[1]).toEqual([182, 0]);
  });
});

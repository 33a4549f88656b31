import { describe, expect, it } from 'vitest';
import { summarizeGeometry } from './geometry-summary.js';

describe('summarizeGeometry', () => {
  const point = { type: 'Point' as const, coordinates: [7.4246, 43.7384] };
  const line = {
    type: 'LineString' as const,
    coordinates: [
      [7.4, 43.72],
      [7.44, 43.75],
    ],
  };

  it('gives a point latitude first, with the order said', () => {
    expect(summarizeGeometry(point, 'decimal')).toBe('Point, lat, lon 43.73840, 7.42460');
    expect(summarizeGeometry(point, 'dms')).toBe('Point, lat, lon 43°44′18.2″N, 7°25′28.6″E');
    expect(summarizeGeometry(point, 'mgrs')).toBe('Point, MGRS 32T LP 73139 44024');
  });

  it('gives a line its vertex count and the corners of its box', () => {
    expect(summarizeGeometry(line, 'decimal')).toBe(
      'LineString, 2 vertices; south-west lat, lon 43.7200, 7.4000 · north-east lat, lon 43.7500, 7.4400',
    );
  });
});

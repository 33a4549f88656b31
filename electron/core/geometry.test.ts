import { describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors.js';
import { geometryBbox } from '../contract/geometry.js';
import { parseGeometry } from './geometry.js';

const err = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    return error as AppError;
  }
  throw new Error('expected a throw');
};
const square = [
  [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
    [0, 0],
  ],
];

describe('parseGeometry', () => {
  it('accepts a GeoJSON object, a GeoJSON string and WKT, returning clean GeoJSON', () => {
    expect(parseGeometry({ type: 'Point', coordinates: [13.4, 52.5], bbox: [1], crs: {} }, 'node')).toEqual({
      type: 'Point',
      coordinates: [13.4, 52.5],
    });
    expect(parseGeometry('{"type":"Point","coordinates":[1,2,30]}', 'node')).toEqual({
      type: 'Point',
      coordinates: [1, 2, 30],
    });
    expect(parseGeometry('POINT(0 0)', 'node')).toEqual({ type: 'Point', coordinates: [0, 0] });
    expect(parseGeometry(' point (1.5 -2) ', 'node')).toEqual({ type: 'Point', coordinates: [1.5, -2] });
    expect(parseGeometry('SRID=4326;POINT Z (1 2 3)', 'node')).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
    expect(parseGeometry('LINESTRING(0 0, 1 1)', 'way')).toEqual({
      type: 'LineString',
      coordinates: [
        [0, 0],
        [1, 1],
      ],
    });
    expect(parseGeometry('POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))', 'way')).toEqual({
      type: 'Polygon',
      coordinates: square,
    });
  });

  it('enforces the geometry type per OSM type', () => {
    expect(err(() => parseGeometry('LINESTRING(0 0, 1 1)', 'node')).message).toBe(
      "Field 'geom' must be a Point for a node, got LineString.",
    );
    expect(err(() => parseGeometry('POINT(0 0)', 'way')).message).toBe(
      "Field 'geom' must be a LineString or Polygon for a way, got Point.",
    );
    expect(err(() => parseGeometry({ type: 'MultiPolygon', coordinates: [square] }, 'way')).message).toMatch(
      /got MultiPolygon\.$/,
    );
    for (const g of ['POINT(0 0)', 'MULTIPOINT((1 2),(3 4))', 'GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1))']) {
      expect(parseGeometry(g, 'relation').type).toBeTruthy();
    }
    expect(parseGeometry({ type: 'MultiPolygon', coordinates: [square] }, 'relation').type).toBe('MultiPolygon');
  });

  it('refuses out-of-range and non-finite coordinates, naming the position', () => {
    expect(err(() => parseGeometry({ type: 'Point', coordinates: [200, 0] }, 'node')).message).toBe(
      "Field 'geom.coordinates' longitude must be between -180 and 180, got 200.",
    );
    expect(
      err(() =>
        parseGeometry(
          {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [0, 91],
            ],
          },
          'way',
        ),
      ).message,
    ).toBe("Field 'geom.coordinates[1]' latitude must be between -90 and 90, got 91.");
    expect(err(() => parseGeometry({ type: 'Point', coordinates: [NaN, 0] }, 'node')).message).toBe(
      "Field 'geom.coordinates[0]' must be a finite number, got NaN.",
    );
    expect(err(() => parseGeometry({ type: 'Point', coordinates: ['1', 0] }, 'node')).message).toMatch(
      /must be a finite number, got '1'\.$/,
    );
    expect(err(() => parseGeometry({ type: 'Point', coordinates: [1] }, 'node')).message).toBe(
      "Field 'geom.coordinates' must be a position [lon, lat] or [lon, lat, alt], got [1].",
    );
    expect(parseGeometry({ type: 'Point', coordinates: [-180, -90] }, 'node')).toEqual({
      type: 'Point',
      coordinates: [-180, -90],
    });
    expect(parseGeometry({ type: 'Point', coordinates: [180, 90] }, 'node')).toEqual({
      type: 'Point',
      coordinates: [180, 90],
    });
  });

  it('requires closed rings with four positions and lines with two', () => {
    expect(
      err(() =>
        parseGeometry(
          {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 1],
              ],
            ],
          },
          'way',
        ),
      ).message,
    ).toBe(
      "Field 'geom.coordinates[0]' must be a closed ring (last position equal to the first), got [0, 0] … [0, 1].",
    );
    expect(
      err(() =>
        parseGeometry(
          {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [0, 0],
              ],
            ],
          },
          'way',
        ),
      ).message,
    ).toBe("Field 'geom.coordinates[0]' must have at least 4 positions for a ring, got 3.");
    expect(err(() => parseGeometry('LINESTRING(0 0)', 'way')).message).toBe(
      "Field 'geom.coordinates' must have at least 2 positions for a line, got 1.",
    );
    expect(err(() => parseGeometry({ type: 'Polygon', coordinates: [] }, 'way')).message).toBe(
      "Field 'geom.coordinates' must have at least 1 item, got 0.",
    );
  });

  it('refuses malformed input with one sentence naming the field', () => {
    expect(err(() => parseGeometry('POINT(0', 'node')).message).toBe("Field 'geom' is not valid WKT, got 'POINT(0'.");
    expect(err(() => parseGeometry('{"type":', 'node')).message).toMatch(/^Field 'geom' is not valid GeoJSON: .+\.$/);
    expect(err(() => parseGeometry('hello', 'node')).message).toBe(
      "Field 'geom' must be a GeoJSON geometry or WKT such as 'POINT(0 0)', got 'hello'.",
    );
    expect(err(() => parseGeometry('SRID=3857;POINT(1 2)', 'node')).message).toBe(
      "Field 'geom' must use SRID 4326 (lon/lat), got SRID 3857.",
    );
    expect(err(() => parseGeometry({ type: 'Feature' }, 'node')).message).toBe(
      "Field 'geom.type' must be a GeoJSON geometry type such as 'Point', got 'Feature'.",
    );
    expect(err(() => parseGeometry(null, 'node')).message).toBe(
      "Field 'geom' must be a GeoJSON geometry object, got null.",
    );
    expect(err(() => parseGeometry(5, 'node', 'body.geom')).message).toBe(
      "Field 'body.geom' must be a GeoJSON geometry object, got 5.",
    );
    expect(err(() => parseGeometry('POINT EMPTY', 'node')).message).toMatch(/must be a position/);
    const nested = { type: 'GeometryCollection', geometries: [{ type: 'GeometryCollection', geometries: [] }] };
    expect(err(() => parseGeometry(nested, 'relation')).message).toMatch(/must not nest a GeometryCollection/);
  });

  it('caps the number of positions', () => {
    const line = { type: 'LineString', coordinates: Array.from({ length: 500_001 }, () => [0, 0]) };
    expect(err(() => parseGeometry(line, 'way')).message).toMatch(/exceeds the limit of 500000 positions/);
  });
});

describe('parseGeometry on deeply nested WKT', () => {
  it('refuses nesting past 8 levels at once (the WKT parser would stall the event loop), and keeps the deepest valid WKT', () => {
    const deep = (n: number) => 'GEOMETRYCOLLECTION('.repeat(n) + 'POINT(1 2)' + ')'.repeat(n);
    const started = Date.now();
    expect(err(() => parseGeometry(deep(100_000), 'relation')).message).toBe(
      "Field 'geom' nests WKT parentheses more than 8 levels deep.",
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err(() => parseGeometry(deep(8), 'relation')).message).toBe(
      "Field 'geom' nests WKT parentheses more than 8 levels deep.",
    );
    const deepestValid = 'GEOMETRYCOLLECTION(MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0))), POINT(1 2))';
    expect(parseGeometry(deepestValid, 'relation').type).toBe('GeometryCollection');
  });
});

describe("the contract's geometryBbox of parsed geometries", () => {
  it('spans every position of every geometry type', () => {
    expect(geometryBbox({ type: 'Point', coordinates: [3, 4] })).toEqual([3, 4, 3, 4]);
    expect(geometryBbox({ type: 'Polygon', coordinates: square })).toEqual([0, 0, 1, 1]);
    const gc = parseGeometry('GEOMETRYCOLLECTION(POINT(-5 2), LINESTRING(0 0, 10 -3))', 'relation');
    expect(geometryBbox(gc)).toEqual([-5, -3, 10, 2]);
  });
});

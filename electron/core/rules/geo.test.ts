// Geofence geometry on real polygons (test/fixtures/geofences/README.md): a concave marina, areas
// with holes, and Fiji and Russia across the antimeridian. Expected answers for the OSM areas and the
// split Fiji parts were cross-checked with GDAL/SpatiaLite ST_Within (see the README).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GeofenceGeometry } from '../../contract/methods/rules.js';
import { checkFenceGeometry, distanceM, fenceBbox, normalizeLon, prepareFence, representativePoint } from './geo.js';

const fixture = (name: string): GeofenceGeometry =>
  (
    JSON.parse(readFileSync(new URL(`../../../test/fixtures/geofences/${name}.geojson`, import.meta.url), 'utf8')) as {
      features: { geometry: GeofenceGeometry }[];
    }
  ).features[0]!.geometry;

describe('prepareFence', () => {
  it('tells inside from outside in a concave area (Port Hercule), including points inside its box', () => {
    const port = prepareFence(fixture('monaco-port-hercule'));
    expect(port.contains(7.4255, 43.735)).toBe(true);
    // Both lie inside the marina's bounding box but outside the water: the concave parts.
    expect(port.contains(7.4225, 43.733)).toBe(false);
    expect(port.contains(7.43, 43.737)).toBe(false);
    expect(port.contains(7.431, 43.733)).toBe(false);
  });

  it('leaves out points in a hole (Parc paysager de Fontvieille, Hôtel de Paris courtyards)', () => {
    const park = prepareFence(fixture('monaco-parc-fontvieille'));
    expect(park.contains(7.419, 43.7265)).toBe(true);
    expect(park.contains(7.4185, 43.7268)).toBe(true);
    expect(park.contains(7.41815, 43.72722)).toBe(false); // in the inner ring
    expect(park.contains(7.42, 43.726)).toBe(false);
    const hotel = prepareFence(fixture('monaco-hotel-courtyards'));
    expect(hotel.contains(7.42656, 43.73871)).toBe(true);
    expect(hotel.contains(7.42704, 43.73883)).toBe(false); // a courtyard
    expect(hotel.contains(7.4275, 43.7392)).toBe(false);
  });

  it('handles an area split at ±180 as RFC 7946 asks (Fiji, Natural Earth 1:50m)', () => {
    const fiji = prepareFence(fixture('fiji-50m'));
    expect(fiji.contains(-179.9, -16.8)).toBe(true); // Taveuni, east of 180
    expect(fiji.contains(179.96, -16.9)).toBe(true); // Taveuni, west of 180
    expect(fiji.contains(179.39, -16.45)).toBe(true); // Labasa, Vanua Levu
    expect(fiji.contains(-179.5, -16.9)).toBe(false); // Koro Sea
    expect(fiji.contains(179.0, -16.0)).toBe(false);
    // On the seam the two halves agree: the point belongs to exactly one of them.
    expect(fiji.contains(180, -16.85)).toBe(fiji.contains(-180, -16.85));
    expect(fiji.contains(180, -16.85)).toBe(true);
  });

  it('handles a ring whose longitudes jump by more than 180° (Fiji, Natural Earth 1:110m)', () => {
    const fiji = prepareFence(fixture('fiji-110m'));
    expect(fiji.contains(179.39, -16.45)).toBe(true); // Labasa
    expect(fiji.contains(-179.9, -16.2)).toBe(true);
    expect(fiji.contains(-179.5, -16.3)).toBe(false);
    expect(fiji.contains(179.0, -16.0)).toBe(false);
    expect(fiji.contains(177.8, -17.8)).toBe(true); // Viti Levu, the other polygon
  });

  it('gives the same answers for the ring written with longitudes running past +180 or past -180', () => {
    const jumping = fixture('fiji-110m');
    const ring = (jumping as Extract<GeofenceGeometry, { type: 'MultiPolygon' }>).coordinates[1]![0]!;
    // The same real ring, unwrapped east (178.6 … 180.2) and west (-181.4 … -179.8).
    const east = ring.map(([lon, lat]) => [lon! < 0 ? lon! + 360 : lon!, lat!]);
    const west = ring.map(([lon, lat]) => [lon! > 0 ? lon! - 360 : lon!, lat!]);
    const points: [number, number][] = [
      [179.39, -16.45],
      [-179.9, -16.2],
      [-179.5, -16.3],
      [179.0, -16.0],
      [180, -16.3],
    ];
    const forms = [jumping, { type: 'Polygon', coordinates: [east] }, { type: 'Polygon', coordinates: [west] }].map(
      (g) => prepareFence(g as GeofenceGeometry),
    );
    for (const [lon, lat] of points) {
      const answers = forms.map((f) => f.contains(lon, lat));
      expect(new Set(answers).size, `${lon}, ${lat}`).toBe(1);
    }
    expect(forms[1]!.contains(-179.9, -16.2)).toBe(true);
  });

  it('handles Russia’s mainland ring, from the Baltic to Chukotka across 180 (Natural Earth 1:110m)', () => {
    const russia = prepareFence(fixture('russia-110m-mainland'));
    expect(russia.contains(37.62, 55.75)).toBe(true); // Moscow
    expect(russia.contains(177.5, 64.73)).toBe(true); // Anadyr
    expect(russia.contains(-176, 67)).toBe(true); // Chukotka, west longitude
    expect(russia.contains(-150, 64.8)).toBe(false); // Fairbanks, Alaska
    expect(russia.contains(116.4, 39.9)).toBe(false); // Beijing
    expect(russia.contains(-175, 62)).toBe(false); // Bering Sea
  });
});

describe('fenceBbox', () => {
  it('answers minLon > maxLon for areas across the antimeridian, in every form', () => {
    const split = fenceBbox(fixture('fiji-50m'));
    expect(split[0]).toBeGreaterThan(split[2]);
    expect(split[0]).toBeCloseTo(174.586, 2); // Ceva-i-Ra
    expect(split[2]).toBeCloseTo(-178.25, 2); // the Lau islands
    const jumping = fenceBbox(fixture('fiji-110m'));
    expect(jumping[0]).toBeCloseTo(177.29, 2);
    expect(jumping[2]).toBeCloseTo(-179.79, 2);
    expect(jumping[1]).toBeCloseTo(-18.29, 2);
    expect(jumping[3]).toBeCloseTo(-16.02, 2);
    const russia = fenceBbox(fixture('russia-110m-mainland'));
    expect(russia[0]).toBeGreaterThan(russia[2]);
    expect(russia[2]).toBeLessThan(-160);
  });

  it('answers the plain box for an area away from ±180', () => {
    const [w, s, e, n] = fenceBbox(fixture('monaco-port-hercule'));
    expect([w, s, e, n]).toEqual([7.4218784, 43.7327504, 7.4318176, 43.7375326]);
  });

  it('covers the whole world when polygons leave no gap', () => {
    const band = (w: number, e: number) => [
      [
        [w, 0],
        [e, 0],
        [e, 1],
        [w, 1],
        [w, 0],
      ],
    ];
    const g: GeofenceGeometry = { type: 'MultiPolygon', coordinates: [band(-180, 0), band(0, 180)] };
    expect(fenceBbox(g)).toEqual([-180, 0, 180, 1]);
  });
});

describe('checkFenceGeometry', () => {
  const square = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 0],
  ];
  it('accepts polygons, multipolygons and rings running past 180', () => {
    expect(checkFenceGeometry({ type: 'Polygon', coordinates: [square] }).type).toBe('Polygon');
    expect(checkFenceGeometry(fixture('fiji-50m')).type).toBe('MultiPolygon');
    const past = square.map(([lon, lat]) => [lon! + 179.5, lat!]);
    expect(() => checkFenceGeometry({ type: 'Polygon', coordinates: [past] })).not.toThrow();
  });

  it.each([
    [
      { type: 'LineString', coordinates: square },
      "Field 'geometry' must be a Polygon or MultiPolygon, got a LineString.",
    ],
    [{ type: 'Polygon', coordinates: [square.slice(0, 3)] }, 'at least 4 positions'],
    [{ type: 'Polygon', coordinates: [[...square.slice(0, 3), [0, 0.5]]] }, 'must be a closed ring'],
    [
      { type: 'Polygon', coordinates: [square.map(([lon]) => [lon!, 95])] },
      'latitude must be between -90 and 90, got 95',
    ],
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 'x'],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      "geometry.coordinates[0][1]' must be a position",
    ],
    [{ type: 'MultiPolygon', coordinates: [] }, "Field 'geometry.coordinates' must be an array of at least 1"],
    ['POINT(0 0)', "must be a Polygon or MultiPolygon, got 'POINT(0 0)'."],
  ])('rejects %j naming the field', (g, message) => {
    expect(() => checkFenceGeometry(g)).toThrow(message);
    try {
      checkFenceGeometry(g);
    } catch (err) {
      expect((err as { code: string }).code).toBe('INVALID_INPUT');
      expect((err as Error).message).toMatch(/^Field 'geometry/);
    }
  });
});

describe('distanceM', () => {
  it('matches known great-circle distances within 0.5 %', () => {
    // One degree of latitude on the mean sphere: 111,195 m.
    expect(distanceM(0, 0, 0, 1)).toBeCloseTo(111_195, -1);
    // WGS84 geodesic distances from SpatiaLite's ST_Distance(a, b, 1): 1,079.89 m and 11,195.00 m.
    const near = distanceM(7.4255, 43.735, 7.419, 43.7265);
    expect(Math.abs(near - 1_079.89) / 1_079.89).toBeLessThan(0.005);
    const far = distanceM(7.42, 43.73, 7.52, 43.8);
    expect(Math.abs(far - 11_195.0) / 11_195.0).toBeLessThan(0.005);
    // Across the antimeridian the short way: 0.2° of longitude at the equator.
    expect(distanceM(179.9, 0, -179.9, 0)).toBeCloseTo(22_239, -1);
  });
});

describe('helpers', () => {
  it('normalizes longitudes and picks a representative point', () => {
    expect(normalizeLon(181)).toBe(-179);
    expect(normalizeLon(-181.5)).toBe(178.5);
    expect(normalizeLon(180)).toBe(180);
    expect(representativePoint({ type: 'Point', coordinates: [1, 2] })).toEqual([1, 2]);
    expect(
      representativePoint({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [2, 4],
        ],
      }),
    ).toEqual([1, 2]);
  });
});

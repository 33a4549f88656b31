import { describe, expect, it } from 'vitest';
import { geodesicCircle, geodesicDirect, geodesicInverse, geodesicPath, unwrapLons } from './geodesic.js';

const dms = (d: number, m: number, s: number) => Math.sign(d) * (Math.abs(d) + m / 60 + s / 3600);
/** Difference of two angles in degrees, taken the short way round. */
const angleDiff = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);

describe('geodesicInverse', () => {
  it('matches Geoscience Australia’s Flinders Peak → Buninyong example (Vincenty, GRS80 ≈ WGS84)', () => {
    const r = geodesicInverse(
      dms(-37, 57, 3.7203),
      dms(144, 25, 29.5244),
      dms(-37, 39, 10.1561),
      dms(143, 55, 35.3839),
    );
    expect(r.exact).toBe(true);
    expect(r.distanceM).toBeCloseTo(54_972.271, 2);
    // Published: 306°52′05.37″ forward, 127°10′25.07″ back (the final bearing reversed).
    expect(angleDiff(r.initialBearing, dms(306, 52, 5.37))).toBeLessThan(0.5 / 3600);
    expect(angleDiff(r.finalBearing, dms(127, 10, 25.07) + 180)).toBeLessThan(0.5 / 3600);
  });

  it('matches GeographicLib’s Wellington → Salamanca example, nearly antipodal (19,959,679.267 m)', () => {
    const r = geodesicInverse(-41.32, 174.81, 40.96, -5.5);
    expect(r.exact).toBe(true);
    expect(Math.abs(r.distanceM - 19_959_679.267)).toBeLessThan(0.001);
    expect(angleDiff(r.initialBearing, 161.06766998616)).toBeLessThan(1e-6);
    expect(angleDiff(r.finalBearing, 18.825195123248)).toBeLessThan(1e-6);
  });

  it('gives a degree of the equator as a · π/180 and the meridian quadrant as 10,001,965.729 m', () => {
    const eq = geodesicInverse(0, 0, 0, 1);
    expect(eq.distanceM).toBeCloseTo((6_378_137 * Math.PI) / 180, 4);
    expect(eq.initialBearing).toBeCloseTo(90, 9);
    const quadrant = geodesicInverse(0, 0, 90, 0);
    expect(quadrant.distanceM).toBeCloseTo(10_001_965.7293, 3);
    expect(quadrant.initialBearing).toBeCloseTo(0, 9);
  });

  it('measures across the antimeridian the short way, and is symmetric', () => {
    const r = geodesicInverse(10, 179.5, 10, -179.5);
    expect(r.distanceM).toBeCloseTo(geodesicInverse(10, -0.5, 10, 0.5).distanceM, 6);
    expect(angleDiff(r.initialBearing, 90)).toBeLessThan(0.1);
    const back = geodesicInverse(10, -179.5, 10, 179.5);
    expect(back.distanceM).toBeCloseTo(r.distanceM, 6);
  });

  it('answers 0 for the same point', () => {
    expect(geodesicInverse(53.5, 9.9, 53.5, 9.9)).toMatchObject({ distanceM: 0, exact: true });
  });

  it('falls back to the sphere at the antipode, within 0.6 % of the geodesic (2 × the meridian quadrant)', () => {
    for (const [lat2, lon2] of [
      [0, 180],
      [0.5, 179.7],
    ] as const) {
      const r = geodesicInverse(0, 0, lat2, lon2);
      expect(r.exact).toBe(false);
      expect(Math.abs(r.distanceM - 20_003_931.4586) / 20_003_931.4586).toBeLessThan(0.006);
    }
  });
});

describe('geodesicDirect', () => {
  it('matches GeographicLib’s Perth example: 20,000 km at 225° reaches (32.11195529, −63.95925278)', () => {
    const p = geodesicDirect(-32.06, 115.74, 225, 20_000e3);
    expect(p.lat).toBeCloseTo(32.11195529, 8);
    expect(angleDiff(p.lon, -63.95925278)).toBeLessThan(1e-8);
  });

  it('inverts the inverse: Flinders Peak → Buninyong by its bearing and distance', () => {
    const lat1 = dms(-37, 57, 3.7203);
    const lon1 = dms(144, 25, 29.5244);
    const p = geodesicDirect(lat1, lon1, dms(306, 52, 5.37), 54_972.271);
    expect(p.lat).toBeCloseTo(dms(-37, 39, 10.1561), 6);
    expect(p.lon).toBeCloseTo(dms(143, 55, 35.3839), 6);
  });
});

describe('geodesicPath and geodesicCircle', () => {
  it('runs a path from the first point to the second along the geodesic, longitudes continuous across ±180', () => {
    const path = geodesicPath(10, 179, 12, -178, 16);
    expect(path).toHaveLength(17);
    expect(path[0]).toEqual([10, 179]);
    expect(path[16]![0]).toBe(12);
    expect(path[16]![1]).toBeCloseTo(182, 9);
    for (let i = 1; i < path.length; i++) expect(Math.abs(path[i]![1] - path[i - 1]![1])).toBeLessThan(1);
    // Each step is a sixteenth of the geodesic.
    const total = geodesicInverse(10, 179, 12, -178).distanceM;
    expect(geodesicInverse(...path[0]!, ...path[1]!).distanceM).toBeCloseTo(total / 16, 3);
  });

  it('draws a closed circle whose every point lies at the radius', () => {
    const ring = geodesicCircle(53.5, 9.95, 5_000, 36);
    expect(ring).toHaveLength(37);
    expect(ring[36]![0]).toBeCloseTo(ring[0]![0], 9);
    expect(ring[36]![1]).toBeCloseTo(ring[0]![1], 9);
    for (const [lat, lon] of ring) expect(geodesicInverse(53.5, 9.95, lat, lon).distanceM).toBeCloseTo(5_000, 4);
  });

  it('unwraps longitudes step by step', () => {
    expect(
      unwrapLons([
        [0, 179],
        [0, -179],
        [0, -177],
      ]),
    ).toEqual([
      [0, 179],
      [0, 181],
      [0, 183],
    ]);
  });
});

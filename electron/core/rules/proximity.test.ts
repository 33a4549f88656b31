// Closest point of approach with hand-computed answers, and the moving-object grid against brute force.
import { describe, expect, it } from 'vitest';
import { distanceM, METRES_PER_DEGREE } from './geo.js';
import {
  approachOf,
  createObjectGrid,
  setVelocity,
  type Approach,
  type MotionColumns,
  type ObjectGrid,
} from './proximity.js';

/** A point's last motion: `vx`/`vy` m/s east/north, `t` ms. */
interface MovingPoint {
  id: string;
  lon: number;
  lat: number;
  t: number;
  vx: number;
  vy: number;
}

const point = (id: string, lon: number, lat: number, t = 0, vx = 0, vy = 0): MovingPoint => ({
  id,
  lon,
  lat,
  t,
  vx,
  vy,
});
const velocityOf = (speed: unknown, heading: unknown): [number, number] => {
  const v = { vx: NaN, vy: NaN };
  setVelocity(v, speed, heading);
  return [v.vx, v.vy];
};

/** approachOf on two points, in columns, with the cosine of their mean latitude. */
function closestApproach(a: MovingPoint, b: MovingPoint): Approach {
  const col = (f: (p: MovingPoint) => number) => Float64Array.of(f(a), f(b));
  const c: MotionColumns = {
    lon: col((p) => p.lon),
    lat: col((p) => p.lat),
    t: col((p) => p.t),
    vx: col((p) => p.vx),
    vy: col((p) => p.vy),
  };
  const cos = Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  return approachOf(c, 0, 1, cos, { distanceM: 0, cpaSeconds: 0, cpaDistanceM: 0 });
}

describe('setVelocity', () => {
  it('turns speed and heading into east/north metres per second', () => {
    const [ex, ey] = velocityOf(10, 90);
    expect(ex).toBeCloseTo(10, 9);
    expect(ey).toBeCloseTo(0, 9);
    const [nx, ny] = velocityOf(5, 0);
    expect([nx, ny]).toEqual([0, 5]);
    expect(velocityOf(undefined, 90)).toEqual([0, 0]);
    expect(velocityOf(10, '90')).toEqual([0, 0]);
  });
});

describe('approachOf', () => {
  // A at (0°, 0°) steaming east (heading 90°) at 10 m/s; B 0.1° east and 0.01° north steaming west
  // (heading 270°) at 10 m/s. One degree is 111,195.08 m on the mean sphere (R = 6,371,008.8 m), so
  // B - A = (11,119.51 m, 1,111.95 m) and the relative velocity is (-20, 0) m/s:
  //   t_cpa = -(p·v)/|v|² = 11,119.51 × 20 / 400 = 555.98 s;  d_cpa = |p + v t_cpa| = 1,111.95 m;
  //   distance now = √(11,119.51² + 1,111.95²) = 11,174.97 m.
  const [avx, avy] = velocityOf(10, 90);
  const [bvx, bvy] = velocityOf(10, 270);

  it('finds the time and distance of the closest approach of two converging ships', () => {
    const r = closestApproach(point('a', 0, 0, 0, avx, avy), point('b', 0.1, 0.01, 0, bvx, bvy));
    expect(METRES_PER_DEGREE).toBeCloseTo(111_195.08, 1);
    expect(r.cpaSeconds).toBeCloseTo(555.98, 1);
    expect(r.cpaDistanceM).toBeCloseTo(1_111.95, 0);
    expect(r.distanceM).toBeCloseTo(11_174.97, -1);
  });

  it('moves the earlier observation forward to the later one', () => {
    // B reported 60 s after A: A has moved 600 m east by then, so p = (10,519.51, 1,111.95) and
    // t_cpa = 10,519.51 × 20 / 400 = 525.98 s after B's observation; d_cpa is unchanged.
    const r = closestApproach(point('a', 0, 0, 0, avx, avy), point('b', 0.1, 0.01, 60_000, bvx, bvy));
    expect(r.cpaSeconds).toBeCloseTo(525.98, 1);
    expect(r.cpaDistanceM).toBeCloseTo(1_111.95, 0);
    // And the distance is taken then: √(10,519.51² + 1,111.95²) = 10,578.1 m.
    expect(r.distanceM).toBeCloseTo(10_578.1, -1);
  });

  it('answers the present distance for objects moving apart or standing still', () => {
    const apart = closestApproach(point('a', 0, 0, 0, -avx, avy), point('b', 0.1, 0.01, 0, -bvx, bvy));
    expect(apart.cpaSeconds).toBe(0);
    expect(apart.cpaDistanceM).toBe(apart.distanceM);
    const still = closestApproach(point('a', 0, 0), point('b', 0, 0.01));
    expect(still.cpaSeconds).toBe(0);
    expect(still.cpaDistanceM).toBeCloseTo(1_111.95, 0);
  });

  it('works across the antimeridian', () => {
    const r = closestApproach(point('a', 179.99, 0, 0, avx, avy), point('b', -179.99, 0, 0, bvx, bvy));
    // 0.02° apart = 2,223.9 m, closing at 20 m/s: 111.2 s.
    expect(r.cpaSeconds).toBeCloseTo(111.2, 0);
    expect(r.cpaDistanceM).toBeLessThan(1);
  });
});

describe('createObjectGrid', () => {
  const put = (grid: ObjectGrid<string>, p: MovingPoint) => grid.put(p.id, p.id, 0, p.lon, p.lat, p.t, p.vx, p.vy);

  it('finds every point within the radius (compared with brute force), including across ±180', () => {
    const grid = createObjectGrid<string>(500);
    // A deterministic scatter of 2,000 points around the Côte d'Azur and 20 near the antimeridian.
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const points: MovingPoint[] = [];
    for (let i = 0; i < 2000; i++) points.push(point(`p${i}`, 7.2 + rand() * 0.4, 43.6 + rand() * 0.3));
    for (let i = 0; i < 20; i++)
      points.push(point(`m${i}`, rand() < 0.5 ? 179.995 + rand() * 0.005 : -180 + rand() * 0.005, rand() * 0.01));
    for (const p of points) put(grid, p);
    expect(grid.size).toBe(2020);
    for (const [lon, lat, radius] of [
      [7.4, 43.75, 1000],
      [7.25, 43.65, 3000],
      [179.999, 0.005, 1500],
      [-179.999, 0.005, 1500],
    ] as const) {
      const found = new Set<string>();
      grid.forEachNear(lon, lat, radius, (slot) => found.add(grid.ids[slot]!));
      const want = points.filter((p) => distanceM(lon, lat, p.lon, p.lat) <= radius);
      expect(want.length).toBeGreaterThan(0);
      for (const p of want) expect(found.has(p.id), p.id).toBe(true);
    }
    // Coarser cells find the same.
    grid.resize(2000);
    const found = new Set<string>();
    grid.forEachNear(7.4, 43.75, 1000, (slot) => found.add(grid.ids[slot]!));
    for (const p of points.filter((q) => distanceM(7.4, 43.75, q.lon, q.lat) <= 1000))
      expect(found.has(p.id)).toBe(true);
  });

  it('moves and removes points, reusing slots and keeping their columns', () => {
    const grid = createObjectGrid<string>(100);
    // Far-away points, so the search scans cells rather than every point (it does when that is cheaper).
    for (let i = 0; i < 100; i++) put(grid, point(`far${i}`, -60 + i * 0.1, -30));
    const a = point('a', 7.4, 43.7, 5, 1, 2);
    put(grid, a);
    put(grid, point('b', 7.4, 43.7));
    a.lon = 7.5;
    const slot = put(grid, a);
    const near = (lon: number) => {
      const ids: string[] = [];
      grid.forEachNear(lon, 43.7, 50, (s) => ids.push(grid.ids[s]!));
      return ids.sort();
    };
    expect(near(7.4)).toEqual(['b']);
    expect(near(7.5)).toEqual(['a']);
    expect(grid.slotOf('a')).toBe(slot);
    expect([grid.columns.lon[slot], grid.columns.t[slot], grid.columns.vx[slot], grid.columns.vy[slot]]).toEqual([
      7.5, 5, 1, 2,
    ]);
    grid.remove('b');
    grid.remove('missing');
    expect(near(7.4)).toEqual([]);
    expect(grid.slotOf('b')).toBe(-1);
    put(grid, point('c', 7.4, 43.7));
    expect(near(7.4)).toEqual(['c']);
    expect(grid.size).toBe(102);
    expect(grid.payloads[grid.slotOf('c')]).toBe('c');
  });
});

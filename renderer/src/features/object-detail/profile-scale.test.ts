import { describe, expect, it } from 'vitest';
import { profileOf } from './profile-scale.js';

describe('profileOf', () => {
  it('puts time along x over the span and speed on a scale from 0 (top = fastest)', () => {
    const p = profileOf({ times: [1000, 2000, 3000], speed: [0, 5, 10], altitude: [null, null, null] }, 100, 50)!;
    expect(p.speed.d).toBe('M0 50 L50 25 L100 0');
    expect(p.speed).toMatchObject({ min: 0, max: 10 });
    expect(p.altitude.d).toBe('');
    expect([p.t0, p.t1]).toEqual([1000, 3000]);
  });

  it('scales altitude from its lowest value and breaks the line where a value is missing', () => {
    const p = profileOf(
      { times: [0, 10, 20, 30], speed: [null, null, null, null], altitude: [100, 200, null, 300] },
      30,
      20,
    )!;
    expect(p.altitude.d).toBe('M0 20 L10 10 M30 0');
    expect(p.altitude).toMatchObject({ min: 100, max: 300 });
  });

  it('draws a flat series in the middle and a single position in the centre', () => {
    const p = profileOf({ times: [5], speed: [7], altitude: [40] }, 80, 40)!;
    expect(p.speed.d).toBe('M40 0');
    expect(p.altitude.d).toBe('M40 20');
  });

  it('keeps at most two points per pixel column for a day of 1 Hz positions', () => {
    const n = 86_400;
    const times = Array.from({ length: n }, (_, i) => i * 1000);
    const speed = times.map((_, i) => i % 7);
    const p = profileOf({ times, speed, altitude: times.map(() => null) }, 300, 60)!;
    expect(p.speed.d.split(/[ML]/).filter(Boolean).length).toBeLessThanOrEqual(600);
    expect(p.speed.max).toBe(6);
  });

  it('answers null for a track without positions', () => {
    expect(profileOf({ times: [], speed: [], altitude: [] }, 10, 10)).toBeNull();
  });
});

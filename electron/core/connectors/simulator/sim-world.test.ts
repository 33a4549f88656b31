// The simulator's motion rules: speed, acceleration, turn and climb limits per kind, heading
// consistent with displacement, always inside the bbox, and repeatable with a seed.
import { describe, expect, it } from 'vitest';
import { KIND_PROFILES, angleDiff, bearing, createSimWorld, simObjectToNative, type SimObject } from './sim-world.js';
import { SIMULATOR_KINDS } from '../connection-info.js';
import type { Bbox } from '../../../contract/domain.js';

const M_PER_DEG = 111_320;

function metres(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const cosLat = Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  return Math.hypot((b.lon - a.lon) * M_PER_DEG * cosLat, (b.lat - a.lat) * M_PER_DEG);
}

/** Steps a world and returns every broken rule (empty when all hold). */
function checkRun(bbox: Bbox, seed: number, dts: number[], steps: number): string[] {
  const world = createSimWorld({ bbox, count: 8, seed });
  const broken: string[] = [];
  const eps = 1e-6;
  const rule = (ok: boolean, what: string, o: SimObject, i: number): void => {
    if (!ok && broken.length < 10) broken.push(`step ${i} ${o.osmId}: ${what}`);
  };
  for (let i = 0; i < steps; i++) {
    const index = i % world.objects.length;
    const dt = dts[i % dts.length] ?? 1;
    const before: SimObject = { ...world.objects[index]! };
    const o = world.step(index, dt);
    const lim = o.limits;
    rule(o.lon > bbox[0] && o.lon < bbox[2] && o.lat > bbox[1] && o.lat < bbox[3], 'left the bbox', o, i);
    rule(
      o.speed >= lim.minSpeed - eps && o.speed <= Math.min(lim.maxSpeed, KIND_PROFILES[o.kind].maxSpeed) + eps,
      'speed out of range',
      o,
      i,
    );
    rule(Math.abs(o.speed - before.speed) <= lim.maxAccel * dt + eps, 'accelerated too hard', o, i);
    rule(Math.abs(angleDiff(o.heading, before.heading)) <= lim.maxTurn * dt + eps, 'turned too fast', o, i);
    const dist = metres(before, o);
    rule(Math.abs(dist - o.speed * dt) <= o.speed * dt * 0.01 + 0.01, `moved ${dist} m at ${o.speed} m/s`, o, i);
    if (dist > 1) {
      const moved = bearing(before.lon, before.lat, o.lon, o.lat);
      rule(Math.abs(angleDiff(moved, o.heading)) < 0.5, `moved toward ${moved} with heading ${o.heading}`, o, i);
    }
    const alt = KIND_PROFILES[o.kind].altitude;
    if (alt) {
      const a = o.altitude ?? NaN;
      rule(a >= alt.min - eps && a <= alt.max + eps, 'altitude out of range', o, i);
      rule(Math.abs(a - (before.altitude ?? NaN)) <= alt.maxClimb * dt + eps, 'climbed too fast', o, i);
    } else {
      rule(o.altitude === undefined, 'has an altitude', o, i);
    }
  }
  return broken;
}

describe('createSimWorld', () => {
  it('keeps every kind within its limits, heading along its motion, inside a city-sized box', () => {
    for (const seed of [1, 2, 3]) expect(checkRun([9.9, 53.5, 10.1, 53.6], seed, [0.1, 0.5, 1], 8 * 600)).toEqual([]);
  });

  it('slows objects down so they can turn inside a small box, and never leaves it', () => {
    const small: Bbox = [13.4, 52.5, 13.41, 52.505];
    for (const seed of [4, 5]) expect(checkRun(small, seed, [1], 8 * 1500)).toEqual([]);
    const world = createSimWorld({ bbox: small, count: 4, seed: 9 });
    const aircraft = world.objects.find((o) => o.kind === 'aircraft');
    expect(aircraft?.limits.maxSpeed).toBeLessThan(KIND_PROFILES.aircraft.maxSpeed);
  });

  it('assigns kinds round robin and repeats exactly with the same seed', () => {
    const a = createSimWorld({ bbox: [0, 0, 1, 1], count: 6, kinds: ['ship', 'drone'], seed: 7 });
    const b = createSimWorld({ bbox: [0, 0, 1, 1], count: 6, kinds: ['ship', 'drone'], seed: 7 });
    const c = createSimWorld({ bbox: [0, 0, 1, 1], count: 6, kinds: ['ship', 'drone'], seed: 8 });
    expect(a.objects.map((o) => o.kind)).toEqual(['ship', 'drone', 'ship', 'drone', 'ship', 'drone']);
    const run = (w: typeof a) => Array.from({ length: 50 }, (_, i) => ({ ...w.step(i % 6, 2) }));
    const ra = run(a);
    expect(run(b)).toEqual(ra);
    expect(run(c)).not.toEqual(ra);
  });

  it('describes each object with kind, name, heading, speed and altitude tags', () => {
    const world = createSimWorld({ bbox: [0, 0, 1, 1], count: 4, seed: 1 });
    const byKind = new Map(world.objects.map((o) => [o.kind, simObjectToNative(o, Date.UTC(2026, 0, 1))]));
    expect([...byKind.keys()].sort()).toEqual([...SIMULATOR_KINDS].sort());
    const plane = byKind.get('aircraft') as {
      osm_id: string;
      type: string;
      tags: Record<string, unknown>;
      geom: unknown;
      observed_at: string;
    };
    expect(plane.type).toBe('node');
    expect(plane.osm_id).toMatch(/^sim-aircraft-\d+$/);
    expect(Object.keys(plane.tags).sort()).toEqual(['altitude', 'heading', 'kind', 'name', 'speed']);
    expect(plane.observed_at).toBe('2026-01-01T00:00:00.000Z');
    expect(Object.keys((byKind.get('ship') as { tags: object }).tags).sort()).toEqual([
      'heading',
      'kind',
      'name',
      'speed',
    ]);
  });
});

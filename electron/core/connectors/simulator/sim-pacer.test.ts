// The pacer emits updates at the asked rate, round robin, without bursts after a pause.
import { describe, expect, it } from 'vitest';
import { createSimWorld } from './sim-world.js';
import { createSimPacer } from './sim-pacer.js';

describe('createSimPacer', () => {
  it('emits rate × elapsed updates over the objects in turn', () => {
    const world = createSimWorld({ bbox: [0, 0, 1, 1], count: 3, seed: 1 });
    const pacer = createSimPacer(world, 100, 0);
    expect(pacer.take(0)).toHaveLength(0);
    const first = pacer.take(50);
    expect(first).toHaveLength(5);
    expect(first.map((o) => o['osm_id'])).toEqual([
      'sim-ship-1',
      'sim-car-2',
      'sim-aircraft-3',
      'sim-ship-1',
      'sim-car-2',
    ]);
    expect(pacer.take(1000)).toHaveLength(95);
    expect(pacer.take(1000, 10)).toHaveLength(0);
  });

  it('caps the backlog at one second and gives each object increasing observation times', () => {
    const world = createSimWorld({ bbox: [0, 0, 1, 1], count: 2, seed: 1 });
    const pacer = createSimPacer(world, 10, 0);
    expect(pacer.take(60_000)).toHaveLength(10);
    expect(pacer.take(60_100)).toHaveLength(1);
    pacer.rebase(70_000);
    expect(pacer.take(70_000)).toHaveLength(0);
    const fast = createSimPacer(createSimWorld({ bbox: [0, 0, 1, 1], count: 1, seed: 1 }), 1000, 0);
    const times = fast.take(20).map((o) => Date.parse(String(o['observed_at'])));
    expect(new Set(times).size).toBe(times.length);
  });
});

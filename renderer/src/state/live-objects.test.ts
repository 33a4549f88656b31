import { describe, expect, it } from 'vitest';
import type { OsmObject } from '../../../electron/contract/domain.js';
import { createLiveObjects, MAX_TRAIL_POINTS, type LiveChange } from './live-objects.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function obj(
  id: string,
  lon: number,
  lat: number,
  tags: OsmObject['tags'] = { kind: 'ship' },
  t = new Date(T0).toISOString(),
): OsmObject {
  return {
    id,
    osm_id: id,
    type: 'node',
    tags,
    geom: { type: 'Point', coordinates: [lon, lat] },
    source_id: 's',
    observed_at: t,
    created_at: t,
    updated_at: t,
  };
}

/** A store whose frames run when the test says so. */
function manualStore() {
  const frames: (() => void)[] = [];
  const store = createLiveObjects((cb) => frames.push(cb));
  return { store, runFrame: () => frames.splice(0).forEach((f) => f()) };
}

describe('createLiveObjects', () => {
  it('applies queued events together in the next frame, not before', () => {
    const { store, runFrame } = manualStore();
    const changes: LiveChange[] = [];
    store.subscribe((c) => changes.push(c));
    store.enqueue({ subscription_id: 'a', reset: true, upserted: [obj('1', 0, 0), obj('2', 1, 1)], deleted: [] });
    store.enqueue({ subscription_id: 'a', reset: false, upserted: [obj('3', 2, 2)], deleted: ['1'] });
    expect(store.size).toBe(0);
    runFrame();
    expect(store.size).toBe(2);
    expect(store.get('1')).toBeUndefined();
    expect(changes).toEqual([{ reset: true, upserted: 3, deleted: 1 }]);
  });

  it('drops everything held before on a reset', () => {
    const { store, runFrame } = manualStore();
    store.enqueue({ subscription_id: 'a', reset: false, upserted: [obj('1', 0, 0)], deleted: [] });
    runFrame();
    store.enqueue({ subscription_id: 'a', reset: true, upserted: [obj('2', 0, 0)], deleted: [] });
    runFrame();
    expect([...store.all()].map((e) => e.id)).toEqual(['2']);
  });

  it('keeps the trail of the last window of positions for moving points, oldest dropped first', () => {
    const { store, runFrame } = manualStore();
    store.setTrailWindow(60_000);
    // One position every 10 s for 2 minutes: the trail holds the previous ones of the last minute.
    for (let i = 0; i <= 12; i++) {
      const at = new Date(T0 + i * 10_000).toISOString();
      store.enqueue({ subscription_id: 'a', reset: false, upserted: [obj('1', i * 0.01, 0, {}, at)], deleted: [] });
      runFrame();
    }
    const e = store.get('1')!;
    expect(e.trailMs).toEqual([60, 70, 80, 90, 100, 110].map((s) => T0 + s * 1000));
    expect(e.trail.length).toBe(12);
  });

  it('bounds a trail to MAX_TRAIL_POINTS however long the window', () => {
    const { store, runFrame } = manualStore();
    store.setTrailWindow(86_400_000);
    for (let i = 0; i < MAX_TRAIL_POINTS + 5; i++) {
      const at = new Date(T0 + i * 1000).toISOString();
      store.enqueue({ subscription_id: 'a', reset: false, upserted: [obj('1', i * 0.001, 0, {}, at)], deleted: [] });
      runFrame();
    }
    expect(store.get('1')!.trail.length).toBe(MAX_TRAIL_POINTS * 2);
  });

  it('keeps the trail of an object that is still there after a reset', () => {
    const { store, runFrame } = manualStore();
    store.enqueue({ subscription_id: 'a', reset: false, upserted: [obj('1', 0, 0), obj('2', 5, 5)], deleted: [] });
    runFrame();
    const later = new Date(T0 + 1000).toISOString();
    store.enqueue({ subscription_id: 'a', reset: true, upserted: [obj('1', 1, 0, {}, later)], deleted: [] });
    runFrame();
    expect(store.get('1')!.trail.length).toBe(2);
    expect(store.get('2')).toBeUndefined();
  });

  it('replaces every object with a replayed moment, extending trails only when told to', () => {
    const { store, runFrame } = manualStore();
    const changes: LiveChange[] = [];
    store.subscribe((c) => changes.push(c));
    store.replace([obj('1', 0, 0), obj('2', 1, 1)], { keepTrails: true });
    runFrame();
    const t1 = new Date(T0 + 5000).toISOString();
    store.replace([obj('1', 0.5, 0, {}, t1)], { keepTrails: true });
    runFrame();
    expect([...store.all()].map((e) => e.id)).toEqual(['1']);
    expect(store.get('1')!.trail.length).toBe(2);
    const t2 = new Date(T0 + 9000).toISOString();
    store.replace([obj('1', 0.7, 0, {}, t2)], { keepTrails: false });
    runFrame();
    expect(store.get('1')!.trail).toEqual([]);
    expect(changes.every((c) => c.reset)).toBe(true);
  });

  it("backfills trails from history: positions before the object's own, within the window", () => {
    const { store, runFrame } = manualStore();
    store.setTrailWindow(60_000);
    const now = new Date(T0 + 120_000).toISOString();
    store.enqueue({ subscription_id: 'a', reset: true, upserted: [obj('1', 3, 0, {}, now)], deleted: [] });
    runFrame();
    store.setTrails([
      {
        id: '1',
        points: [
          [T0, 0, 0],
          [T0 + 70_000, 1, 0],
          [T0 + 100_000, 2, 0],
          [T0 + 120_000, 3, 0],
        ],
      },
      { id: 'gone', points: [[T0, 0, 0]] },
    ]);
    runFrame();
    expect(store.get('1')!.trailMs).toEqual([T0 + 70_000, T0 + 100_000]);
    expect(store.get('1')!.trail[0]).toBeCloseTo((1 + 180) / 360, 12);
  });

  it('does not grow a trail when an update does not move the object', () => {
    const { store, runFrame } = manualStore();
    store.enqueue({ subscription_id: 'a', reset: false, upserted: [obj('1', 5, 5)], deleted: [] });
    runFrame();
    store.enqueue({
      subscription_id: 'a',
      reset: false,
      upserted: [obj('1', 5, 5, { kind: 'ship', speed: 3 })],
      deleted: [],
    });
    runFrame();
    expect(store.get('1')!.trail).toEqual([]);
    expect(store.get('1')!.speed).toBe(3);
  });

  it('reads kind, heading and speed tags, with "other" for a missing kind', () => {
    const { store, runFrame } = manualStore();
    store.enqueue({
      subscription_id: 'a',
      reset: false,
      upserted: [obj('1', 0, 0, { heading: '90', speed: 'fast' })],
      deleted: [],
    });
    runFrame();
    const e = store.get('1')!;
    expect([e.kind, e.heading, e.speed]).toEqual(['other', 90, null]);
  });

  it('projects ways as paths and anchors them at their bbox centre', () => {
    const { store, runFrame } = manualStore();
    const way: OsmObject = {
      ...obj('w', 0, 0),
      type: 'way',
      geom: {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [10, 0],
        ],
      },
    };
    store.enqueue({ subscription_id: 'a', reset: false, upserted: [way], deleted: [] });
    runFrame();
    const e = store.get('w')!;
    expect(e.isPoint).toBe(false);
    expect(e.paths?.[0]?.coords.length).toBe(4);
    expect(e.x).toBeCloseTo((5 + 180) / 360);
  });
});

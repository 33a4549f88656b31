import { describe, expect, it } from 'vitest';
import type { OsmObject } from '../../../electron/contract/domain.js';
import { createLiveObjects, TRAIL_POINTS, type LiveChange } from './live-objects.js';

function obj(id: string, lon: number, lat: number, tags: OsmObject['tags'] = { kind: 'ship' }): OsmObject {
  const t = '2026-01-01T00:00:00.000Z';
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

  it('keeps a short trail of previous positions for moving points, bounded', () => {
    const { store, runFrame } = manualStore();
    for (let i = 0; i < TRAIL_POINTS + 5; i++) {
      store.enqueue({ subscription_id: 'a', reset: false, upserted: [obj('1', i * 0.01, 0)], deleted: [] });
      runFrame();
    }
    const e = store.get('1')!;
    expect(e.trail.length).toBe(TRAIL_POINTS * 2);
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

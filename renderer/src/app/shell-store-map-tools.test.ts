import { describe, expect, it } from 'vitest';
import { createShellStore } from './shell-store.js';

describe('createShellStore › map tools', () => {
  it('toggles the measure tool on and off', () => {
    const store = createShellStore();
    expect(store.getState().mapTool).toBeNull();
    store.actions.toggleMeasure();
    expect(store.getState().mapTool).toBe('measure');
    store.actions.toggleMeasure();
    expect(store.getState().mapTool).toBeNull();
  });

  it('puts range rings around the selected object, and takes them off again', () => {
    const store = createShellStore();
    store.actions.select('ship-1');
    store.actions.toggleRings();
    expect(store.getState().rings).toEqual({ objectId: 'ship-1' });
    expect(store.getState().mapTool).toBeNull();
    store.actions.toggleRings();
    expect(store.getState().rings).toBeNull();
  });

  it('with nothing selected, waits for a click to place the rings; placing them ends that tool', () => {
    const store = createShellStore();
    store.actions.toggleRings();
    expect(store.getState()).toMatchObject({ mapTool: 'place-rings', rings: null });
    store.actions.setRings({ lat: 53.5, lon: 9.9 });
    expect(store.getState()).toMatchObject({ mapTool: null, rings: { lat: 53.5, lon: 9.9 } });
  });

  it('toggling while placing gives up placing; setting rings keeps the measure tool running', () => {
    const store = createShellStore();
    store.actions.toggleRings();
    store.actions.toggleRings();
    expect(store.getState()).toMatchObject({ mapTool: null, rings: null });
    store.actions.toggleMeasure();
    store.actions.setRings({ objectId: 'ship-2' });
    expect(store.getState()).toMatchObject({ mapTool: 'measure', rings: { objectId: 'ship-2' } });
    store.actions.endMapTool();
    expect(store.getState().mapTool).toBeNull();
  });

  it('keeps the ring step (null: automatic)', () => {
    const store = createShellStore();
    store.actions.setRingStep(2_000);
    expect(store.getState().ringStepM).toBe(2_000);
    store.actions.setRingStep(null);
    expect(store.getState().ringStepM).toBeNull();
  });
});

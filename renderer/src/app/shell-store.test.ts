import { DEFAULT_STALE_AFTER_S } from '../state/staleness.js';
import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER } from '../state/filter-state.js';
import { createShellStore, type ShellCommand } from './shell-store.js';

function storeWithLog(init = {}) {
  const store = createShellStore(init);
  const commands: ShellCommand[] = [];
  let notified = 0;
  store.onCommand((c) => commands.push(c));
  store.subscribe(() => notified++);
  return { store, commands, notifications: () => notified };
}

describe('createShellStore', () => {
  it('starts with the defaults and the remembered settings', () => {
    const staleAfter = { ...DEFAULT_STALE_AFTER_S, ship: 60 };
    const s = createShellStore({ theme: 'dark', staleAfter }).getState();
    expect(s).toMatchObject({ tab: 'objects', selectedId: null, followId: null, theme: 'dark', staleAfter });
    expect(s.filter).toBe(EMPTY_FILTER);
  });

  it("takes the core's stale thresholds and ticks the lists, which read what `stale` selects again", () => {
    const { store } = storeWithLog();
    const tick = store.getState().listTick;
    store.actions.setStaleAfter('ship', 120);
    expect(store.getState()).toMatchObject({ staleAfter: { ship: 120 }, listTick: tick });
    store.actions.receiveStaleAfter({ ...DEFAULT_STALE_AFTER_S, ship: 60 });
    expect(store.getState()).toMatchObject({ staleAfter: { ship: 60 }, listTick: tick + 1 });
  });

  it('select: pan emits one panTo command, show opens the detail tab only for an object', () => {
    const { store, commands } = storeWithLog();
    store.actions.select('a');
    expect(store.getState()).toMatchObject({ selectedId: 'a', tab: 'objects' });
    expect(commands).toEqual([]);
    store.actions.select('b', { pan: true, show: true });
    expect(store.getState()).toMatchObject({ selectedId: 'b', tab: 'detail' });
    expect(commands).toEqual([{ type: 'panTo', id: 'b' }]);
    store.actions.showTab('sources');
    store.actions.select(null, { pan: true, show: true });
    expect(store.getState()).toMatchObject({ selectedId: null, tab: 'sources' });
    expect(commands).toHaveLength(1);
  });

  it('open selects, pans and shows the detail tab', () => {
    const { store, commands } = storeWithLog();
    store.actions.open('x');
    expect(store.getState()).toMatchObject({ selectedId: 'x', tab: 'detail' });
    expect(commands).toEqual([{ type: 'panTo', id: 'x' }]);
  });

  it('follow belongs to the selected object: another selection stops it, the same one keeps it', () => {
    const { store } = storeWithLog();
    store.actions.toggleFollow();
    expect(store.getState().followId).toBeNull();
    store.actions.select('a');
    store.actions.toggleFollow();
    expect(store.getState().followId).toBe('a');
    store.actions.select('a', { pan: true });
    expect(store.getState().followId).toBe('a');
    store.actions.select('b');
    expect(store.getState().followId).toBeNull();
    store.actions.setFollow(true);
    expect(store.getState().followId).toBe('b');
    store.actions.toggleFollow();
    expect(store.getState().followId).toBeNull();
    store.actions.setFollow(true);
    store.actions.select(null);
    expect(store.getState()).toMatchObject({ selectedId: null, followId: null });
  });

  it('objectDeleted clears the selection and goes back to the list', () => {
    const { store } = storeWithLog();
    store.actions.open('a');
    store.actions.setFollow(true);
    store.actions.objectDeleted();
    expect(store.getState()).toMatchObject({ selectedId: null, followId: null, tab: 'objects' });
  });

  it('fitAll and focusFilter are commands, not state', () => {
    const { store, commands, notifications } = storeWithLog();
    const before = store.getState();
    store.actions.fitAll();
    store.actions.focusFilter();
    store.actions.fitAll();
    expect(commands).toEqual([{ type: 'fit' }, { type: 'focusFilter' }, { type: 'fit' }]);
    expect(store.getState()).toBe(before);
    expect(notifications()).toBe(0);
  });

  it('flyTo is a command with the place', () => {
    const { store, commands } = storeWithLog();
    store.actions.flyTo(9.9, 53.55);
    expect(commands).toEqual([{ type: 'flyTo', lon: 9.9, lat: 53.55 }]);
  });

  it("sets one kind's stale threshold, within bounds, and never for an empty field", () => {
    const { store } = storeWithLog();
    expect(store.getState().staleAfter.ship).toBe(900);
    store.actions.setStaleAfter('ship', 120);
    expect(store.getState().staleAfter).toMatchObject({ ship: 120, aircraft: 60 });
    store.actions.setStaleAfter('ship', 0.4);
    expect(store.getState().staleAfter.ship).toBe(1);
    store.actions.setStaleAfter('ship', null);
    expect(store.getState().staleAfter.ship).toBeNull();
  });

  it('changes one part of the units at a time, starting from the defaults', () => {
    const { store } = storeWithLog();
    expect(store.getState().units).toEqual({ speed: 'kn', altitude: 'm', coords: 'decimal' });
    store.actions.setUnits({ speed: 'mph' });
    store.actions.setUnits({ coords: 'mgrs' });
    expect(store.getState().units).toEqual({ speed: 'mph', altitude: 'm', coords: 'mgrs' });
  });

  it('toggles theme and help, counts live changes, and notifies only on a real change', () => {
    const { store, notifications } = storeWithLog({ theme: 'light' });
    store.actions.toggleTheme();
    store.actions.toggleHelp();
    expect(store.getState()).toMatchObject({ theme: 'dark', showHelp: true });
    store.actions.closeHelp();
    store.actions.closeHelp();
    expect(notifications()).toBe(3);
    store.actions.liveChanged(4);
    store.actions.liveChanged(4);
    expect(store.getState()).toMatchObject({ liveCount: 4, listTick: 2 });
    store.actions.setTrack(null);
    expect(notifications()).toBe(5);
  });

  it('stops notifying and emitting after unsubscribe', () => {
    const store = createShellStore();
    let n = 0;
    const off = store.subscribe(() => n++);
    const offCommand = store.onCommand(() => n++);
    off();
    offCommand();
    store.actions.showTab('detail');
    store.actions.fitAll();
    expect(n).toBe(0);
  });

  it('keeps trail minutes between 1 and 1440 (empty means the default 10)', () => {
    const { store } = storeWithLog();
    expect(store.getState().trailMin).toBe(10);
    store.actions.setTrailMin(30);
    expect(store.getState().trailMin).toBe(30);
    store.actions.setTrailMin(0);
    expect(store.getState().trailMin).toBe(10);
    store.actions.setTrailMin(99_999);
    expect(store.getState().trailMin).toBe(1440);
  });

  it('runs the time bar through its reducer and notifies only on a change', () => {
    const { store, notifications } = storeWithLog();
    store.actions.replay({ type: 'seek', at: 5 });
    expect(notifications()).toBe(0);
    store.actions.replay({ type: 'range', from: 0, to: 100_000 });
    store.actions.replay({ type: 'seek', at: 50_000 });
    expect(store.getState().replay).toMatchObject({ live: false, at: 50_000 });
    expect(notifications()).toBe(2);
  });
});

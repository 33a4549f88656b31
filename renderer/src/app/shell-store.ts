/**
 * The window's UI state in one small external store (read with useSyncExternalStore): the applied
 * filter, open tab, selection, follow, track, theme, stale and trail minutes, units, view, app info,
 * live counters and the time bar (live or a replayed moment).
 * One-shot commands for the map and the filter bar (fit, pan to an object, focus) are events, not state.
 */
import type { Bbox } from '../../../electron/contract/domain.js';
import type { AppInfo } from '../../../electron/contract/methods/app.js';
import { EMPTY_FILTER, type FilterState } from '../state/filter-state.js';
import { INITIAL_REPLAY, replayReducer, type ReplayAction, type ReplayState } from '../state/replay-clock.js';
import { DEFAULT_UNITS, type Units } from './units.js';

/** The side panel's tabs, in the order of their shortcut keys. */
export type Tab = 'objects' | 'detail' | 'sources' | 'offline' | 'alerts' | 'rules';
export type Theme = 'light' | 'dark';

export interface ShellState {
  filter: FilterState;
  tab: Tab;
  selectedId: string | null;
  /** The object the map keeps centred; only ever the selected one. */
  followId: string | null;
  /** History track of the selected object, as [lat, lon] pairs (oldest first). */
  track: [number, number][] | null;
  theme: Theme;
  /** Objects with no update for this many minutes are dimmed. */
  staleMin: number;
  /** Trails show the last this many minutes of each moving object. */
  trailMin: number;
  /** How speeds, altitudes and coordinates are shown (units.ts). */
  units: Units;
  /** The time bar: live, or the moment the map, list, detail and counters show. */
  replay: ReplayState;
  showHelp: boolean;
  /** The visible bbox and zoom after the map's last move. */
  view: { bbox: Bbox; zoom: number } | null;
  info: AppInfo | null;
  /** Objects in the live store, refreshed at most every couple of seconds. */
  liveCount: number;
  /** Ticks with those refreshes so lists and counts ask main again. */
  listTick: number;
}

/** One-shot requests: zoom to fit every live object, centre one object or a place, focus the filter text. */
export type ShellCommand =
  | { type: 'fit' }
  | { type: 'panTo'; id: string }
  | { type: 'flyTo'; lon: number; lat: number }
  | { type: 'focusFilter' };

export interface ShellActions {
  applyFilter(filter: FilterState): void;
  showTab(tab: Tab): void;
  /** Selects an object (null: none); `pan` centres the map on it, `show` opens the detail tab. */
  select(id: string | null, options?: { pan?: boolean; show?: boolean }): void;
  /** Selects, centres and shows an object (double click or Enter in the list). */
  open(id: string): void;
  /** Starts or stops following the selected object. */
  setFollow(on: boolean): void;
  toggleFollow(): void;
  setTrack(track: [number, number][] | null): void;
  toggleTheme(): void;
  /** Sets the stale minutes from the field (at least 1; empty or 0 means the default 5). */
  setStaleMin(minutes: number): void;
  /** Sets the trail minutes from the field (1 to 1440; empty or 0 means the default 10). */
  setTrailMin(minutes: number): void;
  /** Changes part of the units setting. */
  setUnits(patch: Partial<Units>): void;
  /** Moves the time bar (seek, play, pause, step, speed, live, range, tick). */
  replay(action: ReplayAction): void;
  toggleHelp(): void;
  closeHelp(): void;
  setView(bbox: Bbox, zoom: number): void;
  setInfo(info: AppInfo): void;
  /** The live store changed: new count, and a tick for lists. */
  liveChanged(count: number): void;
  /** The selected object was deleted: clear the selection and go back to the list. */
  objectDeleted(): void;
  fitAll(): void;
  /** Flies the map to a place (an alert's position). */
  flyTo(lon: number, lat: number): void;
  focusFilter(): void;
}

export interface ShellStore {
  getState(): ShellState;
  subscribe(listener: () => void): () => void;
  readonly actions: ShellActions;
  /** Listens for commands; returns the unsubscribe function. */
  onCommand(listener: (command: ShellCommand) => void): () => void;
}

/** The state a new window starts with; `init` supplies remembered settings (theme, stale minutes, units). */
function initialShellState(init: Partial<ShellState> = {}): ShellState {
  return {
    filter: EMPTY_FILTER,
    tab: 'objects',
    selectedId: null,
    followId: null,
    track: null,
    theme: 'light',
    staleMin: 5,
    trailMin: 10,
    units: DEFAULT_UNITS,
    replay: INITIAL_REPLAY,
    showHelp: false,
    view: null,
    info: null,
    liveCount: 0,
    listTick: 0,
    ...init,
  };
}

/** Creates the store with its actions. */
export function createShellStore(init: Partial<ShellState> = {}): ShellStore {
  let state = initialShellState(init);
  const listeners = new Set<() => void>();
  const commandListeners = new Set<(command: ShellCommand) => void>();
  const set = (patch: Partial<ShellState>): void => {
    const keys = Object.keys(patch) as (keyof ShellState)[];
    if (keys.every((k) => Object.is(state[k], patch[k]))) return;
    state = { ...state, ...patch };
    for (const l of listeners) l();
  };
  const emit = (command: ShellCommand): void => {
    for (const l of commandListeners) l(command);
  };
  const actions = createActions(() => state, set, emit);
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    actions,
    onCommand(listener) {
      commandListeners.add(listener);
      return () => commandListeners.delete(listener);
    },
  };
}

function createActions(
  get: () => ShellState,
  set: (patch: Partial<ShellState>) => void,
  emit: (command: ShellCommand) => void,
): ShellActions {
  const select: ShellActions['select'] = (id, options = {}) => {
    // Follow belongs to the selected object: choosing another one (or none) stops it.
    const followId = get().followId === id ? id : null;
    set({ selectedId: id, followId, ...(id && options.show ? { tab: 'detail' as const } : {}) });
    if (id && options.pan) emit({ type: 'panTo', id });
  };
  return {
    applyFilter: (filter) => set({ filter }),
    showTab: (tab) => set({ tab }),
    select,
    open: (id) => select(id, { pan: true, show: true }),
    setFollow: (on) => set({ followId: on ? get().selectedId : null }),
    toggleFollow() {
      const { selectedId, followId } = get();
      if (selectedId) set({ followId: followId === selectedId ? null : selectedId });
    },
    setTrack: (track) => set({ track }),
    toggleTheme: () => set({ theme: get().theme === 'dark' ? 'light' : 'dark' }),
    setStaleMin: (minutes) => set({ staleMin: Math.max(1, minutes || 5) }),
    setTrailMin: (minutes) => set({ trailMin: Math.min(1440, Math.max(1, minutes || 10)) }),
    setUnits: (patch) => set({ units: { ...get().units, ...patch } }),
    replay: (action) => set({ replay: replayReducer(get().replay, action) }),
    toggleHelp: () => set({ showHelp: !get().showHelp }),
    closeHelp: () => set({ showHelp: false }),
    setView: (bbox, zoom) => set({ view: { bbox, zoom } }),
    setInfo: (info) => set({ info }),
    liveChanged: (count) => set({ liveCount: count, listTick: get().listTick + 1 }),
    objectDeleted() {
      select(null);
      set({ tab: 'objects' });
    },
    fitAll: () => emit({ type: 'fit' }),
    flyTo: (lon, lat) => emit({ type: 'flyTo', lon, lat }),
    focusFilter: () => emit({ type: 'focusFilter' }),
  };
}

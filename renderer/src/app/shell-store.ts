/**
 * The window's UI state in one small external store (read with useSyncExternalStore): the applied
 * filter, open tab, selection, follow, track, theme, stale thresholds per kind, trail minutes, what
 * colours the symbols, units, view, app info, live counters, the time bar (live or a replayed
 * moment) and the map tools (measuring, range rings).
 * One-shot commands for the map and the filter bar (fit, pan to an object, focus) are events, not state.
 */
import type { ColourBy } from '../map/layers/colour-by.js';
import type { Bbox } from '../../../electron/contract/domain.js';
import type { AppInfo } from '../../../electron/contract/methods/app.js';
import { EMPTY_FILTER, type FilterState } from '../state/filter-state.js';
import type { MapAnchor, MapTool } from '../state/map-anchor.js';
import { INITIAL_REPLAY, replayReducer, type ReplayAction, type ReplayState } from '../state/replay-clock.js';
import { withStaleAfter } from '../state/stale-thresholds.js';
import { DEFAULT_STALE_AFTER_S, type StaleKind, type StaleThresholds } from '../state/staleness.js';
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
  /** Tracked objects with no update for their kind's seconds are dimmed (null: never). */
  staleAfter: StaleThresholds;
  /** Trails show the last this many minutes of each moving object. */
  trailMin: number;
  /** What colours tracked symbols on the map: their kind, or their altitude or speed. */
  colourBy: ColourBy;
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
  /** The map tool taking clicks (measuring, placing range rings); null: clicks select. */
  mapTool: MapTool | null;
  /** The centre of the range rings (an object they follow, or a point); null: no rings. */
  rings: MapAnchor | null;
  /** Metres between range rings; null: a round step for the zoom. */
  ringStepM: number | null;
}

/**
 * One-shot requests: zoom to fit what the filter selects (or one source's objects), centre one
 * object or a place, focus the filter text.
 */
export type ShellCommand =
  | { type: 'fit'; sourceId?: string }
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
  /** Sets one kind's stale threshold here at once (seconds, null: never); the core is told by the caller. */
  setStaleAfter(kind: StaleKind, seconds: number | null): void;
  /** The core's stale thresholds (its answer, or app.staleThresholdsChanged); lists and counts read again. */
  receiveStaleAfter(thresholds: StaleThresholds): void;
  /** Sets the trail minutes from the field (1 to 1440; empty or 0 means the default 10). */
  setTrailMin(minutes: number): void;
  setColourBy(mode: ColourBy): void;
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
  /** Zooms the map to everything the filter selects in the store (while replaying: what is drawn). */
  fitAll(): void;
  /** Zooms the map to every object of one source (after an import, from a source card). */
  showSource(sourceId: string): void;
  /** Flies the map to a place (an alert's position). */
  flyTo(lon: number, lat: number): void;
  focusFilter(): void;
  /** Starts or ends the measure tool. */
  toggleMeasure(): void;
  /**
   * Range rings on or off: off when shown (or being placed); else around the selected object, or,
   * with nothing selected, the next click on the map places them.
   */
  toggleRings(): void;
  /** Puts range rings around an object or a point (null: none); ends placing them. */
  setRings(anchor: MapAnchor | null): void;
  setRingStep(stepM: number | null): void;
  /** Ends the map tool taking clicks, if any. */
  endMapTool(): void;
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
    staleAfter: DEFAULT_STALE_AFTER_S,
    trailMin: 10,
    colourBy: 'kind',
    units: DEFAULT_UNITS,
    replay: INITIAL_REPLAY,
    showHelp: false,
    view: null,
    info: null,
    liveCount: 0,
    listTick: 0,
    mapTool: null,
    rings: null,
    ringStepM: null,
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
    setStaleAfter: (kind, seconds) => set({ staleAfter: withStaleAfter(get().staleAfter, kind, seconds) }),
    // The core's thresholds changed what `stale` selects: lists and counts read again (the tick).
    receiveStaleAfter: (staleAfter) => set({ staleAfter, listTick: get().listTick + 1 }),
    setTrailMin: (minutes) => set({ trailMin: Math.min(1440, Math.max(1, minutes || 10)) }),
    setColourBy: (colourBy) => set({ colourBy }),
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
    showSource: (sourceId) => emit({ type: 'fit', sourceId }),
    flyTo: (lon, lat) => emit({ type: 'flyTo', lon, lat }),
    focusFilter: () => emit({ type: 'focusFilter' }),
    toggleMeasure: () => set({ mapTool: get().mapTool === 'measure' ? null : 'measure' }),
    toggleRings() {
      const { rings, mapTool, selectedId } = get();
      if (rings || mapTool === 'place-rings') set({ rings: null, mapTool: mapTool === 'place-rings' ? null : mapTool });
      else if (selectedId) set({ rings: { objectId: selectedId } });
      else set({ mapTool: 'place-rings' });
    },
    setRings: (rings) => set({ rings, mapTool: get().mapTool === 'place-rings' ? null : get().mapTool }),
    setRingStep: (ringStepM) => set({ ringStepM }),
    endMapTool: () => set({ mapTool: null }),
  };
}

/**
 * What the object list remembers in localStorage, so it survives a tab switch and a reload: the
 * sort (column and direction), "Only objects in view" (on by default) and the mode (every object,
 * or the device table).
 */
import { useState } from 'react';
import { objectSortSchema, type ObjectSort } from '../../../../electron/contract/domain.js';

const SORT_KEY = 'osm-tracker.list-sort';
const IN_VIEW_KEY = 'osm-tracker.list-in-view';
const MODE_KEY = 'osm-tracker.list-mode';

/** Every object, or the device table (objects that report a kind, with their status). */
export type ListMode = 'objects' | 'devices';
const DEFAULT_SORT: ObjectSort = { field: 'observed_at', dir: 'desc' };

function loadSort(): ObjectSort {
  try {
    const parsed = objectSortSchema.safeParse(JSON.parse(localStorage.getItem(SORT_KEY) ?? 'null'));
    return parsed.success ? parsed.data : DEFAULT_SORT;
  } catch {
    // Not JSON: someone else's value under our key.
    return DEFAULT_SORT;
  }
}

export interface ListSettings {
  sort: ObjectSort;
  setSort(sort: ObjectSort): void;
  inView: boolean;
  setInView(on: boolean): void;
  mode: ListMode;
  setMode(mode: ListMode): void;
}

export function useListSettings(): ListSettings {
  const [sort, setSortState] = useState(loadSort);
  const [inView, setInViewState] = useState(() => localStorage.getItem(IN_VIEW_KEY) !== 'false');
  const [mode, setModeState] = useState<ListMode>(() =>
    localStorage.getItem(MODE_KEY) === 'devices' ? 'devices' : 'objects',
  );
  return {
    sort,
    setSort(next) {
      localStorage.setItem(SORT_KEY, JSON.stringify(next));
      setSortState(next);
    },
    inView,
    setInView(on) {
      localStorage.setItem(IN_VIEW_KEY, String(on));
      setInViewState(on);
    },
    mode,
    setMode(next) {
      localStorage.setItem(MODE_KEY, next);
      setModeState(next);
    },
  };
}

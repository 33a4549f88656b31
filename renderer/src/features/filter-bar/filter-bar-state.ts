/**
 * What the filter bar does with a filter: toggle a chip, save and load filters by name in
 * localStorage.
 */
import type { FilterState } from '../../state/filter-state.js';

/** Adds or removes `value` from a chip list. */
export function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** A filter saved under a name. */
export interface SavedFilter {
  name: string;
  filter: FilterState;
}

const KEY = 'osm-tracker.saved-filters';

function isFilterState(v: unknown): v is FilterState {
  const o = v as FilterState | null;
  return (
    !!o && typeof o.text === 'string' && Array.isArray(o.types) && Array.isArray(o.kinds) && Array.isArray(o.sourceIds)
  );
}

/** Saved filters, ignoring anything malformed in storage. */
export function loadSavedFilters(storage: Storage = localStorage): SavedFilter[] {
  try {
    const raw: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (s): s is SavedFilter => typeof (s as SavedFilter)?.name === 'string' && isFilterState((s as SavedFilter).filter),
    );
  } catch {
    return [];
  }
}

/** Saves (or replaces by name) a filter; returns the new list. */
export function saveFilter(name: string, filter: FilterState, storage: Storage = localStorage): SavedFilter[] {
  const list = loadSavedFilters(storage).filter((s) => s.name !== name);
  list.push({ name, filter });
  list.sort((a, b) => a.name.localeCompare(b.name));
  storage.setItem(KEY, JSON.stringify(list));
  return list;
}

/** Removes a saved filter by name; returns the new list. */
export function deleteSavedFilter(name: string, storage: Storage = localStorage): SavedFilter[] {
  const list = loadSavedFilters(storage).filter((s) => s.name !== name);
  storage.setItem(KEY, JSON.stringify(list));
  return list;
}

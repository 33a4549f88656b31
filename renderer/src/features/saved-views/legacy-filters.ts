/**
 * The filters older versions saved by name in localStorage ('osm-tracker.saved-filters'): read once
 * to move them into the store as saved views, then forgotten.
 */
import type { FilterState } from '../../state/filter-state.js';
import type { LegacySavedFilter } from './view-state.js';

const KEY = 'osm-tracker.saved-filters';

function isFilterState(v: unknown): v is FilterState {
  const o = v as FilterState | null;
  return (
    !!o && typeof o.text === 'string' && Array.isArray(o.types) && Array.isArray(o.kinds) && Array.isArray(o.sourceIds)
  );
}

/** The saved filters in storage, ignoring anything malformed. */
export function loadLegacyFilters(storage: Storage = localStorage): LegacySavedFilter[] {
  try {
    const raw: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (s): s is LegacySavedFilter =>
        typeof (s as LegacySavedFilter)?.name === 'string' &&
        (s as LegacySavedFilter).name.trim() !== '' &&
        isFilterState((s as LegacySavedFilter).filter),
    );
  } catch {
    return [];
  }
}

/** True when storage holds saved filters (well-formed or not). */
export function hasLegacyFilters(storage: Storage = localStorage): boolean {
  return storage.getItem(KEY) !== null;
}

/** Removes the saved filters from storage (after they were moved into the store). */
export function forgetLegacyFilters(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}

/**
 * The filter as the UI holds it (text syntax plus quick chips) and its translation to the
 * contract's ObjectFilter. Shared by the filter bar, the object list and the live subscription.
 */
import type { ObjectFilter, ObjectType } from '../../../electron/contract/domain.js';

/** The applied filter: text in the filter syntax plus the quick chips. */
export interface FilterState {
  text: string;
  types: ObjectType[];
  kinds: string[];
  sourceIds: string[];
}

/** No filter at all. */
export const EMPTY_FILTER: FilterState = { text: '', types: [], kinds: [], sourceIds: [] };

/** The ObjectFilter for a UI filter (empty parts left out), optionally with a bbox. */
export function toObjectFilter(state: FilterState, bbox?: ObjectFilter['bbox']): ObjectFilter {
  const f: ObjectFilter = {};
  const text = state.text.trim();
  if (text) f.text = text;
  if (state.types.length) f.types = [...state.types];
  if (state.kinds.length) f.kinds = [...state.kinds];
  if (state.sourceIds.length) f.source_ids = [...state.sourceIds];
  if (bbox) f.bbox = bbox;
  return f;
}

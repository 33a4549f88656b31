/**
 * The object list's filter: the applied filter (in the Devices mode, narrowed to objects with a
 * kind), and with "Only objects in view" the map's visible bbox, so the list follows the map.
 */
import { useMemo } from 'react';
import type { ObjectFilter } from '../../../../electron/contract/domain.js';
import { useShell } from '../../app/shell-context.js';
import { toObjectFilter } from '../../state/filter-state.js';
import { padBbox } from '../../map/view-bbox.js';
import { devicesOf } from './device-columns.js';

export interface ListFilter {
  /** The applied filter alone, narrowed to devices in that mode (what Export writes). */
  filter: ObjectFilter;
  /** What the list asks for: `filter` plus the view's bbox when `inView`. */
  listFilter: ObjectFilter;
}

export function useListFilter(inView: boolean, devices = false): ListFilter {
  const filterState = useShell((s) => s.filter);
  const view = useShell((s) => s.view);
  const filter = useMemo(() => {
    const f = toObjectFilter(filterState);
    return devices ? devicesOf(f) : f;
  }, [filterState, devices]);
  // The view as the map reports it after each move, clamped to the world (a filter's bbox stays
  // within ±180°).
  const listFilter = useMemo(
    () => (inView && view ? { ...filter, bbox: padBbox(view.bbox, 0) } : filter),
    [filter, inView, view],
  );
  return { filter, listFilter };
}

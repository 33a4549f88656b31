/**
 * The rows the object list shows: the pager's live rows, or, while the list is held, the rows as they
 * were (contents refreshed, order kept) and the count of rows held back until `show()`.
 */
import { useState } from 'react';
import type { OsmObject } from '../../../../electron/contract/domain.js';
import { countHeldBack, holdRows, indexOfId, NO_ROWS, type RowSet } from './held-rows.js';

/** The rows shown, and the inputs they were worked out from. */
interface Shown {
  rows: RowSet;
  key: string;
  from: RowSet | null;
  isHeld: boolean;
}

export interface HeldRows {
  total: number;
  rowAt(index: number): OsmObject | undefined;
  /** The index of a shown object, or -1. */
  indexOf(id: string): number;
  /** Rows that arrived or moved while held (0 when live). */
  heldBack: number;
  /** Shows the live rows now (the list stays held from there on while it is held). */
  show(): void;
}

/**
 * `isHeld`: keep the order; `queryKey` names what the user asked for (filter, sort, in view or not);
 * a new one is shown as soon as it has rows, held or not, and so are the first rows of an empty
 * list. While `live` is null (a new query still
 * loading) the rows shown stay, so a pan or a new sort never blanks the list.
 */
export function useHeldRows(live: RowSet | null, isHeld: boolean, queryKey: string): HeldRows {
  const [state, setState] = useState<Shown>({ rows: NO_ROWS, key: queryKey, from: null, isHeld });
  let shown = state;
  // Adjusted during render when the inputs change (React's pattern for state derived from props).
  if (live && (live !== state.from || isHeld !== state.isHeld || queryKey !== state.key)) {
    // An empty list has no row to click by mistake: it fills as soon as there are rows.
    const isNew = !state.from || !isHeld || queryKey !== state.key || state.rows.total === 0;
    shown = { rows: isNew ? live : holdRows(state.rows, live), key: queryKey, from: live, isHeld };
    setState(shown);
  }
  const { rows } = shown;
  return {
    total: rows.total,
    rowAt: (i) => rows.rows.get(i),
    indexOf: (id) => indexOfId(rows, id),
    heldBack: isHeld && live ? countHeldBack(rows, live) : 0,
    show() {
      if (live) setState({ rows: live, key: queryKey, from: live, isHeld });
    },
  };
}

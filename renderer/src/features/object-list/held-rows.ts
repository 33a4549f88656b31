/**
 * The object list's stable order: while the list is held (the pointer is over it or an object is
 * selected) its rows keep their places and only their contents refresh; rows that arrived or moved
 * meanwhile are counted, to be shown on request. Pure functions over row sets.
 */
import type { OsmObject } from '../../../../electron/contract/domain.js';

/** Rows by their index in the list (only the loaded ones) and the list's length. */
export interface RowSet {
  total: number;
  rows: ReadonlyMap<number, OsmObject>;
}

export const NO_ROWS: RowSet = { total: 0, rows: new Map() };

/**
 * The rows to keep showing while held: each shown row stays at its index with its newest version
 * from `live` (the same id, wherever it is there now); indices not shown yet (scrolled to since) are
 * filled from `live`.
 */
export function holdRows(shown: RowSet, live: RowSet): RowSet {
  const byId = new Map<string, OsmObject>();
  for (const o of live.rows.values()) byId.set(o.id, o);
  const rows = new Map<number, OsmObject>();
  for (const [i, o] of shown.rows) rows.set(i, byId.get(o.id) ?? o);
  for (const [i, o] of live.rows) if (!rows.has(i) && i < shown.total) rows.set(i, o);
  return { total: shown.total, rows };
}

/**
 * How many rows are held back: among the loaded live rows, those not shown yet plus the fewest that
 * moved to give the live order (the rest kept their order relative to each other, as rows do when one
 * arrives above them), or, when more, how many more rows the list has now.
 */
export function countHeldBack(shown: RowSet, live: RowSet): number {
  const shownAt = new Map<string, number>();
  for (const [i, o] of shown.rows) shownAt.set(o.id, i);
  const places: number[] = [];
  let arrived = 0;
  for (const [, o] of [...live.rows].sort(([a], [b]) => a - b)) {
    const at = shownAt.get(o.id);
    if (at === undefined) arrived++;
    else places.push(at);
  }
  const moved = places.length - longestIncreasingRun(places);
  return Math.max(arrived + moved, live.total - shown.total);
}

/** The length of the longest increasing subsequence of `xs` (patience sorting, O(n log n)). */
function longestIncreasingRun(xs: readonly number[]): number {
  const tails: number[] = [];
  for (const x of xs) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}

/** The index of object `id` among the loaded rows, or -1. */
export function indexOfId(set: RowSet, id: string): number {
  for (const [i, o] of set.rows) if (o.id === id) return i;
  return -1;
}

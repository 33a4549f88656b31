/**
 * Scrolls the selected object's row into view once per selection, wherever it was selected (the
 * list, the map, an alert): found among the loaded rows it is revealed at once; otherwise the pager
 * locates it in the list's order, the live rows are shown and the list scrolls there. The user's own
 * scrolling afterwards is left alone.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { HeldRows } from './use-held-rows.js';
import type { PagedObjects } from './use-paged-objects.js';

interface RevealOptions {
  selectedId: string | null;
  /** What the list asks for (see useHeldRows); a new one reveals the selected row again. */
  queryKey: string;
  rows: HeldRows;
  paged: PagedObjects;
  body: RefObject<HTMLDivElement | null>;
  rowHeight: number;
  /** Called with the selected row's index when it is revealed. */
  onFound(index: number): void;
}

/** Scrolls `el` so row `index` is visible: left as it is when it already is, else centred. */
export function revealRow(el: HTMLElement, index: number, rowHeight: number): void {
  const top = index * rowHeight;
  if (top >= el.scrollTop && top + rowHeight <= el.scrollTop + el.clientHeight) return;
  el.scrollTop = Math.max(0, top - (el.clientHeight - rowHeight) / 2);
}

export function useRevealSelected(options: RevealOptions): void {
  const { selectedId, queryKey, rows, paged, body, rowHeight, onFound } = options;
  const revealed = useRef<string | null>(null);
  const locating = useRef<string | null>(null);
  const [target, setTarget] = useState<{ index: number; key: string } | null>(null);
  const scrolledTo = useRef<{ index: number; key: string } | null>(null);
  const index = selectedId ? rows.indexOf(selectedId) : -1;
  const isLoaded = paged.live !== null;
  // One reveal per selected object and query.
  const key = selectedId && JSON.stringify([selectedId, queryKey]);

  useEffect(() => {
    if (!key || !selectedId) {
      revealed.current = null;
      locating.current = null;
      return;
    }
    if (revealed.current === key) return;
    if (index >= 0) {
      revealed.current = key;
      if (body.current) revealRow(body.current, index, rowHeight);
      onFound(index);
      return;
    }
    if (!isLoaded || locating.current === key) return;
    locating.current = key;
    paged
      .locate(selectedId)
      .then((found) => {
        if (locating.current !== key) return;
        if (found === null) revealed.current = key;
        else {
          // The held rows may be in an older order: show the live ones, where the row was found.
          rows.show();
          setTarget({ index: found, key });
        }
      })
      .catch(() => {
        revealed.current = key;
      });
  });

  // Scroll once the list is long enough to hold the row; the page there then loads as usual.
  useEffect(() => {
    if (!target || scrolledTo.current === target || target.index >= rows.total || !body.current) return;
    scrolledTo.current = target;
    revealRow(body.current, target.index, rowHeight);
  }, [target, rows.total, body, rowHeight]);
}

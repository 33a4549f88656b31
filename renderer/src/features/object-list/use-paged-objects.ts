/**
 * Server-side paging for the virtualized list: fetches the pages a visible row range needs with
 * objects.list, keeps them per (filter, sort, live or replay), and refetches visible pages when
 * `refreshKey` ticks or the replayed moment `at` moves (rows are replaced as pages arrive, never blanked).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ObjectFilter, ObjectSort, OsmObject } from '../../../../electron/contract/domain.js';
import { useApp } from '../../app/app-context.js';
import { errorMessage, filterRefusalOf } from '../../app/error-text.js';
import type { RowSet } from './held-rows.js';

export const PAGE_SIZE = 100;
/** `locate` reads the list in steps of this many rows, and no further than LOCATE_MAX rows. */
const LOCATE_STEP = 500;
export const LOCATE_MAX = 5000;

export interface PagedObjects {
  /** The loaded rows of the current query, or null until its first page has arrived. */
  live: RowSet | null;
  /** Tells the pager which rows are on screen (it fetches what is missing). */
  setRange(first: number, last: number): void;
  /** The index of object `id` in the current query's order (null: not within its first LOCATE_MAX rows). */
  locate(id: string): Promise<number | null>;
  error: string | null;
}

interface Pages {
  /** The (filter, sort) these pages belong to; pages of another query are never shown. */
  query: string;
  total: number;
  byIndex: Map<number, OsmObject[]>;
  error: string | null;
}

function pagesOf([first, last]: [number, number]): number[] {
  const out: number[] = [];
  for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) out.push(p);
  return out;
}

export function usePagedObjects(
  filter: ObjectFilter,
  sort: ObjectSort,
  refreshKey: number,
  at: number | null = null,
): PagedObjects {
  const { client } = useApp();
  const query = JSON.stringify([filter, sort, at === null ? 'live' : 'replay']);
  const [pages, setPages] = useState<Pages>({ query: '', total: 0, byIndex: new Map(), error: null });
  const range = useRef<[number, number]>([0, 40]);
  const inflight = useRef(new Set<string>());

  const fetchPage = useCallback(
    (page: number, tick: number) => {
      const key = `${query}|${tick}|${at}|${page}`;
      if (inflight.current.has(key)) return;
      inflight.current.add(key);
      const [f, s] = JSON.parse(query) as [ObjectFilter, ObjectSort];
      const moment = at === null ? {} : { at: new Date(at).toISOString() };
      client
        .call('objects.list', { filter: f, sort: s, limit: PAGE_SIZE, offset: page * PAGE_SIZE, ...moment })
        .then((res) =>
          setPages((prev) => {
            // Keep only pages still on screen, so refreshed data replaces stale rows as it arrives.
            const keep = new Set(pagesOf(range.current));
            const byIndex = new Map(prev.query === query ? [...prev.byIndex].filter(([p]) => keep.has(p)) : []);
            byIndex.set(page, res.items);
            return { query, total: res.total, byIndex, error: null };
          }),
        )
        .catch((err: unknown) =>
          // A refused filter lists nothing; its error is shown once, under the filter bar.
          setPages((prev) =>
            filterRefusalOf(err)
              ? { query, total: 0, byIndex: new Map(), error: null }
              : { ...prev, query, error: errorMessage(err) },
          ),
        )
        .finally(() => inflight.current.delete(key));
    },
    [client, query, at],
  );

  useEffect(() => {
    for (const p of pagesOf(range.current)) fetchPage(p, refreshKey);
  }, [fetchPage, refreshKey]);

  const current = pages.query === query ? pages : null;
  const live = useMemo(() => (current && !current.error ? rowSetOf(current) : null), [current]);
  return {
    live,
    error: current?.error ?? null,
    setRange(first, last) {
      range.current = [first, last];
      for (const p of pagesOf(range.current)) if (!current?.byIndex.has(p)) fetchPage(p, refreshKey);
    },
    async locate(id) {
      const [f, s] = JSON.parse(query) as [ObjectFilter, ObjectSort];
      const moment = at === null ? {} : { at: new Date(at).toISOString() };
      for (let offset = 0; offset < LOCATE_MAX; offset += LOCATE_STEP) {
        const res = await client.call('objects.list', { filter: f, sort: s, limit: LOCATE_STEP, offset, ...moment });
        const i = res.items.findIndex((o) => o.id === id);
        if (i >= 0) return offset + i;
        if (offset + res.items.length >= res.total) break;
      }
      return null;
    },
  };
}

function rowSetOf(pages: Pages): RowSet {
  const rows = new Map<number, OsmObject>();
  for (const [p, items] of pages.byIndex) items.forEach((o, i) => rows.set(p * PAGE_SIZE + i, o));
  return { total: pages.total, rows };
}

/**
 * The status bar's "match" and "in view" counts, asked of the store (objects.list with limit 0):
 * every object the applied filter selects, and those of them inside the map's view, at the
 * replayed moment while replaying. Refreshed when the filter, the view or the moment changes and
 * with the list's tick as live data arrives; at most one pair of counts runs at a time.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Bbox, ObjectFilter } from '../../../../electron/contract/domain.js';
import { useApp } from '../../app/app-context.js';
import { useShell } from '../../app/shell-context.js';
import { useMoment } from '../../app/use-moment.js';
import { padBbox } from '../../map/view-bbox.js';
import { toObjectFilter, type FilterState } from '../../state/filter-state.js';
import { createLatestRunner } from '../../state/latest-runner.js';

/** What the two counts ask: the filter alone, and the filter within the view (null before the map has one). */
export interface CountQuery {
  match: ObjectFilter;
  inView: ObjectFilter | null;
  /** ISO moment while replaying, else absent (now). */
  at?: string;
}

export function countQuery(filter: FilterState, view: Bbox | null, moment: number | null): CountQuery {
  return {
    match: toObjectFilter(filter),
    // The list's "Only objects in view" asks the same, so the two agree.
    inView: view ? toObjectFilter(filter, padBbox(view, 0)) : null,
    ...(moment === null ? {} : { at: new Date(moment).toISOString() }),
  };
}

export interface MatchCounts {
  /** Objects the applied filter selects (null until the store answered, or when it failed). */
  match: number | null;
  /** Of those, the ones inside the map's view. */
  inView: number | null;
}

export function useMatchCounts(): MatchCounts {
  const { client } = useApp();
  const filter = useShell((s) => s.filter);
  const view = useShell((s) => s.view?.bbox ?? null);
  const tick = useShell((s) => s.listTick);
  const moment = useMoment();
  const [counts, setCounts] = useState<MatchCounts>({ match: null, inView: null });
  const runner = useMemo(
    () =>
      createLatestRunner<CountQuery>({
        minIntervalMs: 500,
        async run(q) {
          const at = q.at === undefined ? {} : { at: q.at };
          const count = (f: ObjectFilter | null) =>
            f === null
              ? Promise.resolve(null)
              : client.call('objects.list', { filter: f, limit: 0, ...at }).then((r) => r.total);
          try {
            const [match, inView] = await Promise.all([count(q.match), count(q.inView)]);
            setCounts({ match, inView });
          } catch {
            setCounts({ match: null, inView: null });
          }
        },
      }),
    [client],
  );
  useEffect(() => () => runner.stop(), [runner]);
  useEffect(() => runner.request(countQuery(filter, view, moment)), [runner, filter, view, tick, moment]);
  return counts;
}

/**
 * The live bus's view of the one filter (ARCHITECTURE §3 rule 2): an ObjectFilter turned into an
 * in-memory predicate over committed objects, via the filter module.
 */
import type { ObjectFilter, OsmObject } from '../../contract/domain.js';
import { compilePredicate, resolveFilter } from '../../filter/index.js';

export interface LiveMatcher {
  /** The filter as given (the store applies it to the snapshot query). */
  filter: ObjectFilter;
  /** True when the object passes the filter at time `now`. */
  matches(object: OsmObject, now: number): boolean;
  /** True when the result depends on the clock (`stale`), so objects can leave without changing. */
  usesStale: boolean;
  /** The resolved `stale` part: true = only stale objects, false = only fresh ones. */
  stale: boolean | undefined;
}

/** Clock-dependent predicates are recompiled at most this often (the `stale` threshold moves). */
const RECOMPILE_MS = 250;

/** Compiles a filter once per subscription; throws AppError('INVALID_INPUT') for a bad filter. */
export function createLiveMatcher(filter: ObjectFilter, staleAfterMs: number, now: number): LiveMatcher {
  const resolved = resolveFilter(filter);
  let compiledAt = now;
  let predicate = compilePredicate(filter, { now, staleAfterMs });
  const usesStale = resolved.stale !== undefined;
  return {
    filter,
    matches(object, t) {
      if (usesStale && Math.abs(t - compiledAt) >= RECOMPILE_MS) {
        compiledAt = t;
        predicate = compilePredicate(filter, { now: t, staleAfterMs });
      }
      return predicate(object);
    },
    usesStale,
    stale: resolved.stale,
  };
}

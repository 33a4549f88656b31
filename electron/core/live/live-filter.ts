/**
 * The live bus's view of the one filter (ARCHITECTURE §3 rule 2): an ObjectFilter turned into an
 * in-memory predicate over committed objects, via the filter module, with the app's stale thresholds
 * per kind as they are at each call.
 */
import type { ObjectFilter, OsmObject } from '../../contract/domain.js';
import { isTracked, ownStale, staleAtMs, type StaleThresholds } from '../../contract/staleness.js';
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
  /** The first moment (epoch ms) the object is stale by the thresholds now; Infinity: never. */
  staleAt(object: OsmObject): number;
}

/** Clock-dependent predicates are recompiled at most this often (the `stale` threshold moves). */
const RECOMPILE_MS = 250;

/**
 * Compiles a filter once per subscription; throws AppError('INVALID_INPUT') for a bad filter.
 * `staleAfter` gives the thresholds now: a change is picked up at the next call.
 */
export function createLiveMatcher(filter: ObjectFilter, staleAfter: () => StaleThresholds, now: number): LiveMatcher {
  const resolved = resolveFilter(filter);
  let compiledAt = now;
  let thresholds = staleAfter();
  let predicate = compilePredicate(filter, { now, staleAfter: thresholds });
  const usesStale = resolved.stale !== undefined;
  return {
    filter,
    matches(object, t) {
      if (usesStale && (Math.abs(t - compiledAt) >= RECOMPILE_MS || staleAfter() !== thresholds)) {
        compiledAt = t;
        thresholds = staleAfter();
        predicate = compilePredicate(filter, { now: t, staleAfter: thresholds });
      }
      return predicate(object);
    },
    usesStale,
    stale: resolved.stale,
    staleAt(object) {
      const parts = {
        tracked: isTracked(object.tags),
        observedMs: Date.parse(object.observed_at),
        ownStale: ownStale(object.tags),
        kind: Object.hasOwn(object.tags, 'kind') ? object.tags.kind : undefined,
      };
      return staleAtMs(parts, staleAfter());
    },
  };
}

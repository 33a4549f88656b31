/**
 * The in-memory form of the filter (live subscriptions): the same semantics as the SQL compiled by
 * sql.ts, which the property test in test/filter proves on random data.
 */
import {
  isStaleAt,
  isTracked,
  ownStale,
  staleClockByKind,
  type StaleClock,
  type StaleThresholds,
} from '../contract/staleness.js';
import type { Bbox, ObjectFilter, OsmObject, TagValue } from '../contract/domain.js';
import { geometryBbox } from '../contract/geometry.js';
import { compileFilterRegex, toResolved, type ResolvedFilter, type ResolvedTagCondition } from './resolve.js';

/** Evaluation context for filters that depend on the clock (`stale`). */
export interface FilterContext {
  /** Epoch ms used as "now". */
  now: number;
  /**
   * Each kind's stale threshold in seconds (null: never), the app's setting (DEFAULT_STALE_AFTER_S
   * unless the user changed it): a tracked object is stale past its kind's threshold.
   */
  staleAfter: StaleThresholds;
}

type Test = (o: OsmObject, ctx: FilterContext | undefined) => boolean;

/** A compiled filter. `ctx` (clock for `stale`) given per call overrides the one given at compile time. */
export type FilterPredicate = (o: OsmObject, ctx?: FilterContext) => boolean;

/** The string form of a tag value: strings as is, numbers as `String(n)`, booleans `true`/`false`. */
export function tagValueText(value: TagValue): string {
  return typeof value === 'string' ? value : String(value);
}

/** ASCII-only lower-casing (A–Z → a–z), the case folding used by free text in every dialect. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function tagGet(o: OsmObject, key: string): TagValue | undefined {
  return Object.hasOwn(o.tags, key) ? o.tags[key] : undefined;
}

function tagTest(c: ResolvedTagCondition): Test {
  const { key } = c;
  switch (c.op) {
    case 'exists':
      return (o) => tagGet(o, key) !== undefined;
    case 'missing':
      return (o) => tagGet(o, key) === undefined;
    case '=':
    case '!=': {
      const want = c.value;
      const isEq = (o: OsmObject): boolean => {
        const v = tagGet(o, key);
        return v !== undefined && tagValueText(v) === want;
      };
      return c.op === '=' ? isEq : (o) => !isEq(o);
    }
    case '~': {
      const re = compileFilterRegex(c.value, `tag '${key}'`);
      return (o) => {
        const v = tagGet(o, key);
        return typeof v === 'string' && re.test(v);
      };
    }
    default: {
      const n = c.value;
      const cmp =
        c.op === '<'
          ? (v: number) => v < n
          : c.op === '<='
            ? (v: number) => v <= n
            : c.op === '>'
              ? (v: number) => v > n
              : (v: number) => v >= n;
      return (o) => {
        const v = tagGet(o, key);
        return typeof v === 'number' && cmp(v);
      };
    }
  }
}

function bboxTest(b: Bbox): Test {
  const [w, s, e, n] = b;
  return (o) => {
    const ob = geometryBbox(o.geom);
    return ob !== undefined && ob[0] <= e && ob[2] >= w && ob[1] <= n && ob[3] >= s;
  };
}

function textOf(o: OsmObject, key: string): string | undefined {
  const v = tagGet(o, key);
  return v === undefined ? undefined : tagValueText(v);
}

/** Builds the predicate for an already resolved filter. */
export function compileResolvedPredicate(r: ResolvedFilter, ctx?: FilterContext): FilterPredicate {
  if (r.never) return () => false;
  const tests: Test[] = [];
  if (r.types) {
    const set = new Set<string>(r.types);
    tests.push((o) => set.has(o.type));
  }
  if (r.kinds) {
    const set = new Set(r.kinds);
    tests.push((o) => {
      const k = textOf(o, 'kind');
      return k !== undefined && set.has(k);
    });
  }
  if (r.sourceIds) {
    const set = new Set(r.sourceIds);
    tests.push((o) => set.has(o.source_id));
  }
  for (const c of r.tags) tests.push(tagTest(c));
  for (const b of r.bboxes) tests.push(bboxTest(b));
  for (const term of r.q) {
    const needle = asciiLower(term);
    tests.push((o) => {
      const name = textOf(o, 'name');
      return (name !== undefined && asciiLower(name).includes(needle)) || asciiLower(o.osm_id).includes(needle);
    });
  }
  const after = r.observedAfter;
  const before = r.observedBefore;
  if (after !== undefined) tests.push((o) => Date.parse(o.observed_at) >= after);
  if (before !== undefined) tests.push((o) => Date.parse(o.observed_at) < before);
  if (r.stale !== undefined) {
    const stale = r.stale;
    // One clock per context (a context is reused across objects), not one per object.
    let clockOf: FilterContext | undefined;
    let clock: StaleClock | undefined;
    tests.push((o, c) => {
      if (!c) throw new Error('A FilterContext is required to evaluate a filter with stale.');
      if (c !== clockOf || !clock) {
        clockOf = c;
        clock = staleClockByKind(c.now, c.staleAfter);
      }
      const parts = {
        tracked: isTracked(o.tags),
        observedMs: Date.parse(o.observed_at),
        ownStale: ownStale(o.tags),
        kind: tagGet(o, 'kind'),
      };
      return isStaleAt(parts, clock) === stale;
    });
  }
  return (o, c) => {
    const use = c ?? ctx;
    return tests.every((t) => t(o, use));
  };
}

/**
 * Compiles `filter` (an ObjectFilter, validated and resolved first, throwing AppError
 * INVALID_INPUT; or a ResolvedFilter) into an in-memory predicate. `ctx` is the clock for `stale`;
 * it may be given here, per call, or both (the call's wins).
 */
export function compilePredicate(
  filter: ObjectFilter | ResolvedFilter | undefined,
  ctx?: FilterContext,
): FilterPredicate {
  const resolved = toResolved(filter);
  return compileResolvedPredicate(resolved, ctx);
}

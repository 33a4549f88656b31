/**
 * When an object is stale: one rule for the map, the list, the filter's `stale` (in memory and in
 * SQL) and the hub. An object that carries its own expiry (CoT's `stale` time: tag `cot:stale`, an
 * ISO time in UTC, which the adapter writes in `toISOString` form) is stale once that time is
 * reached; the expiry compares as text with now's ISO form, exactly as the SQL does. Otherwise only
 * tracked objects go stale — those with a `kind`, `speed` or `heading` tag — when nothing was
 * observed for the stale window; a static OSM element keeps its last edit time for years and is
 * never stale.
 */
import type { Tags } from './domain.js';

/** Tags whose presence makes an object tracked (moving or reporting). */
export const TRACKED_TAGS = ['kind', 'speed', 'heading'] as const;

/** The tag holding an object's own expiry, as an ISO time (set by the CoT adapter). */
export const OWN_STALE_TAG = 'cot:stale';

/** The moment the rule is applied at, and the window. */
export interface StaleClock {
  now: number;
  /** `new Date(now).toISOString()`, made once per evaluation. */
  nowIso: string;
  staleAfterMs: number;
}

export function staleClock(now: number, staleAfterMs: number): StaleClock {
  return { now, nowIso: new Date(now).toISOString(), staleAfterMs };
}

/** True when the object moves or reports. */
export function isTracked(tags: Tags): boolean {
  return TRACKED_TAGS.some((key) => tags[key] !== undefined);
}

/** The object's own expiry (the string value of `cot:stale`), or null when it carries none. */
export function ownStale(tags: Tags): string | null {
  const value = tags[OWN_STALE_TAG];
  return typeof value === 'string' ? value : null;
}

/** The rule on an object's precomputed parts. */
export function isStaleAt(
  o: { tracked: boolean; observedMs: number; ownStale: string | null },
  clock: StaleClock,
): boolean {
  if (o.ownStale !== null) return o.ownStale <= clock.nowIso;
  return o.tracked && o.observedMs < clock.now - clock.staleAfterMs;
}

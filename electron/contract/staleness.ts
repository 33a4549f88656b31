/**
 * When an object is stale: one rule for the map, the list, the filter's `stale` (in memory and in
 * SQL) and the hub. An object that carries its own expiry (CoT's `stale` time: tag `cot:stale`, an
 * ISO time in UTC, which the adapter writes in `toISOString` form) is stale once that time is
 * reached; the expiry compares as text with now's ISO form, exactly as the SQL does. Otherwise only
 * tracked objects go stale — those with a `kind`, `speed` or `heading` tag — when nothing was
 * observed for the stale window; a static OSM element keeps its last edit time for years and is
 * never stale. The window is one number (the core's `staleAfterS`) or one per kind (the window's
 * setting, DEFAULT_STALE_AFTER_S), where a fixed kind such as an aid to navigation is never stale.
 */
import type { Tags } from './domain.js';

/** Tags whose presence makes an object tracked (moving or reporting). */
export const TRACKED_TAGS = ['kind', 'speed', 'heading'] as const;

/** The tag holding an object's own expiry, as an ISO time (set by the CoT adapter). */
export const OWN_STALE_TAG = 'cot:stale';

/** The kinds with a stale threshold of their own; every other kind, or none, counts as `other`. */
export const STALE_KINDS = [
  'aircraft',
  'drone',
  'car',
  'phone',
  'person',
  'ship',
  'sensor',
  'base_station',
  'aton',
  'other',
] as const;
export type StaleKind = (typeof STALE_KINDS)[number];

/** Seconds without an update after which an object of a kind is stale; null: never (it is fixed). */
export type StaleThresholds = Readonly<Record<StaleKind, number | null>>;

/**
 * The defaults: an aircraft reports every few seconds, so a minute of silence means it is gone;
 * cars and phones report every few seconds to a minute; AIS class B ships report every 30 s to
 * 3 min and at anchor every 3 min; sensors report hourly. AIS base stations and aids to
 * navigation (`aton`) do not move, so they never go stale.
 */
export const DEFAULT_STALE_AFTER_S: StaleThresholds = {
  aircraft: 60,
  drone: 60,
  car: 300,
  phone: 300,
  person: 300,
  ship: 900,
  sensor: 3600,
  base_station: null,
  aton: null,
  other: 600,
};

/** One threshold (seconds) for every kind, the fixed ones included: tests and a one-window setup. */
export function sameStaleAfter(seconds: number): StaleThresholds {
  return Object.fromEntries(STALE_KINDS.map((k) => [k, seconds])) as Record<StaleKind, number>;
}

/** The threshold group of a `kind` tag's value. */
export function staleKindOf(kind: unknown): StaleKind {
  return typeof kind === 'string' && (STALE_KINDS as readonly string[]).includes(kind) ? (kind as StaleKind) : 'other';
}

/** The longest threshold a kind takes: one year (seconds). */
export const MAX_STALE_AFTER_S = 365 * 86_400;

/** A kind's threshold in ms (null: never stale). */
export function staleLimitMs(thresholds: StaleThresholds, kind: unknown): number | null {
  const s = thresholds[staleKindOf(kind)];
  return s === null ? null : s * 1000;
}

/**
 * The thresholds grouped by value, for SQL: each distinct limit in ms (null: never) with the kinds
 * that have it, `other` excluded (it is the fallback of every kind not listed).
 */
export function staleKindGroups(thresholds: StaleThresholds): { limitMs: number | null; kinds: StaleKind[] }[] {
  const groups = new Map<number | null, StaleKind[]>();
  for (const kind of STALE_KINDS) {
    if (kind === 'other') continue;
    const limit = staleLimitMs(thresholds, kind);
    groups.set(limit, [...(groups.get(limit) ?? []), kind]);
  }
  return [...groups].map(([limitMs, kinds]) => ({ limitMs, kinds }));
}

/** The moment the rule is applied at, and the window (one for every kind, or one per kind). */
export interface StaleClock {
  now: number;
  /** `new Date(now).toISOString()`, made once per evaluation. */
  nowIso: string;
  staleAfterMs: number;
  /** Per kind, in ms (null: never); when set it replaces `staleAfterMs`. */
  byKindMs?: Readonly<Record<StaleKind, number | null>>;
}

export function staleClock(now: number, staleAfterMs: number): StaleClock {
  return { now, nowIso: new Date(now).toISOString(), staleAfterMs };
}

/** The clock with a threshold per kind (seconds, null: never). */
export function staleClockByKind(now: number, thresholds: StaleThresholds): StaleClock {
  const byKindMs = Object.fromEntries(
    STALE_KINDS.map((k) => [k, thresholds[k] === null ? null : thresholds[k] * 1000]),
  ) as Record<StaleKind, number | null>;
  return { now, nowIso: new Date(now).toISOString(), staleAfterMs: byKindMs.other ?? Infinity, byKindMs };
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

/** The rule on an object's precomputed parts (`kind`: its `kind` tag, for a clock with one window per kind). */
export function isStaleAt(
  o: { tracked: boolean; observedMs: number; ownStale: string | null; kind?: unknown },
  clock: StaleClock,
): boolean {
  if (o.ownStale !== null) return o.ownStale <= clock.nowIso;
  if (!o.tracked) return false;
  const limit = clock.byKindMs ? clock.byKindMs[staleKindOf(o.kind)] : clock.staleAfterMs;
  return limit !== null && o.observedMs < clock.now - limit;
}

/**
 * The first moment (epoch ms) the object is stale by `thresholds`: `isStaleAt` holds for every
 * `now >= staleAtMs(…)` (with the clock's ms precision); Infinity when it never goes stale. An own
 * expiry that is not an ISO time never ages in (it compares as text, so it is stale now or never).
 */
export function staleAtMs(
  o: { tracked: boolean; observedMs: number; ownStale: string | null; kind?: unknown },
  thresholds: StaleThresholds,
): number {
  if (o.ownStale !== null) {
    const own = Date.parse(o.ownStale);
    return Number.isFinite(own) && new Date(own).toISOString() === o.ownStale ? own : Infinity;
  }
  if (!o.tracked) return Infinity;
  const limit = staleLimitMs(thresholds, o.kind);
  return limit === null ? Infinity : o.observedMs + limit + 1;
}

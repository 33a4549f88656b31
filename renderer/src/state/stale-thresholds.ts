/**
 * The window's stale thresholds per kind (seconds, null: never): the contract's defaults, what the
 * user changed over them (remembered in localStorage), and one change kept within bounds.
 */
import { DEFAULT_STALE_AFTER_S, STALE_KINDS, type StaleKind, type StaleThresholds } from './staleness.js';

/** The longest threshold a field takes: one year. */
export const MAX_STALE_AFTER_S = 365 * 86_400;

/** `seconds` kept within 1 s … one year; anything that is not a positive number means never. */
export function clampStaleAfter(seconds: number | null): number | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds <= 0) return null;
  return Math.min(MAX_STALE_AFTER_S, Math.max(1, Math.round(seconds)));
}

/** The thresholds with one kind changed. */
export function withStaleAfter(t: StaleThresholds, kind: StaleKind, seconds: number | null): StaleThresholds {
  return { ...t, [kind]: clampStaleAfter(seconds) };
}

/** The remembered thresholds (JSON of kind → seconds or null) over the defaults; anything malformed is ignored. */
export function parseStaleThresholds(raw: string | null): StaleThresholds {
  let saved: unknown = null;
  try {
    saved = raw === null ? null : JSON.parse(raw);
  } catch {
    saved = null;
  }
  const out: Record<StaleKind, number | null> = { ...DEFAULT_STALE_AFTER_S };
  if (!saved || typeof saved !== 'object') return out;
  for (const kind of STALE_KINDS) {
    const v = (saved as Record<string, unknown>)[kind];
    if (v === null) out[kind] = null;
    else if (typeof v === 'number') out[kind] = clampStaleAfter(v);
  }
  return out;
}

/** A threshold as the settings show it: "15 min", "1 min 30 s", "never". */
export function formatStaleAfter(seconds: number | null): string {
  if (seconds === null) return 'never';
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60)
    return seconds % 60 === 0 ? `${seconds / 60} min` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${seconds} s`;
}

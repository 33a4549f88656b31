/**
 * The app's stale thresholds per kind, held by the core: the one setting the map, the list, the
 * filter's `stale` (SQL and in memory), the live bus's sweep, the hub and the rules read. Changed by
 * `app.setStaleThresholds`, saved in the settings file, announced to every listener.
 */
import { STALE_KINDS, type StaleKind, type StaleThresholds } from '../contract/staleness.js';

export interface StaleSettings {
  /** The thresholds now. */
  get(): StaleThresholds;
  /** Changes the kinds named in `patch` (the others keep theirs); saves and announces the result. */
  set(patch: Partial<Record<StaleKind, number | null>>): StaleThresholds;
  /** Calls `listener` after every change; returns the unsubscribe. */
  onChange(listener: (thresholds: StaleThresholds) => void): () => void;
}

export interface StaleSettingsOptions {
  initial: StaleThresholds;
  /** Persists the whole table (the settings file); a failure leaves the setting unchanged. */
  save?: (thresholds: StaleThresholds) => void;
}

/** Builds the holder; `set` validates nothing itself (the contract's schema did). */
export function createStaleSettings(options: StaleSettingsOptions): StaleSettings {
  let current: StaleThresholds = Object.freeze({ ...options.initial });
  const listeners = new Set<(t: StaleThresholds) => void>();
  return {
    get: () => current,
    set(patch) {
      const next: Record<StaleKind, number | null> = { ...current };
      for (const kind of STALE_KINDS) {
        const value = patch[kind];
        if (value !== undefined) next[kind] = value;
      }
      options.save?.(next);
      current = Object.freeze(next);
      for (const listener of listeners) listener(current);
      return current;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

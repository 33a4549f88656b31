// Which objects can go stale: only tracked (moving) objects. A static OSM element keeps its last
// edit time for years; calling a bench "stale" because nobody edited it since 2023 says nothing.
import type { Tags } from '../../../electron/contract/domain.js';

/**
 * An object is tracked when it says it moves or reports: it has a `kind` tag (ship, car, sensor…)
 * or a `speed` or `heading` tag. Everything else (buildings, roads, POIs of an OSM extract) is static.
 */
export function isTracked(tags: Tags): boolean {
  return tags.kind !== undefined || tags.speed !== undefined || tags.heading !== undefined;
}

/** Stale: a tracked object with no update since `staleBefore` (epoch ms). Static objects never are. */
export function isStale(entry: { tracked: boolean; observedMs: number }, staleBefore: number): boolean {
  return entry.tracked && entry.observedMs < staleBefore;
}

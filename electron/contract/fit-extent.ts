/**
 * Where "zoom to fit" frames a set of objects, shared by the store (the filter's whole extent,
 * db/object-extent.ts) and the renderer (what it holds while replaying, map-fit.ts). The core is
 * the points' box joined with the 2nd–98th percentile box of the ways' and areas' centres (all of
 * them below 20); a way or area counts when its bbox lies within the core grown by the core's size
 * on each side. So a sea, bay or boundary polygon that dwarfs the rest of an OSM extract does not
 * decide the view, while a giant polygon alone is fitted whole.
 */
import type { Bbox } from './domain.js';

/** Below this many ways and areas, every one of them counts (no percentile trimming). */
const TRIM_MIN = 20;
/** Share of the ways' and areas' centres that may lie outside the core on each side. */
const TRIM = 0.02;
/** Least growth of the core box (degrees) when it is a point or nearly one. */
const MIN_GROWTH = 0.01;

export const unionBbox = (a: Bbox | null, b: Bbox): Bbox =>
  a ? [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])] : b;

/** The ranks (0-based, ascending) of the low and high centre kept out of `shapes` ways and areas. */
export function centreRanks(shapes: number): [number, number] {
  const q = shapes < TRIM_MIN ? 0 : TRIM;
  const rank = (p: number) => Math.min(shapes - 1, Math.max(0, Math.round(p * (shapes - 1))));
  return [rank(q), rank(1 - q)];
}

/** The core grown by its own size (at least MIN_GROWTH) on each side: where counted shapes lie. */
export function grownCore(core: Bbox): Bbox {
  const gx = Math.max(core[2] - core[0], MIN_GROWTH);
  const gy = Math.max(core[3] - core[1], MIN_GROWTH);
  return [core[0] - gx, core[1] - gy, core[2] + gx, core[3] + gy];
}

/**
 * The box to fit: `core` joined with `within` (the shapes inside the grown core); shapes alone whose
 * fit shrank to a point (one sea polygon, nothing else) are shown whole (`all`).
 */
export function fitOf(core: Bbox, within: Bbox | null, all: Bbox, hasPoints: boolean): Bbox {
  const fit = within ? unionBbox(core, within) : core;
  return hasPoints || fit[2] > fit[0] || fit[3] > fit[1] ? fit : all;
}

// Zoom-to-fit and follow helpers over the live store. Fit frames where the objects are: a sea,
// bay or boundary polygon that dwarfs the rest of an OSM extract does not decide the view.
import L from 'leaflet';
import type { Bbox } from '../../../electron/contract/domain.js';
import type { LiveEntry, LiveObjects } from '../state/live-objects.js';
import { geometryBbox } from '../../../electron/contract/geometry.js';
import { geometryAnchor } from '../state/geo.js';

/** Below this many static ways and areas, every one of them counts (no percentile trimming). */
const TRIM_MIN = 20;
/** Share of static ways/areas whose centres may lie outside the core on each side. */
const TRIM = 0.02;
/** Least growth of the core box (degrees) when it is a point or nearly one. */
const MIN_GROWTH = 0.01;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

const union = (a: Bbox | null, b: Bbox): Bbox =>
  a ? [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])] : b;

/**
 * The box to fit: every point and every tracked object, plus the static ways and areas that lie
 * near them. The core is the points' box joined with the 2nd–98th percentile of the static ways'
 * and areas' centres (all of them when there are fewer than 20); a static way or area counts when its
 * bbox lies within the core grown by its own size on each side. A giant polygon alone is fitted whole.
 */
export function fitBbox(entries: Iterable<LiveEntry>): Bbox | null {
  let core: Bbox | null = null;
  let all: Bbox | null = null;
  const shapes: Bbox[] = [];
  for (const e of entries) {
    const b = geometryBbox(e.obj.geom);
    if (!b) continue;
    all = union(all, b);
    if (e.isPoint || e.tracked) core = union(core, b);
    else shapes.push(b);
  }
  if (!all) return null;
  const hasPoints = core !== null;
  if (shapes.length > 0) {
    const xs = shapes.map((b) => (b[0] + b[2]) / 2).sort((a, b) => a - b);
    const ys = shapes.map((b) => (b[1] + b[3]) / 2).sort((a, b) => a - b);
    const q = shapes.length < TRIM_MIN ? 0 : TRIM;
    core = union(core, [quantile(xs, q), quantile(ys, q), quantile(xs, 1 - q), quantile(ys, 1 - q)]);
  }
  const c = core!;
  const gx = Math.max(c[2] - c[0], MIN_GROWTH);
  const gy = Math.max(c[3] - c[1], MIN_GROWTH);
  let fit: Bbox = c;
  for (const b of shapes) {
    if (b[0] >= c[0] - gx && b[1] >= c[1] - gy && b[2] <= c[2] + gx && b[3] <= c[3] + gy) fit = union(fit, b);
  }
  // Shapes alone whose core shrank to a point (one sea polygon, nothing else) are shown whole.
  return hasPoints || fit[2] > fit[0] || fit[3] > fit[1] ? fit : all;
}

/** Fits the map to the live objects (or the whole world when there are none). */
export function fitBoundsOf(map: L.Map, store: LiveObjects): void {
  const b = fitBbox(store.all());
  if (!b) map.setView([20, 0], 2);
  else map.fitBounds(L.latLngBounds([b[1], b[0]], [b[3], b[2]]), { padding: [30, 30], maxZoom: 15 });
}

/** [lat, lon] of a live object's anchor, or null when it is not in the store. */
export function followPosition(store: LiveObjects, id: string): [number, number] | null {
  const entry = store.get(id);
  const a = entry ? geometryAnchor(entry.obj.geom) : null;
  return a ? [a[1], a[0]] : null;
}

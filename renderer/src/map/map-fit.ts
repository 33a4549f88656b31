// Zoom-to-fit and follow helpers. Fit frames where the objects are: a sea, bay or boundary polygon
// that dwarfs the rest of an OSM extract does not decide the view.
import L from 'leaflet';
import type { Bbox } from '../../../electron/contract/domain.js';
import type { LiveEntry, LiveObjects } from '../state/live-objects.js';
import { geometryBbox } from '../../../electron/contract/geometry.js';
import { centreRanks, fitOf, grownCore, unionBbox } from '../../../electron/contract/fit-extent.js';
import { geometryAnchor } from '../state/geo.js';

/**
 * The box to fit over the objects the renderer holds (electron/contract/fit-extent.ts): every point
 * and every tracked object makes the core, with the trimmed centres of the static ways and areas.
 */
export function fitBbox(entries: Iterable<LiveEntry>): Bbox | null {
  let core: Bbox | null = null;
  let all: Bbox | null = null;
  const shapes: Bbox[] = [];
  for (const e of entries) {
    const b = geometryBbox(e.obj.geom);
    if (!b) continue;
    all = unionBbox(all, b);
    if (e.isPoint || e.tracked) core = unionBbox(core, b);
    else shapes.push(b);
  }
  if (!all) return null;
  const hasPoints = core !== null;
  if (shapes.length > 0) {
    const xs = shapes.map((b) => (b[0] + b[2]) / 2).sort((a, b) => a - b);
    const ys = shapes.map((b) => (b[1] + b[3]) / 2).sort((a, b) => a - b);
    const [lo, hi] = centreRanks(shapes.length);
    core = unionBbox(core, [xs[lo]!, ys[lo]!, xs[hi]!, ys[hi]!]);
  }
  const grown = grownCore(core!);
  let within: Bbox | null = null;
  for (const b of shapes) {
    if (b[0] >= grown[0] && b[1] >= grown[1] && b[2] <= grown[2] && b[3] <= grown[3]) within = unionBbox(within, b);
  }
  return fitOf(core!, within, all, hasPoints);
}

/** Frames `b` with a margin, no closer than zoom 15. */
export function fitBox(map: L.Map, b: Bbox): void {
  map.fitBounds(L.latLngBounds([b[1], b[0]], [b[3], b[2]]), { padding: [30, 30], maxZoom: 15 });
}

/** Fits the map to the objects the renderer holds; false when it holds none. */
export function fitBoundsOf(map: L.Map, store: LiveObjects): boolean {
  const b = fitBbox(store.all());
  if (b) fitBox(map, b);
  return b !== null;
}

/** [lat, lon] of a live object's anchor, or null when it is not in the store. */
export function followPosition(store: LiveObjects, id: string): [number, number] | null {
  const entry = store.get(id);
  const a = entry ? geometryAnchor(entry.obj.geom) : null;
  return a ? [a[1], a[0]] : null;
}

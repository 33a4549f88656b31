// Zoom-to-fit and follow helpers over the live store.
import L from 'leaflet';
import type { LiveObjects } from '../state/live-objects.js';
import { geometryBbox } from '../../../electron/contract/geometry.js';
import { geometryAnchor } from '../state/geo.js';

/** Fits the map to every live object (or the whole world when there are none). */
export function fitBoundsOf(map: L.Map, store: LiveObjects): void {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const entry of store.all()) {
    const b = geometryBbox(entry.obj.geom);
    if (!b) continue;
    w = Math.min(w, b[0]);
    s = Math.min(s, b[1]);
    e = Math.max(e, b[2]);
    n = Math.max(n, b[3]);
  }
  if (w === Infinity) map.setView([20, 0], 2);
  else map.fitBounds(L.latLngBounds([s, w], [n, e]), { padding: [30, 30], maxZoom: 15 });
}

/** [lat, lon] of a live object's anchor, or null when it is not in the store. */
export function followPosition(store: LiveObjects, id: string): [number, number] | null {
  const entry = store.get(id);
  const a = entry ? geometryAnchor(entry.obj.geom) : null;
  return a ? [a[1], a[0]] : null;
}

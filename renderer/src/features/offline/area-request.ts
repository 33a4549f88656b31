/** The area a "download this area" request covers: the visible bbox clamped to the world, and a zoom range. */
import type { Bbox } from '../../../../electron/contract/domain.js';

const MAX_LAT = 85.0511;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The view's bbox clamped to what Web Mercator tiles cover (the view may extend past the world). */
export function clampBbox([w, s, e, n]: Bbox): Bbox {
  return [clamp(w, -180, 180), clamp(s, -MAX_LAT, MAX_LAT), clamp(e, -180, 180), clamp(n, -MAX_LAT, MAX_LAT)];
}

/** Default zoom range: the current zoom and two more levels, within the layer's maximum. */
export function defaultZoomRange(zoom: number, maxZoom: number): [number, number] {
  const from = clamp(Math.floor(zoom), 0, maxZoom);
  return [from, Math.min(maxZoom, from + 2)];
}

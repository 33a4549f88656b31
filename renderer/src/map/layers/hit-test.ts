// Finds the object under a screen point: the nearest symbol, else the nearest line or outline
// within a radius, else the smallest filled static area (a building, a park) containing the point.
import type { LiveEntry } from '../../state/live-objects.js';
import { staticLook } from './osm-style/look-cache.js';
import type { ViewTransform } from './view-transform.js';

function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  const cx = ax + t * dx - px;
  const cy = ay + t * dy - py;
  return cx * cx + cy * cy;
}

function pathDistance2(e: LiveEntry, v: ViewTransform, px: number, py: number): number {
  let best = Infinity;
  for (const path of e.paths ?? []) {
    const c = path.coords;
    const n = c.length / 2;
    for (let i = 0; i < n; i++) {
      const ax = c[i * 2]! * v.scale + v.ox;
      const ay = c[i * 2 + 1]! * v.scale + v.oy;
      const j = i + 1 < n ? i + 1 : path.closed ? 0 : i;
      const bx = c[j * 2]! * v.scale + v.ox;
      const by = c[j * 2 + 1]! * v.scale + v.oy;
      best = Math.min(best, segmentDistance2(px, py, ax, ay, bx, by));
    }
  }
  return best;
}

/** Area of a static filled area's bbox (world units²) when (wx, wy) is inside the area, else Infinity. */
function containingArea(e: LiveEntry, wx: number, wy: number): number {
  if (e.tracked || !e.paths) return Infinity;
  const s = staticLook(e);
  if (s.look.type !== 'area' || s.look.fillAlpha === 0) return Infinity;
  if (wx < s.minX || wx > s.maxX || wy < s.minY || wy > s.maxY) return Infinity;
  let inside = false;
  for (const path of e.paths) {
    if (!path.closed) continue;
    const c = path.coords;
    // Even-odd ray casting over every ring, so holes count as outside.
    for (let i = 0, j = c.length - 2; i < c.length; j = i, i += 2) {
      const yi = c[i + 1]!;
      const yj = c[j + 1]!;
      if (yi > wy !== yj > wy && wx < ((c[j]! - c[i]!) * (wy - yi)) / (yj - yi) + c[i]!) inside = !inside;
    }
  }
  return inside ? (s.maxX - s.minX) * (s.maxY - s.minY) : Infinity;
}

/**
 * The entry nearest to (px, py) in container pixels within `radius`: points first, then lines and
 * outlines, then the smallest filled area under the point; or null.
 */
export function hitTest(
  entries: Iterable<LiveEntry>,
  v: ViewTransform,
  px: number,
  py: number,
  radius: number,
): LiveEntry | null {
  const r2 = radius * radius;
  let best: LiveEntry | null = null;
  let bestD = r2;
  let bestWay: LiveEntry | null = null;
  let bestWayD = r2;
  let bestArea: LiveEntry | null = null;
  let bestAreaSize = Infinity;
  const wx = (px - v.ox) / v.scale;
  const wy = (py - v.oy) / v.scale;
  for (const e of entries) {
    if (e.isPoint) {
      const dx = e.x * v.scale + v.ox - px;
      const dy = e.y * v.scale + v.oy - py;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = e;
      }
    } else {
      const d = pathDistance2(e, v, px, py);
      if (d <= bestWayD) {
        bestWayD = d;
        bestWay = e;
      }
      const size = containingArea(e, wx, wy);
      if (size < bestAreaSize) {
        bestAreaSize = size;
        bestArea = e;
      }
    }
  }
  return best ?? bestWay ?? bestArea;
}

// Finds the object under a screen point: the nearest symbol or line vertex/segment within a radius.
import type { LiveEntry } from '../../state/live-objects.js';
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

/** The entry nearest to (px, py) in container pixels within `radius`, points preferred; or null. */
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
    }
  }
  return best ?? bestWay;
}

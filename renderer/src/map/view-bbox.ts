// Chooses the bbox the live subscription asks for: the visible area padded by half on each side, so
// small pans and follow mode do not resubscribe; a new bbox only when the view leaves it or shrinks a lot.
import type { Bbox } from '../../../electron/contract/domain.js';

const clampLon = (v: number) => Math.max(-180, Math.min(180, v));
const clampLat = (v: number) => Math.max(-90, Math.min(90, v));

/** The view [west, south, east, north] padded by `pad` of its size per side and clamped to the world. */
export function padBbox(view: Bbox, pad = 0.5): Bbox {
  const [w, s, e, n] = view;
  const dx = (e - w) * pad;
  const dy = (n - s) * pad;
  if (e - w + 2 * dx >= 360) return [-180, clampLat(s - dy), 180, clampLat(n + dy)];
  return [clampLon(w - dx), clampLat(s - dy), clampLon(e + dx), clampLat(n + dy)];
}

function area(b: Bbox): number {
  return Math.max(1e-12, (b[2] - b[0]) * (b[3] - b[1]));
}

/** true when `outer` contains `inner` (after clamping inner to the world). */
export function containsBbox(outer: Bbox, inner: Bbox): boolean {
  return (
    outer[0] <= clampLon(inner[0]) &&
    outer[1] <= clampLat(inner[1]) &&
    outer[2] >= clampLon(inner[2]) &&
    outer[3] >= clampLat(inner[3])
  );
}

/** The bbox to subscribe with for this view, or null when the current one still serves it. */
export function nextSubscriptionBbox(view: Bbox, current: Bbox | null): Bbox | null {
  if (current && containsBbox(current, view) && area(current) / area(view) <= 16) return null;
  return padBbox(view);
}

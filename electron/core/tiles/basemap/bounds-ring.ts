/**
 * The geometry of closing coastline chains along a rectangular area (the extract's bounds): cutting a
 * chain where it crosses the sides, carrying an end that stops short of a side out to that side, and
 * joining the cut chains along the sides into rings with the water on their right (clockwise).
 */
import type { Position } from 'geojson';
import type { Bbox } from '../../../contract/domain.js';

/** A part of a coastline chain inside the area; `open` ends stop inside the area instead of on a side. */
export interface Piece {
  coords: Position[];
  openStart: boolean;
  openEnd: boolean;
}

export const isInside = (p: Position, a: Bbox) => p[0]! >= a[0] && p[0]! <= a[2] && p[1]! >= a[1] && p[1]! <= a[3];
export const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];

/** The parts of a chain inside the area, cut where it crosses the sides (Liang–Barsky per segment). */
export function clipChain(chain: Position[], area: Bbox): Piece[] {
  const pieces: Piece[] = [];
  let cur: Piece | undefined = isInside(chain[0]!, area)
    ? { coords: [chain[0]!], openStart: !onSide(chain[0]!, area), openEnd: false }
    : undefined;
  const push = (p: Position) => {
    if (!same(cur!.coords[cur!.coords.length - 1]!, p)) cur!.coords.push(p);
  };
  for (let i = 1; i < chain.length; i++) {
    const a = chain[i - 1]!;
    const b = chain[i]!;
    const hit = clipSegment(a, b, area);
    if (!hit) continue;
    const [t0, t1] = hit;
    if (!cur) cur = { coords: [snap(lerp(a, b, t0), area)], openStart: false, openEnd: false };
    if (t1 < 1) {
      push(snap(lerp(a, b, t1), area));
      if (cur.coords.length > 1) pieces.push(cur);
      cur = undefined;
    } else push(b);
  }
  if (cur && cur.coords.length > 1) {
    cur.openEnd = !onSide(cur.coords[cur.coords.length - 1]!, area);
    pieces.push(cur);
  }
  return pieces;
}

/** The part [t0, t1] of segment a→b inside the area, or undefined when it misses it. */
function clipSegment(a: Position, b: Position, area: Bbox): [number, number] | undefined {
  const dx = b[0]! - a[0]!;
  const dy = b[1]! - a[1]!;
  let t0 = 0;
  let t1 = 1;
  const edges: Array<[number, number]> = [
    [-dx, a[0]! - area[0]],
    [dx, area[2] - a[0]!],
    [-dy, a[1]! - area[1]],
    [dy, area[3] - a[1]!],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return undefined;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return undefined;
  }
  return [t0, t1];
}

const lerp = (a: Position, b: Position, t: number): Position => [
  a[0]! + (b[0]! - a[0]!) * t,
  a[1]! + (b[1]! - a[1]!) * t,
];

/** Distances from a point to the west, south, east and north sides (east–west ones times `kx`). */
const sideDistances = (p: Position, a: Bbox, kx = 1) => [
  (p[0]! - a[0]) * kx,
  p[1]! - a[1],
  (a[2] - p[0]!) * kx,
  a[3] - p[1]!,
];

function onSide(p: Position, a: Bbox): boolean {
  return sideDistances(p, a).some((d) => d === 0);
}

/**
 * The point on the nearest side (a point just cut at a side lands exactly on it); `kx` scales
 * longitude to latitude degrees (the cosine of the latitude) so that "nearest" is on the ground.
 */
export function snap(p: Position, a: Bbox, kx = 1): Position {
  const d = sideDistances(p, a, kx);
  const side = d.indexOf(Math.min(...d));
  return side === 0 ? [a[0], p[1]!] : side === 1 ? [p[0]!, a[1]] : side === 2 ? [a[2], p[1]!] : [p[0]!, a[3]];
}

/**
 * Where a point on a side lies along the area's outline, walked clockwise from the south-west
 * corner: up the west side, east along the north, down the east, west along the south.
 */
function along(p: Position, a: Bbox): number {
  const [w, s, e, n] = a;
  const h = n - s;
  const width = e - w;
  const [x, y] = [p[0]!, p[1]!];
  if (x === w) return y - s;
  if (y === n) return h + (x - w);
  if (x === e) return h + width + (n - y);
  return 2 * h + width + (e - x);
}

/**
 * Joins pieces that start and end on the sides into rings: from each piece's end, clockwise along
 * the sides (keeping the area's inside, hence the water, on the right) to the next piece's start.
 */
export function closeAlongSides(pieces: Piece[], area: Bbox): Position[][] {
  const [w, s, e, n] = area;
  const perimeter = 2 * (n - s) + 2 * (e - w);
  const corners: Array<[number, Position]> = [
    [n - s, [w, n]],
    [n - s + (e - w), [e, n]],
    [2 * (n - s) + (e - w), [e, s]],
    [perimeter, [w, s]],
  ];
  const starts = pieces.map((p) => along(p.coords[0]!, area));
  const used = new Set<number>();
  const rings: Position[][] = [];
  for (let first = 0; first < pieces.length; first++) {
    if (used.has(first)) continue;
    const ring: Position[] = [];
    for (let i = first; ;) {
      used.add(i);
      ring.push(...pieces[i]!.coords);
      const exit = along(ring[ring.length - 1]!, area);
      const gap = (k: number) => (starts[k]! - exit + perimeter) % perimeter;
      let next = -1;
      for (let k = 0; k < pieces.length; k++)
        if ((k === first || !used.has(k)) && (next < 0 || gap(k) < gap(next))) next = k;
      const passed = corners
        .map(([at, corner]) => [(at - exit + perimeter) % perimeter, corner] as const)
        .filter(([d]) => d > 0 && d < gap(next))
        .sort((x, y) => x[0] - y[0]);
      for (const [, corner] of passed) ring.push(corner);
      if (next === first) break;
      i = next;
    }
    ring.push(ring[0]!);
    rings.push(ring);
  }
  return rings;
}

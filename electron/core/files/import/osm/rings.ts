/**
 * Multipolygon assembly: joins member ways into closed rings at shared nodes, then sorts the rings
 * into polygons by containment (a ring inside an odd number of others is a hole of the smallest
 * one around it; roles are not trusted, as GDAL does not trust them). Outer rings come out
 * counter-clockwise and holes clockwise (RFC 7946).
 */
import type { NodeStore } from './compact-store.js';
import type { Position } from './osm-model.js';

export interface RingResult {
  /** Polygons: the outer ring first, then its holes; coordinates [lon, lat]. */
  polygons: Position[][][];
  /** The node (its OSM id) where the first ring that could not be closed ends. */
  openAtNode?: number;
}

/** Joins the member ways' node lists (node indices, missing nodes dropped) into rings. */
export function assembleRings(ways: Int32Array[], nodes: NodeStore): RingResult {
  const closed: Int32Array[] = [];
  const open: Int32Array[] = [];
  for (const way of ways) {
    if (way.length < 2) continue;
    if (way.length >= 4 && way[0] === way[way.length - 1]) closed.push(way);
    else open.push(way);
  }
  let openAtNode: number | undefined;
  const byEnd = new Map<number, number[]>();
  const link = (node: number, i: number) => {
    const list = byEnd.get(node);
    if (list) list.push(i);
    else byEnd.set(node, [i]);
  };
  open.forEach((w, i) => {
    link(w[0]!, i);
    link(w[w.length - 1]!, i);
  });
  const used = new Uint8Array(open.length);
  for (let s = 0; s < open.length; s++) {
    if (used[s]) continue;
    used[s] = 1;
    const ring = Array.from(open[s]!);
    for (;;) {
      const end = ring[ring.length - 1]!;
      if (end === ring[0] && ring.length >= 4) {
        closed.push(Int32Array.from(ring));
        break;
      }
      const next = (byEnd.get(end) ?? []).find((i) => !used[i]);
      if (next === undefined) {
        openAtNode ??= nodes.id(end);
        break;
      }
      used[next] = 1;
      const way = open[next]!;
      if (way[0] === end) for (let k = 1; k < way.length; k++) ring.push(way[k]!);
      else for (let k = way.length - 2; k >= 0; k--) ring.push(way[k]!);
    }
  }
  return { polygons: nest(closed.map((r) => toRing(r, nodes))), ...(openAtNode !== undefined ? { openAtNode } : {}) };
}

interface Ring {
  coords: Position[];
  area: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** The ring's vertices as text, made when first needed. */
  vertices?: Set<string>;
}

function toRing(nodeIndices: Int32Array, nodes: NodeStore): Ring {
  const coords = Array.from(nodeIndices, (i) => nodes.position(i));
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of coords) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { coords, area: signedArea(coords), minX, minY, maxX, maxY };
}

/** Twice the signed area (positive when counter-clockwise). */
function signedArea(c: Position[]): number {
  let sum = 0;
  for (let i = 0, j = c.length - 1; i < c.length; j = i++) sum += (c[j]![0] - c[i]![0]) * (c[j]![1] + c[i]![1]);
  return sum;
}

/** Groups rings into polygons by containment depth: even depth is an outer ring, odd a hole. */
function nest(rings: Ring[]): Position[][][] {
  rings.sort((a, b) => Math.abs(b.area) - Math.abs(a.area));
  const parent = new Int32Array(rings.length).fill(-1);
  const depth = new Int32Array(rings.length);
  const polygonOf = new Int32Array(rings.length).fill(-1);
  const polygons: Position[][][] = [];
  for (let i = 0; i < rings.length; i++) {
    const r = rings[i]!;
    for (let j = i - 1; j >= 0; j--) {
      if (contains(rings[j]!, r)) {
        parent[i] = j;
        break;
      }
    }
    depth[i] = parent[i]! < 0 ? 0 : depth[parent[i]!]! + 1;
    const outer = depth[i]! % 2 === 0;
    // Outer rings counter-clockwise, holes clockwise.
    const coords = r.area > 0 === outer ? r.coords : r.coords.slice().reverse();
    if (outer) {
      polygonOf[i] = polygons.length;
      polygons.push([coords]);
    } else polygons[polygonOf[parent[i]!]!]!.push(coords);
  }
  return polygons;
}

/** True when ring `inner` lies inside ring `outer` (by its bbox and a vertex not on `outer`). */
function contains(outer: Ring, inner: Ring): boolean {
  if (inner.minX < outer.minX || inner.maxX > outer.maxX || inner.minY < outer.minY || inner.maxY > outer.maxY)
    return false;
  outer.vertices ??= new Set(outer.coords.map(([x, y]) => `${x},${y}`));
  const onOuter = outer.vertices;
  const probe = inner.coords.find(([x, y]) => !onOuter.has(`${x},${y}`));
  if (!probe) return false;
  return pointInRing(probe, outer.coords);
}

function pointInRing([x, y]: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

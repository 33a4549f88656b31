/**
 * The sea of a basemap built from an extract, made from its `natural=coastline` ways by osmcoastline's
 * rule: land lies left of a way's direction, water right. Ways are chained end to end; closed rings
 * are islands (counter-clockwise) or lakes bounded by coastline (clockwise); open chains are cut at the
 * area's sides and closed along them. Only the coastline's coordinates are kept.
 */
import type { Position } from 'geojson';
import type { Bbox } from '../../../contract/domain.js';
import { clipChain, closeAlongSides, isInside, same, snap, type Piece } from './bounds-ring.js';
import type { OsmFeature } from './openmaptiles-layers.js';

/** Water polygons (RFC 7946 winding, islands as holes), or none and the sentence saying why. */
export type SeaResult = { polygons: Position[][][]; problem?: string };

export interface Coastline {
  /** Keeps a `natural=coastline` way's coordinates; true when the feature was one. */
  add(f: OsmFeature): boolean;
  /** The sea inside the area: none when the extract has no coastline or its coastline is broken. */
  sea(area: Bbox): SeaResult;
}

/**
 * An end that stops inside the area, closer to a side than this share of the area's diagonal, is
 * taken as cut by the extract's polygon (Geofabrik cuts at a border, inside its bbox) and carried to
 * that side; farther in, the coastline is broken and closing it would flood the land.
 */
const MAX_OPEN_END_SHARE = 1 / 20;

export function createCoastline(): Coastline {
  const lines: Position[][] = [];
  return {
    add(f) {
      if (f.tags.natural !== 'coastline' || f.geom.type !== 'LineString') return false;
      lines.push(f.geom.coordinates.map((p) => [p[0]!, p[1]!]));
      return true;
    },
    sea(area) {
      if (lines.length === 0) return { polygons: [] };
      return seaOf(chainLines(lines), area);
    },
  };
}

function seaOf(chains: Position[][], area: Bbox): SeaResult {
  const islands: Position[][] = [];
  const lakes: Position[][] = [];
  const pieces: Piece[] = [];
  for (const chain of chains) {
    const isClosed = chain.length >= 4 && same(chain[0]!, chain[chain.length - 1]!);
    if (isClosed && chain.every((p) => isInside(p, area))) (signedArea(chain) > 0 ? islands : lakes).push(chain);
    else pieces.push(...clipChain(isClosed ? startOutside(chain, area) : chain, area));
  }
  const problem = carryOpenEnds(pieces, area);
  if (problem) return { polygons: [], problem };
  const rings = closeAlongSides(pieces, area);
  // No chain crosses the area but islands lie in it: the area around them is sea.
  if (pieces.length === 0 && islands.length > 0) rings.push(boxRing(area));
  const polygons = [...lakes, ...rings].map((r) => [[...r].reverse()]);
  for (const island of islands) {
    const home = polygons.find((p) => isInRing(island[0]!, p[0]!));
    home?.push([...island].reverse());
  }
  return { polygons };
}

/** Chains lines whose end is another's start (equal coordinates: the same node) until closed or stuck. */
function chainLines(lines: Position[][]): Position[][] {
  const key = (p: Position) => `${p[0]},${p[1]}`;
  const byStart = new Map<string, number[]>();
  const byEnd = new Map<string, number[]>();
  const index = (map: Map<string, number[]>, k: string, i: number) => {
    const ids = map.get(k);
    if (ids) ids.push(i);
    else map.set(k, [i]);
  };
  lines.forEach((l, i) => {
    index(byStart, key(l[0]!), i);
    index(byEnd, key(l[l.length - 1]!), i);
  });
  const used = new Uint8Array(lines.length);
  const take = (ids: number[] | undefined) => {
    const i = ids?.find((k) => !used[k]);
    if (i !== undefined) used[i] = 1;
    return i;
  };
  const chains: Position[][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (used[i]) continue;
    used[i] = 1;
    const chain = [...lines[i]!];
    const last = () => chain[chain.length - 1]!;
    for (let j; !same(chain[0]!, last()) && (j = take(byStart.get(key(last())))) !== undefined;)
      chain.push(...lines[j]!.slice(1));
    // Ways found backwards are gathered and joined once (no repeated unshift of a long chain).
    const before: Position[][] = [];
    let head = chain[0]!;
    for (let j; !same(head, last()) && (j = take(byEnd.get(key(head)))) !== undefined;) {
      before.push(lines[j]!.slice(0, -1));
      head = lines[j]![0]!;
    }
    chains.push(before.length > 0 ? [...before.reverse().flat(), ...chain] : chain);
  }
  return chains;
}

/** Carries ends that stop just short of a side out to it; the sentence naming a broken end otherwise. */
function carryOpenEnds(pieces: Piece[], area: Bbox): string | undefined {
  const kx = Math.cos((((area[1] + area[3]) / 2) * Math.PI) / 180);
  const metres = (p: Position, q: Position) => Math.hypot((p[0]! - q[0]!) * kx, p[1]! - q[1]!) * 111_195;
  const limit = metres([area[0], area[1]], [area[2], area[3]]) * MAX_OPEN_END_SHARE;
  for (const piece of pieces) {
    for (const atStart of [true, false]) {
      if (atStart ? !piece.openStart : !piece.openEnd) continue;
      const end = atStart ? piece.coords[0]! : piece.coords[piece.coords.length - 1]!;
      const to = snap(end, area, kx);
      const gap = metres(end, to);
      if (gap > limit)
        return (
          `The coastline stops at ${end[0]!.toFixed(5)}, ${end[1]!.toFixed(5)}, ${(gap / 1000).toFixed(1)} km ` +
          'inside the area the extract covers, too far from its edge to be where the extract was cut, so the ' +
          'basemap is built without the sea (closing a broken coastline would flood the land).'
        );
      if (atStart) piece.coords.unshift(to);
      else piece.coords.push(to);
    }
  }
  return undefined;
}

/** A closed ring that crosses the area, rotated to start (and end) at a vertex outside it. */
function startOutside(ring: Position[], area: Bbox): Position[] {
  const k = ring.findIndex((p) => !isInside(p, area));
  return [...ring.slice(k, -1), ...ring.slice(0, k + 1)];
}

const boxRing = ([w, s, e, n]: Bbox): Position[] => [
  [w, s],
  [w, n],
  [e, n],
  [e, s],
  [w, s],
];

/** Twice the ring's signed area: positive when counter-clockwise (lon east, lat north). */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 1; i < ring.length; i++) sum += ring[i - 1]![0]! * ring[i]![1]! - ring[i]![0]! * ring[i - 1]![1]!;
  return sum;
}

/** Even-odd point in ring. */
function isInRing(p: Position, ring: Position[]): boolean {
  let isIn = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]! as [number, number];
    const [xj, yj] = ring[j]! as [number, number];
    if (yi > p[1]! !== yj > p[1]! && p[0]! < ((xj - xi) * (p[1]! - yi)) / (yj - yi) + xi) isIn = !isIn;
  }
  return isIn;
}

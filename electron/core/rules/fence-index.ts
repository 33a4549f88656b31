/**
 * Finds the geofences containing a point fast: a uniform grid over the fences' bounding boxes (cell
 * size from the typical fence), with fences too large for the grid checked by their box.
 */
import type { GeofenceGeometry } from '../../contract/methods/rules.js';
import { prepareFence, type PreparedFence } from './geo.js';

/** A geofence as the index takes it. */
export interface IndexedFence {
  id: string;
  geometry: GeofenceGeometry;
}

export interface FenceIndex {
  readonly size: number;
  /** Adds the id of every fence containing [lon, lat] to `into` (which the caller clears); no allocation. */
  collect(lon: number, lat: number, into: Set<string>): void;
  /** The prepared fence of an id, or undefined. */
  find(id: string): PreparedFence | undefined;
}

interface Entry {
  id: string;
  fence: PreparedFence;
}

/** Most grid cells one fence may occupy; larger fences are checked by their box on every query. */
const MAX_CELLS_PER_FENCE = 4096;
const MIN_CELL_DEG = 0.001;
const MAX_CELL_DEG = 10;

/** Builds the index once per set of geofences (rebuilt when they change; 100 fences take a few ms). */
export function createFenceIndex(fences: readonly IndexedFence[]): FenceIndex {
  const entries = fences.map((f) => ({ id: f.id, fence: prepareFence(f.geometry) }));
  const byId = new Map(entries.map((e) => [e.id, e.fence]));
  const cell = cellSize(entries);
  const cols = Math.ceil(360 / cell);
  const rows = Math.ceil(180 / cell);
  const grid = new Map<number, Entry[]>();
  const wide: Entry[] = [];
  const colOf = (lon: number) => Math.min(cols - 1, Math.max(0, Math.floor((lon + 180) / cell)));
  const rowOf = (lat: number) => Math.min(rows - 1, Math.max(0, Math.floor((lat + 90) / cell)));

  for (const e of entries) {
    const [w, s, east, n] = e.fence.bbox;
    // A box crossing the antimeridian covers two column ranges.
    const ranges: [number, number][] =
      w <= east
        ? [[colOf(w), colOf(east)]]
        : [
            [colOf(w), cols - 1],
            [0, colOf(east)],
          ];
    const r0 = rowOf(s);
    const r1 = rowOf(n);
    const count = ranges.reduce((sum, [a, b]) => sum + (b - a + 1), 0) * (r1 - r0 + 1);
    if (count > MAX_CELLS_PER_FENCE) {
      wide.push(e);
      continue;
    }
    for (const [a, b] of ranges) {
      for (let r = r0; r <= r1; r++) {
        for (let c = a; c <= b; c++) {
          const key = r * cols + c;
          const list = grid.get(key);
          if (list) list.push(e);
          else grid.set(key, [e]);
        }
      }
    }
  }

  return {
    size: entries.length,
    find: (id) => byId.get(id),
    collect(lon, lat, into) {
      const list = grid.get(rowOf(lat) * cols + colOf(lon));
      if (list) for (const e of list) if (e.fence.contains(lon, lat)) into.add(e.id);
      for (const e of wide) if (inBox(e.fence.bbox, lon, lat) && e.fence.contains(lon, lat)) into.add(e.id);
    },
  };
}

function inBox(b: [number, number, number, number], lon: number, lat: number): boolean {
  if (lat < b[1] || lat > b[3]) return false;
  return b[0] <= b[2] ? lon >= b[0] && lon <= b[2] : lon >= b[0] || lon <= b[2];
}

/** The median fence extent, so a typical fence spans about one cell. */
function cellSize(entries: Entry[]): number {
  if (entries.length === 0) return MAX_CELL_DEG;
  const extents = entries
    .map(
      ({
        fence: {
          bbox: [w, s, e, n],
        },
      }) => Math.max(w <= e ? e - w : e + 360 - w, n - s),
    )
    .sort((a, b) => a - b);
  const median = extents[Math.floor(extents.length / 2)]!;
  return Math.min(MAX_CELL_DEG, Math.max(MIN_CELL_DEG, median));
}

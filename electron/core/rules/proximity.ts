/**
 * Proximity geometry: a spatial grid of moving objects (for "who is near this one"), their motion kept
 * as columns, and the closest point of approach of two objects moving in straight lines at their
 * `speed` (m/s) and `heading` (°).
 */
import { METRES_PER_DEGREE as GEO_METRES_PER_DEGREE } from './geo.js';

/** Read once: under a CommonJS transform (tsx) every read of an imported binding is a getter call. */
const METRES_PER_DEGREE = GEO_METRES_PER_DEGREE;

/**
 * Sets a point's east/north velocity (m/s) from a speed (m/s) and a heading (degrees clockwise from
 * north); 0 when either is missing or not a finite number. Writes in place (the per-update path).
 */
export function setVelocity(p: { vx: number; vy: number }, speed: unknown, heading: unknown): void {
  if (
    typeof speed !== 'number' ||
    typeof heading !== 'number' ||
    !Number.isFinite(speed) ||
    !Number.isFinite(heading)
  ) {
    p.vx = 0;
    p.vy = 0;
    return;
  }
  const h = (heading * Math.PI) / 180;
  p.vx = speed * Math.sin(h);
  p.vy = speed * Math.cos(h);
}

export interface Approach {
  /** Distance between the two at the later of their observations (the earlier one moved forward to it). */
  distanceM: number;
  /** Seconds from the later of the two observations to the closest approach (0 when moving apart). */
  cpaSeconds: number;
  /** Distance at the closest approach. */
  cpaDistanceM: number;
}

/** Moving objects' last motion as columns (struct of arrays), indexed by slot: cache-friendly scans. */
export interface MotionColumns {
  lon: Float64Array;
  lat: Float64Array;
  /** observed_at, ms. */
  t: Float64Array;
  /** East/north velocity, m/s. */
  vx: Float64Array;
  vy: Float64Array;
}

/**
 * Where two objects stand at the later observation's time and how they close: the earlier position is
 * moved forward along its velocity, so objects reporting at different moments compare like for like.
 * Distances are taken in a local flat frame around them (within 0.1 % of the great circle at the tens
 * of kilometres proximity rules look at, away from the poles); `cos` is the cosine of their latitude.
 * Fills and answers `out` (the per-update path allocates nothing).
 */
export function approachOf(c: MotionColumns, i: number, j: number, cos: number, out: Approach): Approach {
  const t0 = Math.max(c.t[i]!, c.t[j]!);
  const di = (t0 - c.t[i]!) / 1000;
  const dj = (t0 - c.t[j]!) / 1000;
  let dLon = c.lon[j]! - c.lon[i]!;
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  const px = dLon * cos * METRES_PER_DEGREE + c.vx[j]! * dj - c.vx[i]! * di;
  const py = (c.lat[j]! - c.lat[i]!) * METRES_PER_DEGREE + c.vy[j]! * dj - c.vy[i]! * di;
  const d = Math.sqrt(px * px + py * py);
  const vx = c.vx[j]! - c.vx[i]!;
  const vy = c.vy[j]! - c.vy[i]!;
  const vv = vx * vx + vy * vy;
  const tc = vv > 0 ? Math.max(0, -(px * vx + py * vy) / vv) : 0;
  const cx = px + vx * tc;
  const cy = py + vy * tc;
  out.distanceM = d;
  out.cpaSeconds = tc;
  out.cpaDistanceM = tc === 0 ? d : Math.sqrt(cx * cx + cy * cy);
  return out;
}

/**
 * A grid of the moving objects one proximity rule tracks. Each object has a slot; its motion lives in
 * the columns (re-read them after `put`, which may grow them), and its payload beside them. Cells are
 * `cellM` metres high and hold slot numbers.
 */
export interface ObjectGrid<P> {
  readonly size: number;
  readonly columns: MotionColumns;
  /** Per slot: the caller's bits (e.g. which filters selected the object). Re-read after `put`. */
  readonly flags: Uint8Array;
  /** Per slot: its object id and the caller's payload (undefined for free slots). */
  readonly ids: (string | undefined)[];
  readonly payloads: (P | undefined)[];
  /** The object's slot, or -1. */
  slotOf(id: string): number;
  /** Adds or moves an object; answers its slot. */
  put(id: string, payload: P, flags: number, lon: number, lat: number, t: number, vx: number, vy: number): number;
  remove(id: string): void;
  /** Calls `visit` with the slot of every object within about `radiusM` of [lon, lat] (cells, not circles). */
  forEachNear(lon: number, lat: number, radiusM: number, visit: (slot: number) => void): void;
  /** Re-files every object in cells of a new size. */
  resize(cellM: number): void;
}

/**
 * Cell keys fold rows and columns into 15 bits each, so a key is a small integer (fast to hash, never
 * allocated); cells 32,768 apart share a key, which only adds far points the caller's distance test drops.
 */
const FOLD = 0x7fff;
const cellKey = (row: number, col: number): number => ((row & FOLD) << 15) | (col & FOLD);

function grow(a: Float64Array, size: number): Float64Array {
  const b = new Float64Array(size);
  b.set(a);
  return b;
}

/** Creates an empty grid with cells `cellM` metres high. */
export function createObjectGrid<P>(cellM: number): ObjectGrid<P> {
  let cellDeg = cellM / METRES_PER_DEGREE;
  let cols = Math.ceil(360 / cellDeg);
  let rows = Math.ceil(180 / cellDeg);
  let capacity = 64;
  const columns: MotionColumns = {
    lon: new Float64Array(capacity),
    lat: new Float64Array(capacity),
    t: new Float64Array(capacity),
    vx: new Float64Array(capacity),
    vy: new Float64Array(capacity),
  };
  let flags = new Uint8Array(capacity);
  let keyOf = new Int32Array(capacity);
  let indexInCell = new Int32Array(capacity);
  const ids: (string | undefined)[] = [];
  const payloads: (P | undefined)[] = [];
  const free: number[] = [];
  const bySlot = new Map<string, number>();
  const cells = new Map<number, number[]>();
  const colOf = (lon: number) => Math.min(cols - 1, Math.max(0, Math.floor((lon + 180) / cellDeg)));
  const rowOf = (lat: number) => Math.min(rows - 1, Math.max(0, Math.floor((lat + 90) / cellDeg)));

  function unlink(slot: number): void {
    const list = cells.get(keyOf[slot]!)!;
    const last = list.pop()!;
    if (last !== slot) {
      list[indexInCell[slot]!] = last;
      indexInCell[last] = indexInCell[slot]!;
    }
    if (list.length === 0) cells.delete(keyOf[slot]!);
  }

  function link(slot: number, key: number): void {
    keyOf[slot] = key;
    const list = cells.get(key);
    if (list) {
      indexInCell[slot] = list.length;
      list.push(slot);
    } else {
      indexInCell[slot] = 0;
      cells.set(key, [slot]);
    }
  }

  function allocate(): number {
    const reused = free.pop();
    if (reused !== undefined) return reused;
    const slot = ids.length;
    if (slot === capacity) {
      capacity *= 2;
      for (const k of ['lon', 'lat', 't', 'vx', 'vy'] as const) columns[k] = grow(columns[k], capacity);
      const bits = new Uint8Array(capacity);
      bits.set(flags);
      flags = bits;
      const keys = new Int32Array(capacity);
      keys.set(keyOf);
      keyOf = keys;
      const index = new Int32Array(capacity);
      index.set(indexInCell);
      indexInCell = index;
    }
    ids.push(undefined);
    payloads.push(undefined);
    return slot;
  }

  return {
    get size() {
      return bySlot.size;
    },
    columns,
    get flags() {
      return flags;
    },
    ids,
    payloads,
    slotOf: (id) => bySlot.get(id) ?? -1,
    put(id, payload, bits, lon, lat, t, vx, vy) {
      const key = cellKey(rowOf(lat), colOf(lon));
      let slot = bySlot.get(id);
      if (slot === undefined) {
        slot = allocate();
        bySlot.set(id, slot);
        ids[slot] = id;
        link(slot, key);
      } else if (keyOf[slot] !== key) {
        unlink(slot);
        link(slot, key);
      }
      payloads[slot] = payload;
      flags[slot] = bits;
      columns.lon[slot] = lon;
      columns.lat[slot] = lat;
      columns.t[slot] = t;
      columns.vx[slot] = vx;
      columns.vy[slot] = vy;
      return slot;
    },
    remove(id) {
      const slot = bySlot.get(id);
      if (slot === undefined) return;
      unlink(slot);
      bySlot.delete(id);
      ids[slot] = undefined;
      payloads[slot] = undefined;
      free.push(slot);
    },
    forEachNear(lon, lat, radiusM, visit) {
      const dLat = radiusM / METRES_PER_DEGREE;
      const cos = Math.max(0.01, Math.cos((lat * Math.PI) / 180));
      const dLon = Math.min(180, dLat / cos);
      const c0 = Math.floor((lon - dLon + 180) / cellDeg);
      const c1 = Math.floor((lon + dLon + 180) / cellDeg);
      const r0 = rowOf(lat - dLat);
      const r1 = rowOf(lat + dLat);
      const span = Math.min(cols, c1 - c0 + 1);
      // When the search would scan more cells than there are points, looking at every point is cheaper.
      if (span * (r1 - r0 + 1) > bySlot.size) {
        for (const slot of bySlot.values()) visit(slot);
        return;
      }
      for (let r = r0; r <= r1; r++) {
        for (let i = 0; i < span; i++) {
          const list = cells.get(cellKey(r, (((c0 + i) % cols) + cols) % cols));
          if (list) for (let k = 0; k < list.length; k++) visit(list[k]!);
        }
      }
    },
    resize(m) {
      cellDeg = m / METRES_PER_DEGREE;
      cols = Math.ceil(360 / cellDeg);
      rows = Math.ceil(180 / cellDeg);
      cells.clear();
      for (const slot of bySlot.values()) link(slot, cellKey(rowOf(columns.lat[slot]!), colOf(columns.lon[slot]!)));
    },
  };
}

/**
 * Compact in-memory stores for an extract's node coordinates and way node lists: typed arrays that
 * grow by half, no object per node (16 bytes a node, 4 bytes a way's node reference). Ids are looked
 * up by binary search while they arrive in ascending order, as sorted files give them; an id that
 * arrives out of order is found through a small side map instead.
 */
import type { OsmMember } from './osm-model.js';

/** A growable typed array of numbers. */
class Column<T extends Float64Array | Int32Array> {
  data: T;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  ensure(n: number): void {
    if (n <= this.data.length) return;
    const next = this.make(Math.max(n, Math.ceil(this.data.length * 1.5)));
    next.set(this.data);
    this.data = next;
  }
}

const f64 = (n: number) => new Float64Array(n);
const i32 = (n: number) => new Int32Array(n);

/** Ids in arrival order, looked up by binary search over the ascending prefix, else a side map. */
class IdIndex {
  readonly ids = new Column(f64);
  count = 0;
  /** Ids [0, sortedCount) are strictly ascending. */
  private sortedCount = 0;
  private readonly outOfOrder = new Map<number, number>();

  add(id: number): number {
    const i = this.count++;
    this.ids.ensure(this.count);
    this.ids.data[i] = id;
    if (i === this.sortedCount && (i === 0 || this.ids.data[i - 1]! < id)) this.sortedCount++;
    else this.outOfOrder.set(id, i);
    return i;
  }

  find(id: number): number {
    if (Number.isNaN(id)) return -1;
    const ids = this.ids.data;
    let lo = 0;
    let hi = this.sortedCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid]!;
      if (v < id) lo = mid + 1;
      else if (v > id) hi = mid - 1;
      else return mid;
    }
    return this.outOfOrder.get(id) ?? -1;
  }
}

/** Every node's coordinates, in 1e-7 degrees. */
export class NodeStore {
  private readonly index = new IdIndex();
  private readonly lon = new Column(i32);
  private readonly lat = new Column(i32);

  add(id: number, lonE7: number, latE7: number): number {
    const i = this.index.add(id);
    this.lon.ensure(i + 1);
    this.lat.ensure(i + 1);
    this.lon.data[i] = lonE7;
    this.lat.data[i] = latE7;
    return i;
  }

  /** The node's index, or -1 when the file does not have it. */
  find(id: number): number {
    return this.index.find(id);
  }

  id(i: number): number {
    return this.index.ids.data[i]!;
  }

  position(i: number): [number, number] {
    return [this.lon.data[i]! / 1e7, this.lat.data[i]! / 1e7];
  }

  /** Every node's id and coordinates in arrival order, as copies (for the node-location store). */
  columns(): NodeColumns {
    const n = this.index.count;
    return {
      ids: this.index.ids.data.slice(0, n),
      lon: this.lon.data.slice(0, n),
      lat: this.lat.data.slice(0, n),
    };
  }
}

/**
 * Node ids and coordinates (1e-7 degrees) as parallel typed arrays: what an extract leaves to the
 * node-location store; with `ways`, its way node lists for the way→node index; with `relations`,
 * its tagged relations' member lists for the relation→member index.
 */
export interface NodeColumns {
  ids: Float64Array;
  lon: Int32Array;
  lat: Int32Array;
  ways?: WayColumns;
  relations?: RelationList;
}

/** Relations and their members, in arrival order. */
export type RelationList = Array<{ id: number; members: OsmMember[] }>;

/** Way ids and their node lists: way i's node ids are `nodes[starts[i]]` to `nodes[starts[i + 1] - 1]`. */
export interface WayColumns {
  ids: Float64Array;
  starts: Float64Array;
  nodes: Float64Array;
}

/** Every way's node list, as node indices (-1 for a node the file does not have). */
export class WayStore {
  private readonly index = new IdIndex();
  private readonly start = new Column(i32);
  private readonly refs = new Column(i32);
  private refCount = 0;
  /** The ids of referenced nodes the file does not have, by reference position (an extract's edge). */
  private readonly missing = new Map<number, number>();

  /** Adds a way; `refs` are its node ids, `nodeIndices` their indices (-1: not in the file). */
  add(id: number, nodeIndices: ArrayLike<number>, refs: ArrayLike<number>): number {
    for (let k = 0; k < nodeIndices.length; k++) if (nodeIndices[k]! < 0) this.missing.set(this.refCount + k, refs[k]!);
    const i = this.index.add(id);
    this.start.ensure(i + 2);
    this.start.data[i] = this.refCount;
    this.refs.ensure(this.refCount + nodeIndices.length);
    for (let k = 0; k < nodeIndices.length; k++) this.refs.data[this.refCount + k] = nodeIndices[k]!;
    this.refCount += nodeIndices.length;
    this.start.data[i + 1] = this.refCount;
    return i;
  }

  find(id: number): number {
    return this.index.find(id);
  }

  /** Every way's id and node ids in arrival order, as copies (for the way→node index). */
  columns(nodes: NodeStore): WayColumns {
    const n = this.index.count;
    const refs = new Float64Array(this.refCount);
    const data = this.refs.data;
    for (let k = 0; k < this.refCount; k++) {
      const i = data[k]!;
      refs[k] = i >= 0 ? nodes.id(i) : this.missing.get(k)!;
    }
    return {
      ids: this.index.ids.data.slice(0, n),
      starts: Float64Array.from(this.start.data.subarray(0, n + 1)),
      nodes: refs,
    };
  }

  /** The way's node indices (a view: copy it to keep it). */
  nodes(i: number): Int32Array {
    return this.refs.data.subarray(this.start.data[i]!, this.start.data[i + 1]!);
  }
}

/**
 * The renderer's copy of the live objects of one subscription. Events are queued as they arrive and
 * applied together once per animation frame; listeners (map layer, counters) then see one change.
 */
import type { OsmObject } from '../../../electron/contract/domain.js';
import type { ObjectsChanged } from '../../../electron/contract/events.js';
import { geometryAnchor, mercX, mercY } from './geo.js';
import { toPaths, type MercPath } from './merc-paths.js';
import { isTracked, ownStale } from './staleness.js';

/** Trail length kept per moving object (positions, newest last). */
export const TRAIL_POINTS = 12;

/** One object as the map draws it: the wire object plus cached projected coordinates. */
export interface LiveEntry {
  id: string;
  obj: OsmObject;
  name: string;
  kind: string;
  heading: number | null;
  speed: number | null;
  observedMs: number;
  /** A moving or reporting object (see staleness.ts): drawn as a kind symbol, can go stale. */
  tracked: boolean;
  /** Its own expiry (CoT's stale time, ISO), or null. */
  ownStale: string | null;
  /** Mercator anchor in [0,1] world units. */
  x: number;
  y: number;
  isPoint: boolean;
  /** Projected lines/rings for ways and relations; null for points. */
  paths: MercPath[] | null;
  /** Previous anchors as x,y pairs (oldest first), for short trails. */
  trail: number[];
}

export interface LiveChange {
  reset: boolean;
  upserted: number;
  deleted: number;
}

export interface LiveObjects {
  enqueue(payload: ObjectsChanged): void;
  /** Applies queued events now (normally called from the frame scheduler). */
  flush(): void;
  get(id: string): LiveEntry | undefined;
  all(): IterableIterator<LiveEntry>;
  readonly size: number;
  readonly version: number;
  subscribe(listener: (change: LiveChange) => void): () => void;
  clear(): void;
}

function numberTag(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Builds (or refreshes) the drawable entry for an object. */
export function toEntry(obj: OsmObject, previous?: LiveEntry): LiveEntry {
  const anchor = geometryAnchor(obj.geom) ?? [0, 0];
  const x = mercX(anchor[0]);
  const y = mercY(anchor[1]);
  const isPoint = obj.geom.type === 'Point';
  let trail: number[] = [];
  if (previous && isPoint) {
    trail = previous.trail;
    if (previous.x !== x || previous.y !== y) {
      trail.push(previous.x, previous.y);
      if (trail.length > TRAIL_POINTS * 2) trail.splice(0, trail.length - TRAIL_POINTS * 2);
    }
  }
  const observed = Date.parse(obj.observed_at);
  return {
    id: obj.id,
    obj,
    name: typeof obj.tags.name === 'string' ? obj.tags.name : String(obj.tags.name ?? ''),
    kind: typeof obj.tags.kind === 'string' ? obj.tags.kind : 'other',
    heading: numberTag(obj.tags.heading),
    speed: numberTag(obj.tags.speed),
    observedMs: Number.isFinite(observed) ? observed : 0,
    tracked: isTracked(obj.tags),
    ownStale: ownStale(obj.tags),
    x,
    y,
    isPoint,
    paths: isPoint ? null : toPaths(obj.geom),
    trail,
  };
}

/** Creates the store; `schedule` defaults to requestAnimationFrame. */
export function createLiveObjects(
  schedule: (cb: () => void) => void = (cb) => requestAnimationFrame(() => cb()),
): LiveObjects {
  const entries = new Map<string, LiveEntry>();
  const listeners = new Set<(change: LiveChange) => void>();
  let queue: ObjectsChanged[] = [];
  let scheduled = false;
  let version = 0;

  function flush(): void {
    scheduled = false;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    const change: LiveChange = { reset: false, upserted: 0, deleted: 0 };
    for (const payload of batch) {
      if (payload.reset) {
        entries.clear();
        change.reset = true;
      }
      for (const id of payload.deleted) if (entries.delete(id)) change.deleted++;
      for (const obj of payload.upserted) {
        entries.set(obj.id, toEntry(obj, entries.get(obj.id)));
        change.upserted++;
      }
    }
    version++;
    for (const l of listeners) l(change);
  }

  return {
    enqueue(payload) {
      queue.push(payload);
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
    get: (id) => entries.get(id),
    all: () => entries.values(),
    get size() {
      return entries.size;
    },
    get version() {
      return version;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      queue = [];
      entries.clear();
      version++;
      for (const l of listeners) l({ reset: true, upserted: 0, deleted: 0 });
    },
  };
}

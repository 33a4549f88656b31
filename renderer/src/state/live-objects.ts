/**
 * The renderer's copy of the objects the map shows: one live subscription's objects, or the objects
 * as they were at a replayed moment. Changes are queued as they arrive and applied together once
 * per animation frame; listeners (map layer, counters) then see one change. Moving points keep a
 * trail of their positions over the last few minutes (backfilled from history, extended by updates).
 */
import type { OsmObject, Trail } from '../../../electron/contract/domain.js';
import type { ObjectsChanged } from '../../../electron/contract/events.js';
import { geometryAnchor, mercX, mercY } from './geo.js';
import { toPaths, type MercPath } from './merc-paths.js';
import { isTracked, ownStale } from './staleness.js';

/** Most trail positions kept per moving object (oldest dropped first). */
export const MAX_TRAIL_POINTS = 500;
/** Trails cover this much time unless the store is told otherwise (the trail minutes setting). */
export const DEFAULT_TRAIL_WINDOW_MS = 10 * 60_000;

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
  /** Previous anchors as x,y pairs (oldest first), for trails. */
  trail: number[];
  /** The time (epoch ms) of each trail position, aligned with `trail`'s pairs. */
  trailMs: number[];
}

export interface LiveChange {
  reset: boolean;
  upserted: number;
  deleted: number;
}

export interface LiveObjects {
  enqueue(payload: ObjectsChanged): void;
  /**
   * Replaces every object with `objects` in the next frame (a replayed moment). Objects kept extend
   * their trails when `keepTrails` (playing on); after a jump they start without trails.
   */
  replace(objects: OsmObject[], options: { keepTrails: boolean }): void;
  /** Sets the trails of the objects present from history (the backfill); others keep theirs. */
  setTrails(trails: Trail[]): void;
  /** Trails keep positions this recent, relative to each object's newest observation. */
  setTrailWindow(ms: number): void;
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

/** Drops trail positions older than `sinceMs` and beyond MAX_TRAIL_POINTS (both arrays in place). */
export function trimTrail(trail: number[], trailMs: number[], sinceMs: number): void {
  let drop = 0;
  while (drop < trailMs.length && trailMs[drop]! < sinceMs) drop++;
  drop = Math.max(drop, trailMs.length - MAX_TRAIL_POINTS);
  if (drop > 0) {
    trailMs.splice(0, drop);
    trail.splice(0, drop * 2);
  }
}

/**
 * Builds (or refreshes) the drawable entry for an object; a point that moved since `previous`
 * carries the previous position into its trail, which keeps `windowMs` of positions.
 */
export function toEntry(obj: OsmObject, previous?: LiveEntry, windowMs = DEFAULT_TRAIL_WINDOW_MS): LiveEntry {
  const anchor = geometryAnchor(obj.geom) ?? [0, 0];
  const x = mercX(anchor[0]);
  const y = mercY(anchor[1]);
  const isPoint = obj.geom.type === 'Point';
  const parsed = Date.parse(obj.observed_at);
  const observedMs = Number.isFinite(parsed) ? parsed : 0;
  let trail: number[] = [];
  let trailMs: number[] = [];
  if (previous && isPoint) {
    trail = previous.trail;
    trailMs = previous.trailMs;
    if ((previous.x !== x || previous.y !== y) && previous.observedMs <= observedMs) {
      trail.push(previous.x, previous.y);
      trailMs.push(previous.observedMs);
    }
    trimTrail(trail, trailMs, observedMs - windowMs);
  }
  return {
    id: obj.id,
    obj,
    name: typeof obj.tags.name === 'string' ? obj.tags.name : String(obj.tags.name ?? ''),
    kind: typeof obj.tags.kind === 'string' ? obj.tags.kind : 'other',
    heading: numberTag(obj.tags.heading),
    speed: numberTag(obj.tags.speed),
    observedMs,
    tracked: isTracked(obj.tags),
    ownStale: ownStale(obj.tags),
    x,
    y,
    isPoint,
    paths: isPoint ? null : toPaths(obj.geom),
    trail,
    trailMs,
  };
}

/** Puts a history trail on an entry: its positions before the entry's own, projected. */
function applyTrail(e: LiveEntry, points: Trail['points'], windowMs: number): void {
  const trail: number[] = [];
  const trailMs: number[] = [];
  for (const [ms, lon, lat] of points) {
    // The entry's own position is drawn as the trail's last point already.
    if (ms >= e.observedMs) break;
    trail.push(mercX(lon), mercY(lat));
    trailMs.push(ms);
  }
  trimTrail(trail, trailMs, e.observedMs - windowMs);
  e.trail = trail;
  e.trailMs = trailMs;
}

type Queued = ObjectsChanged | { replace: OsmObject[]; keepTrails: boolean } | { trails: Trail[] };

/** Creates the store; `schedule` defaults to requestAnimationFrame. */
export function createLiveObjects(
  schedule: (cb: () => void) => void = (cb) => requestAnimationFrame(() => cb()),
): LiveObjects {
  let entries = new Map<string, LiveEntry>();
  const listeners = new Set<(change: LiveChange) => void>();
  let queue: Queued[] = [];
  let scheduled = false;
  let version = 0;
  let windowMs = DEFAULT_TRAIL_WINDOW_MS;

  function applyChanges(payload: ObjectsChanged, change: LiveChange): void {
    // A reset replaces the set, but an object still there keeps its trail.
    const before = payload.reset ? entries : null;
    if (before) {
      entries = new Map();
      change.reset = true;
    }
    for (const id of payload.deleted) if (entries.delete(id)) change.deleted++;
    for (const obj of payload.upserted) {
      entries.set(obj.id, toEntry(obj, entries.get(obj.id) ?? before?.get(obj.id), windowMs));
      change.upserted++;
    }
  }

  function applyReplace(objects: OsmObject[], keepTrails: boolean, change: LiveChange): void {
    const before = entries;
    entries = new Map();
    for (const obj of objects) entries.set(obj.id, toEntry(obj, keepTrails ? before.get(obj.id) : undefined, windowMs));
    change.reset = true;
    change.upserted += objects.length;
  }

  function flush(): void {
    scheduled = false;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    const change: LiveChange = { reset: false, upserted: 0, deleted: 0 };
    for (const item of batch) {
      if ('replace' in item) applyReplace(item.replace, item.keepTrails, change);
      else if ('trails' in item) {
        for (const t of item.trails) {
          const e = entries.get(t.id);
          if (e?.isPoint) applyTrail(e, t.points, windowMs);
        }
      } else applyChanges(item, change);
    }
    version++;
    for (const l of listeners) l(change);
  }

  function push(item: Queued): void {
    queue.push(item);
    if (!scheduled) {
      scheduled = true;
      schedule(flush);
    }
  }

  return {
    enqueue: push,
    replace: (objects, { keepTrails }) => push({ replace: objects, keepTrails }),
    setTrails: (trails) => push({ trails }),
    setTrailWindow(ms) {
      windowMs = ms;
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

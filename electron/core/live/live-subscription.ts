/**
 * One live subscriber's state: what it holds (`known`), and the conflated changes it has not taken
 * yet (`pending`: latest version per object id, or a delete), bounded by a hard cap.
 */
import type { OsmObject } from '../../contract/domain.js';
import type { LiveMatcher } from './live-filter.js';

/** An `objects.changed` payload. */
export interface ObjectsChanged {
  subscription_id: string;
  reset: boolean;
  upserted: OsmObject[];
  deleted: string[];
}

/** Where a subscription's payloads go; `isBusy` lets the bus hold and conflate instead of queueing. */
export interface LiveSink {
  send(payload: ObjectsChanged): void;
  /** True while the consumer has not yet taken earlier payloads (e.g. ws bufferedAmount is high). */
  isBusy?(): boolean;
}

export interface SubscriptionState {
  id: string;
  sink: LiveSink;
  matcher: LiveMatcher;
  snapshotLimit: number;
  /** Ids the subscriber holds, with their observed time (ms), for leave-the-filter deletes. */
  known: Map<string, number>;
  /** Not yet sent: latest object per id, or null for a delete. */
  pending: Map<string, OsmObject | null>;
  /** A snapshot is being read; changes meanwhile are kept and reconciled with it. */
  loading: boolean;
  /** Bumped on every new snapshot, so an outdated snapshot read is dropped. */
  generation: number;
  /** The cap was hit: pending was dropped and a fresh snapshot (reset) is owed. */
  overflowed: boolean;
  closed: boolean;
}

/** Offers a committed object; returns false when the subscriber overflowed its cap. */
export function offerUpsert(
  sub: SubscriptionState,
  object: OsmObject,
  observedMs: number,
  now: number,
  cap: number,
): boolean {
  if (sub.closed || sub.overflowed) return true;
  if (sub.matcher.matches(object, now)) {
    sub.pending.set(object.id, object);
    sub.known.set(object.id, observedMs);
  } else if (sub.loading || sub.known.has(object.id)) {
    // While loading, the snapshot may still hold the object: keep a tentative delete.
    sub.pending.set(object.id, null);
    sub.known.delete(object.id);
  } else {
    return true;
  }
  return sub.pending.size <= cap;
}

/** Offers a committed delete; returns false when the subscriber overflowed its cap. */
export function offerDelete(sub: SubscriptionState, id: string, cap: number): boolean {
  if (sub.closed || sub.overflowed) return true;
  if (!sub.loading && !sub.known.has(id)) return true;
  sub.pending.set(id, null);
  sub.known.delete(id);
  return sub.pending.size <= cap;
}

/** Sends objects that left the filter by ageing (`stale`), as deletes. */
export function sweepStale(sub: SubscriptionState, now: number, staleAfterMs: number): void {
  if (sub.closed || sub.loading || sub.overflowed || !sub.matcher.usesStale) return;
  for (const [id, observed] of sub.known) {
    if (now - observed > staleAfterMs && sub.matcher.stale === false) {
      sub.known.delete(id);
      sub.pending.set(id, null);
    }
  }
}

/**
 * Installs a snapshot: `known` becomes the snapshot plus changes seen while it was read; tentative
 * deletes of objects the snapshot does not hold are dropped. Returns the first (reset) payloads.
 */
export function applySnapshot(
  sub: SubscriptionState,
  items: OsmObject[],
  observedMs: (o: OsmObject) => number,
  maxBatch: number,
): ObjectsChanged[] {
  sub.known.clear();
  for (const o of items) sub.known.set(o.id, observedMs(o));
  for (const [id, object] of sub.pending) {
    if (object) sub.known.set(id, observedMs(object));
    else if (!sub.known.has(id)) sub.pending.delete(id);
    else sub.known.delete(id);
  }
  sub.loading = false;
  const payloads: ObjectsChanged[] = [];
  for (let i = 0; i === 0 || i < items.length; i += maxBatch) {
    payloads.push({ subscription_id: sub.id, reset: i === 0, upserted: items.slice(i, i + maxBatch), deleted: [] });
  }
  return payloads;
}

/** Takes up to `maxBatch` pending changes as one payload, or undefined when nothing is pending. */
export function takePending(sub: SubscriptionState, maxBatch: number): ObjectsChanged | undefined {
  if (sub.pending.size === 0) return undefined;
  const upserted: OsmObject[] = [];
  const deleted: string[] = [];
  let n = 0;
  for (const [id, object] of sub.pending) {
    if (n++ === maxBatch) break;
    if (object) upserted.push(object);
    else deleted.push(id);
    sub.pending.delete(id);
  }
  return { subscription_id: sub.id, reset: false, upserted, deleted };
}

/**
 * One live subscriber's state: what it holds (`known`), the snapshot part not yet sent, and the
 * conflated changes it has not taken yet (`pending`: latest version per object id, or a delete).
 */
import type { OsmObject } from '../../contract/domain.js';
import type { ObjectsChanged } from '../../contract/events.js';
import type { LiveMatcher } from './live-filter.js';

/** Where a payload sits in the stream: a snapshot part, a snapshot's last part, or a delta. */
export type LivePart = 'snapshot' | 'snapshot-complete' | 'delta';

/** What happens past `maxPending`: a fresh reset snapshot when ready, or the end of the subscription. */
export type LiveOverflow = 'resnapshot' | 'end';

/**
 * Where a subscription's payloads go, and how this consumer wants them cut and bounded (the bus's
 * defaults apply where unset). `isBusy` lets the bus hold and conflate instead of queueing.
 */
export interface LiveSink {
  /** One payload of at most `maxBatch` objects; `part` lets a transport frame snapshots. */
  send(payload: ObjectsChanged, part: LivePart): void;
  /** True while the consumer has not yet taken earlier payloads (e.g. ws bufferedAmount is high). */
  isBusy?(): boolean;
  /** Most objects in one payload. */
  readonly maxBatch?: number;
  /** Most distinct changes held for this consumer while it is busy. */
  readonly maxPending?: number;
  /** Past `maxPending`: 'resnapshot' (default) drops what is held; 'end' ends the subscription. */
  readonly overflow?: LiveOverflow;
  /** Called once when the bus ends the subscription itself (overflow 'end'). */
  ended?(cause: 'overflow'): void;
}

export interface SubscriptionState {
  id: string;
  sink: LiveSink;
  matcher: LiveMatcher;
  snapshotLimit: number;
  maxBatch: number;
  maxPending: number;
  /** Ids the subscriber holds, with the moment each goes stale (ms, Infinity: never), for leave-the-filter deletes. */
  known: Map<string, number>;
  /** Not yet sent: latest object per id, or null for a delete. */
  pending: Map<string, OsmObject | null>;
  /** The snapshot being sent (null once its last part is out), and how far it got. */
  snapshot: OsmObject[] | null;
  snapshotAt: number;
  /** A snapshot is being read; changes meanwhile are kept and reconciled with it. */
  loading: boolean;
  /** Bumped on every new snapshot, so an outdated snapshot read is dropped. */
  generation: number;
  /** The cap was hit: pending was dropped and a fresh snapshot (reset) is owed. */
  overflowed: boolean;
  closed: boolean;
  /**
   * While a `stale` filter's top-up read (topUpStale) is out: the ids changed meanwhile, whose read
   * state may be older than what was already sent. Undefined when no top-up is out.
   */
  toppingUp?: Set<string>;
}

/** Offers a committed object; returns false when the subscriber overflowed its cap. */
export function offerUpsert(sub: SubscriptionState, object: OsmObject, now: number): boolean {
  if (sub.closed || sub.overflowed) return true;
  sub.toppingUp?.add(object.id);
  if (sub.matcher.matches(object, now)) {
    sub.pending.set(object.id, object);
    sub.known.set(object.id, sub.matcher.usesStale ? sub.matcher.staleAt(object) : Infinity);
  } else if (sub.loading || sub.known.has(object.id)) {
    // While loading, the snapshot may still hold the object: keep a tentative delete.
    sub.pending.set(object.id, null);
    sub.known.delete(object.id);
  } else {
    return true;
  }
  return sub.pending.size <= sub.maxPending;
}

/** Offers a committed delete; returns false when the subscriber overflowed its cap. */
export function offerDelete(sub: SubscriptionState, id: string): boolean {
  if (sub.closed || sub.overflowed) return true;
  sub.toppingUp?.add(id);
  if (!sub.loading && !sub.known.has(id)) return true;
  sub.pending.set(id, null);
  sub.known.delete(id);
  return sub.pending.size <= sub.maxPending;
}

/** Drops everything held for the subscriber (overflow, close). */
export function dropHeld(sub: SubscriptionState): void {
  sub.pending.clear();
  sub.known.clear();
  sub.snapshot = null;
}

/**
 * Sends objects that left a `-stale` filter by ageing, as deletes: each at its own moment (its kind's
 * threshold, or its own expiry), the filter's rule; objects that never go stale stay.
 */
export function sweepStale(sub: SubscriptionState, now: number): void {
  if (sub.closed || sub.loading || sub.overflowed || sub.matcher.stale !== false) return;
  for (const [id, staleAt] of sub.known) {
    if (now >= staleAt) {
      sub.known.delete(id);
      sub.pending.set(id, null);
    }
  }
}

/**
 * Adds what a `stale` filter's top-up read found that the subscriber does not hold: objects that
 * went stale by ageing, with no update that would have offered them. Ids changed while the read was
 * out are left to those changes (the read may hold an older state of them).
 */
export function applyTopUp(sub: SubscriptionState, items: OsmObject[]): void {
  const changed = sub.toppingUp;
  sub.toppingUp = undefined;
  if (sub.closed || sub.loading || sub.overflowed || !changed) return;
  for (const o of items) {
    if (sub.known.has(o.id) || changed.has(o.id)) continue;
    sub.known.set(o.id, sub.matcher.usesStale ? sub.matcher.staleAt(o) : Infinity);
    sub.pending.set(o.id, o);
  }
}

/**
 * Installs a snapshot: `known` becomes the snapshot plus changes seen while it was read; tentative
 * deletes of objects the snapshot does not hold are dropped. Its parts go out through `takeNext`.
 */
export function applySnapshot(sub: SubscriptionState, items: OsmObject[]): void {
  const staleAt = (o: OsmObject): number => (sub.matcher.usesStale ? sub.matcher.staleAt(o) : Infinity);
  sub.known.clear();
  for (const o of items) sub.known.set(o.id, staleAt(o));
  for (const [id, object] of sub.pending) {
    if (object) sub.known.set(id, staleAt(object));
    else if (!sub.known.has(id)) sub.pending.delete(id);
    else sub.known.delete(id);
  }
  sub.loading = false;
  sub.snapshot = items;
  sub.snapshotAt = 0;
}

/** True when something is still owed to the subscriber. */
export function hasWork(sub: SubscriptionState): boolean {
  return sub.snapshot !== null || sub.pending.size > 0 || sub.overflowed;
}

/**
 * The next payload owed: the snapshot's next part (the first with `reset`), else up to `maxBatch`
 * pending changes; undefined when nothing is owed.
 */
export function takeNext(sub: SubscriptionState): { payload: ObjectsChanged; part: LivePart } | undefined {
  const items = sub.snapshot;
  if (items) {
    const start = sub.snapshotAt;
    const end = Math.min(start + sub.maxBatch, items.length);
    const upserted = start === 0 && end === items.length ? items : items.slice(start, end);
    sub.snapshotAt = end;
    const last = end === items.length;
    if (last) sub.snapshot = null;
    const payload = { subscription_id: sub.id, reset: start === 0, upserted, deleted: [] };
    return { payload, part: last ? 'snapshot-complete' : 'snapshot' };
  }
  if (sub.pending.size === 0) return undefined;
  const upserted: OsmObject[] = [];
  const deleted: string[] = [];
  let n = 0;
  for (const [id, object] of sub.pending) {
    if (n++ === sub.maxBatch) break;
    if (object) upserted.push(object);
    else deleted.push(id);
    sub.pending.delete(id);
  }
  return { payload: { subscription_id: sub.id, reset: false, upserted, deleted }, part: 'delta' };
}

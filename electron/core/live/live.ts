/**
 * The live bus, the one conflation engine: subscriptions over committed ingest batches. Each gets a
 * snapshot (newest first), then coalesced deltas at most every `flushMs`, held and conflated per
 * object while its consumer is busy, and bounded by its sink's `maxPending`.
 */
import { randomUUID } from 'node:crypto';
import type { ObjectFilter, OsmObject } from '../../contract/domain.js';
import type { ObjectsChanged } from '../../contract/events.js';
import type { Logger } from '../../contract/logger.js';
import type { Store } from '../../../db/store.js';
import type { Ingest } from '../ingest/types.js';
import type { StaleThresholds } from '../../contract/staleness.js';
import { createLiveMatcher } from './live-filter.js';
import {
  applySnapshot,
  applyTopUp,
  dropHeld,
  hasWork,
  offerDelete,
  offerUpsert,
  sweepStale,
  takeNext,
  type LivePart,
  type LiveSink,
  type SubscriptionState,
} from './live-subscription.js';

export type { LiveOverflow, LivePart, LiveSink } from './live-subscription.js';

export interface LiveOptions {
  ingest: Pick<Ingest, 'onCommitted'>;
  store: Pick<Store, 'listObjects'>;
  log: Logger;
  /** Each kind's stale threshold now (for `stale` filters); see resnapshotStale for a change. */
  staleAfter: () => StaleThresholds;
  /** Deltas are sent at most this often per subscriber (default 50 ms). */
  flushMs?: number;
  /** Most objects in one payload, unless the sink asks for fewer (default 5,000). */
  maxBatch?: number;
  /** Most distinct pending changes per subscriber, unless the sink says otherwise (default 50,000). */
  maxPending?: number;
  now?: () => number;
}

export interface SubscribeOptions {
  filter: ObjectFilter;
  /** Most objects in the snapshot, newest first. */
  snapshotLimit: number;
  sink: LiveSink;
}

/** What a (re)subscription's snapshot held. */
export interface SnapshotInfo {
  subscription_id: string;
  snapshot_count: number;
  total: number;
}

export interface LiveSubscription {
  readonly id: string;
  /** Replaces the filter; a fresh reset snapshot follows. */
  update(filter: ObjectFilter, snapshotLimit: number): Promise<SnapshotInfo>;
  close(): void;
}

export interface Live {
  /** Validates the filter, sends the snapshot (reset: true), then deltas. */
  subscribe(options: SubscribeOptions): Promise<{ subscription: LiveSubscription; info: SnapshotInfo }>;
  /** Open subscriptions, and changes held for them (for stats and tests). */
  stats(): { subscriptions: number; pending: number };
  /**
   * The stale thresholds changed: every subscription whose filter says `stale` or `-stale` gets a
   * fresh snapshot (reset), so what it holds follows the new thresholds.
   */
  resnapshotStale(): void;
  /** Ends every subscription and stops listening to ingest. */
  close(): void;
}

/** How often a `stale` subscription is read again for objects that went stale by ageing (ms). */
const STALE_TOP_UP_MS = 2000;
/** Builds the bus and starts listening to ingest; `close()` stops it. */
export function createLive(options: LiveOptions): Live {
  const { log, store, staleAfter } = options;
  const flushMs = options.flushMs ?? 50;
  const maxBatch = options.maxBatch ?? 5000;
  const maxPending = options.maxPending ?? 50_000;
  const now = options.now ?? Date.now;
  const subs = new Map<string, SubscriptionState>();
  let timer: NodeJS.Timeout | undefined;
  let lastSweep = 0;
  let lastTopUp = 0;
  let lastFlush = 0;
  let flushQueued = false;

  const stopListening = options.ingest.onCommitted(({ results }) => {
    if (subs.size === 0) return;
    const t = now();
    for (const r of results) {
      if (r.status === 'created' || r.status === 'updated') {
        for (const sub of subs.values()) if (!offerUpsert(sub, r.object, t)) overflow(sub);
      } else if (r.status === 'deleted') {
        for (const sub of subs.values()) if (!offerDelete(sub, r.objectId)) overflow(sub);
      }
    }
    ensureTimer();
    // Leading edge: a commit after a quiet spell goes out on the next turn instead of waiting for the
    // tick; commits closer together than flushMs are still coalesced by the ticking flush.
    if (!flushQueued && t - lastFlush >= flushMs) {
      flushQueued = true;
      setImmediate(flushAll);
    }
  });

  function overflow(sub: SubscriptionState): void {
    const ends = sub.sink.overflow === 'end';
    log.warn(`A live subscriber fell too far behind; ${ends ? 'its subscription ends' : 'it gets a fresh snapshot'}.`, {
      subscription: sub.id,
      pending: sub.pending.size,
    });
    dropHeld(sub);
    if (ends) {
      closeSub(sub);
      sub.sink.ended?.('overflow');
    } else {
      sub.overflowed = true;
    }
  }

  function send(sub: SubscriptionState, next: { payload: ObjectsChanged; part: LivePart }): boolean {
    try {
      sub.sink.send(next.payload, next.part);
      return true;
    } catch (err) {
      log.error('A live subscriber failed to take a payload; closing it.', {
        subscription: sub.id,
        error: String(err),
      });
      closeSub(sub);
      return false;
    }
  }

  async function snapshot(sub: SubscriptionState): Promise<SnapshotInfo> {
    const generation = ++sub.generation;
    sub.loading = true;
    sub.overflowed = false;
    sub.pending.clear();
    sub.snapshot = null;
    const { items, total } = await store.listObjects({
      filter: sub.matcher.filter,
      sort: { field: 'observed_at', dir: 'desc' },
      limit: sub.snapshotLimit,
      context: { now: now(), staleAfter: staleAfter() },
    });
    // Sent on the next turn, so the caller's reply (with the subscription id) goes out first.
    setImmediate(() => install(sub, generation, items));
    return { subscription_id: sub.id, snapshot_count: items.length, total };
  }

  /**
   * A `stale` filter gains objects by ageing, which no commit announces: it is read again now and
   * then (STALE_TOP_UP_MS) and what the subscriber lacks is sent as upserts (applyTopUp).
   */
  function topUpStale(sub: SubscriptionState): void {
    if (sub.matcher.stale !== true || sub.closed || sub.loading || sub.overflowed || sub.toppingUp) return;
    const generation = sub.generation;
    sub.toppingUp = new Set();
    store
      .listObjects({
        filter: sub.matcher.filter,
        sort: { field: 'observed_at', dir: 'desc' },
        limit: sub.snapshotLimit,
        context: { now: now(), staleAfter: staleAfter() },
      })
      .then(({ items }) => {
        if (generation !== sub.generation) sub.toppingUp = undefined;
        else applyTopUp(sub, items);
      })
      .catch((err: unknown) => {
        sub.toppingUp = undefined;
        log.warn('A stale subscription could not be read again; it is tried at the next round.', {
          subscription: sub.id,
          error: String(err),
        });
      });
  }

  function install(sub: SubscriptionState, generation: number, items: OsmObject[]): void {
    // A newer snapshot was asked for meanwhile: that one is sent instead.
    if (sub.closed || generation !== sub.generation) return;
    if (sub.overflowed) {
      // Overflowed while loading: the flush loop takes a fresh snapshot when the consumer is ready.
      sub.loading = false;
      ensureTimer();
      return;
    }
    applySnapshot(sub, items);
    if (!sub.sink.isBusy?.()) drain(sub);
    ensureTimer();
  }

  /** Sends what is owed (snapshot parts first) until the consumer is busy or nothing is left. */
  function drain(sub: SubscriptionState): void {
    let next = takeNext(sub);
    while (next && send(sub, next) && !sub.sink.isBusy?.()) next = takeNext(sub);
  }

  function flushAll(): void {
    const t = now();
    flushQueued = false;
    lastFlush = t;
    const sweep = t - lastSweep >= 1000;
    if (sweep) lastSweep = t;
    const topUp = t - lastTopUp >= STALE_TOP_UP_MS;
    if (topUp) lastTopUp = t;
    let active = false;
    for (const sub of subs.values()) {
      if (sweep) sweepStale(sub, t);
      if (topUp) topUpStale(sub);
      if (sub.loading) {
        active = true;
        continue;
      }
      if (sub.sink.isBusy?.()) {
        active = active || hasWork(sub);
        continue;
      }
      if (sub.overflowed) {
        active = true;
        snapshot(sub).catch((err: unknown) => {
          log.error('A live re-snapshot failed; closing the subscription.', {
            subscription: sub.id,
            error: String(err),
          });
          closeSub(sub);
        });
        continue;
      }
      drain(sub);
      active = active || hasWork(sub);
    }
    if (!active && !anyStale()) stopTimer();
  }

  const anyStale = (): boolean => [...subs.values()].some((s) => s.matcher.usesStale);

  function ensureTimer(): void {
    if (timer || subs.size === 0) return;
    timer = setInterval(flushAll, flushMs);
    timer.unref();
  }

  function stopTimer(): void {
    clearInterval(timer);
    timer = undefined;
  }

  function closeSub(sub: SubscriptionState): void {
    sub.closed = true;
    dropHeld(sub);
    subs.delete(sub.id);
    if (subs.size === 0) stopTimer();
  }

  /**
   * Replaces a subscription's filter. A refused filter changes nothing (it is checked before the
   * subscription is touched); if the new snapshot cannot be read, the previous filter is put back
   * and a fresh snapshot of it follows, so the subscription goes on as it was and nothing of the
   * refused filter is ever sent.
   */
  async function update(sub: SubscriptionState, filter: ObjectFilter, limit: number): Promise<SnapshotInfo> {
    const matcher = createLiveMatcher(filter, staleAfter, now());
    const previous = { matcher: sub.matcher, limit: sub.snapshotLimit };
    sub.matcher = matcher;
    sub.snapshotLimit = limit;
    const reading = snapshot(sub);
    const generation = sub.generation;
    try {
      return await reading;
    } catch (err) {
      // A later update (or the subscription's end) superseded this one: that one decides.
      if (sub.closed || sub.generation !== generation) throw err;
      sub.matcher = previous.matcher;
      sub.snapshotLimit = previous.limit;
      // What was held for it was dropped when the refused snapshot began: re-send its state.
      sub.loading = false;
      sub.overflowed = true;
      ensureTimer();
      throw err;
    }
  }

  return {
    async subscribe({ filter, snapshotLimit, sink }) {
      const matcher = createLiveMatcher(filter, staleAfter, now());
      const sub: SubscriptionState = {
        id: randomUUID(),
        sink,
        matcher,
        snapshotLimit,
        maxBatch: sink.maxBatch ?? maxBatch,
        maxPending: sink.maxPending ?? maxPending,
        known: new Map(),
        pending: new Map(),
        snapshot: null,
        snapshotAt: 0,
        loading: true,
        generation: 0,
        overflowed: false,
        closed: false,
      };
      subs.set(sub.id, sub);
      let info: SnapshotInfo;
      try {
        info = await snapshot(sub);
      } catch (err) {
        closeSub(sub);
        throw err;
      }
      const subscription: LiveSubscription = {
        id: sub.id,
        update: (nextFilter, nextLimit) => update(sub, nextFilter, nextLimit),
        close: () => closeSub(sub),
      };
      return { subscription, info };
    },
    stats() {
      let pending = 0;
      for (const sub of subs.values()) pending += sub.pending.size;
      return { subscriptions: subs.size, pending };
    },
    resnapshotStale() {
      for (const sub of subs.values()) {
        if (sub.closed || !sub.matcher.usesStale) continue;
        // The flush loop takes the fresh snapshot when the consumer is ready (as after an overflow).
        dropHeld(sub);
        sub.overflowed = true;
      }
      ensureTimer();
    },
    close() {
      stopListening();
      for (const sub of [...subs.values()]) closeSub(sub);
      stopTimer();
    },
  };
}

/**
 * Keeps one live subscription in step with the map: subscribes with the filter and visible bbox,
 * replaces the filter (live.update) when either changes, and feeds `objects.changed` events of this
 * subscription into the live store. Events that arrive before the subscribe call answers are held.
 * While a replay is shown the subscription stays open but its events are dropped; resuming asks
 * main for a fresh snapshot.
 */
import type { ObjectFilter } from '../../../electron/contract/domain.js';
import type { ApiClient } from '../api/client.js';
import type { ObjectsChanged } from '../../../electron/contract/events.js';
import type { LiveObjects } from './live-objects.js';

export interface LiveSubscription {
  /** Starts listening for events; returns stop(), which also ends the subscription in main. */
  start(): () => void;
  /** Applies a new filter; resolves once main has accepted it. Rejects with the RpcError. */
  setFilter(filter: ObjectFilter): Promise<{ total: number; snapshotCount: number }>;
  /** Subscribes afresh with the last filter (after the transport reconnected, main forgot us). */
  renew(): Promise<void>;
  /** Drops events while paused (a replay is shown); resuming asks for a fresh snapshot. */
  setPaused(paused: boolean): Promise<void>;
  readonly id: string | null;
}

/** Most objects the map asks for in one snapshot. */
export const SNAPSHOT_LIMIT = 100_000;

export function createLiveSubscription({ client, store }: { client: ApiClient; store: LiveObjects }): LiveSubscription {
  let id: string | null = null;
  let pending = 0;
  let held: ObjectsChanged[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  let lastFilter: ObjectFilter | null = null;
  let paused = false;

  function onEvent(payload: ObjectsChanged): void {
    if (paused) return;
    if (id !== null && payload.subscription_id === id) store.enqueue(payload);
    else if (pending > 0 && held.length < 10_000) held.push(payload);
  }

  function release(): void {
    const mine = held.filter((p) => p.subscription_id === id);
    held = [];
    if (!paused) for (const p of mine) store.enqueue(p);
  }

  async function apply(filter: ObjectFilter) {
    pending++;
    try {
      const result =
        id === null
          ? await client.call('live.subscribe', { filter, snapshot_limit: SNAPSHOT_LIMIT })
          : await client.call('live.update', { subscription_id: id, filter, snapshot_limit: SNAPSHOT_LIMIT });
      id = result.subscription_id;
      return { total: result.total, snapshotCount: result.snapshot_count };
    } finally {
      pending--;
      release();
    }
  }

  const sub: LiveSubscription = {
    start() {
      const off = client.on('objects.changed', onEvent);
      return () => {
        off();
        const old = id;
        id = null;
        if (old !== null) void client.call('live.unsubscribe', { subscription_id: old }).catch(() => undefined);
      };
    },
    setFilter(filter) {
      lastFilter = filter;
      // Calls run one after another so a slow subscribe cannot overtake a later update.
      const next = chain.then(() => apply(filter));
      chain = next.catch(() => undefined);
      return next;
    },
    async renew() {
      id = null;
      if (lastFilter) await sub.setFilter(lastFilter);
    },
    async setPaused(on) {
      if (on === paused) return;
      paused = on;
      // The store holds a replayed moment now: main's reset snapshot brings today back.
      if (!on && lastFilter) await sub.setFilter(lastFilter);
    },
    get id() {
      return id;
    },
  };
  return sub;
}

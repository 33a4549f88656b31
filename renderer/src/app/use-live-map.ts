/**
 * The live side of the app: one store, one subscription kept in step with the filter and the map's
 * bbox, and throttled counters for React (live count, a tick that refreshes the list).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Bbox } from '../../../electron/contract/domain.js';
import type { ApiClient } from '../api/client.js';
import { toObjectFilter, type FilterState } from '../features/filter-bar/filter-state.js';
import { nextSubscriptionBbox } from '../map/view-bbox.js';
import { createLiveObjects } from '../state/live-objects.js';
import { createLiveSubscription } from '../state/live-subscription.js';
import { errorMessage, type NoticeLevel } from './app-context.js';

/** The list refreshes at most this often while objects change. */
const LIST_REFRESH_MS = 2000;

/** A transport that can report reconnects (the WebSocket one does; IPC never drops). */
export interface ConnectionEvents {
  onStateChange(listener: (state: 'connecting' | 'open' | 'closed') => void): () => void;
}

export function useLiveMap(
  client: ApiClient,
  filter: FilterState,
  notify: (level: NoticeLevel, message: string) => void,
  connection?: ConnectionEvents,
) {
  const store = useMemo(() => createLiveObjects(), []);
  const sub = useMemo(() => createLiveSubscription({ client, store }), [client, store]);
  const [bbox, setBbox] = useState<Bbox | null>(null);
  const bboxRef = useRef<Bbox | null>(null);
  const [liveCount, setLiveCount] = useState(0);
  const [listTick, setListTick] = useState(0);

  useEffect(() => sub.start(), [sub]);

  // After a reconnect main has forgotten the subscription: subscribe again with the same filter.
  useEffect(() => {
    if (!connection) return;
    let wasDown = false;
    return connection.onStateChange((state) => {
      if (state !== 'open') wasDown = true;
      else if (wasDown) {
        wasDown = false;
        sub.renew().catch((err: unknown) => notify('error', `Live updates: ${errorMessage(err)}`));
      }
    });
  }, [connection, sub, notify]);

  useEffect(() => {
    if (!bbox) return;
    sub
      .setFilter(toObjectFilter(filter, bbox))
      .catch((err: unknown) => notify('error', `Live updates: ${errorMessage(err)}`));
  }, [sub, filter, bbox, notify]);

  useEffect(() => {
    let lastList = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = store.subscribe(() => {
      if (timer) return;
      const wait = Math.max(250, LIST_REFRESH_MS - (Date.now() - lastList));
      timer = setTimeout(() => {
        timer = null;
        lastList = Date.now();
        setLiveCount(store.size);
        setListTick((t) => t + 1);
      }, wait);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store]);

  /** Called by the map after each move with the visible bbox. */
  const onViewChange = useMemo(
    () => (view: Bbox) => {
      const next = nextSubscriptionBbox(view, bboxRef.current);
      if (next) {
        bboxRef.current = next;
        setBbox(next);
      }
    },
    [],
  );

  return { store, liveCount, listTick, onViewChange };
}

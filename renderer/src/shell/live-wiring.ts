/**
 * The live side of the window, wired to the shell store: one subscription kept in step with the
 * applied filter and the map's view, renewed after a reconnect, throttled counters for React
 * (the live count and a tick that refreshes lists), and the time bar's replay (replay-wiring.ts).
 */
import { useEffect, useMemo } from 'react';
import type { Bbox } from '../../../electron/contract/domain.js';
import type { ConnectionEvents } from '../api/connect-api.js';
import { useApp, type AppServices } from '../app/app-context.js';
import { errorMessage, filterRefusalOf } from '../app/error-text.js';
import { useLiveObjects } from '../app/live-context.js';
import { useShellStore } from '../app/shell-context.js';
import type { ShellStore } from '../app/shell-store.js';
import { nextSubscriptionBbox } from '../map/view-bbox.js';
import { toObjectFilter, type FilterState } from '../state/filter-state.js';
import type { LiveObjects } from '../state/live-objects.js';
import { createLiveSubscription, type LiveSubscription } from '../state/live-subscription.js';
import { followReplay, refreshTimeRange, runPlayClock } from './replay-wiring.js';

/** The list refreshes at most this often while objects change. */
export const LIST_REFRESH_MS = 2000;

/**
 * Gives `sub` the filter and the subscription bbox of the view whenever either changes; a move that
 * stays inside the padded bbox changes nothing. Returns stop().
 */
export function followFilterAndView(shell: ShellStore, sub: LiveSubscription, onError: (err: unknown) => void) {
  let bbox: Bbox | null = null;
  let applied: { filter: FilterState; bbox: Bbox } | null = null;
  const check = (): void => {
    const { view, filter } = shell.getState();
    if (!view) return;
    bbox = nextSubscriptionBbox(view.bbox, bbox) ?? bbox;
    if (!bbox || (applied?.filter === filter && applied.bbox === bbox)) return;
    applied = { filter, bbox };
    sub.setFilter(toObjectFilter(filter, bbox)).catch(onError);
  };
  check();
  return shell.subscribe(check);
}

/** After a reconnect main has forgotten the subscription: subscribe again with the same filter. */
export function renewAfterReconnect(
  connection: ConnectionEvents,
  sub: LiveSubscription,
  onError: (err: unknown) => void,
) {
  let wasDown = false;
  return connection.onStateChange((state) => {
    if (state !== 'open') wasDown = true;
    else if (wasDown) {
      wasDown = false;
      sub.renew().catch(onError);
    }
  });
}

/** Reports the live store's size to the shell at most every LIST_REFRESH_MS (at least 250 ms apart). */
export function countLiveObjects(store: LiveObjects, shell: ShellStore): () => void {
  let lastList = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = store.subscribe(() => {
    if (timer) return;
    const wait = Math.max(250, LIST_REFRESH_MS - (Date.now() - lastList));
    timer = setTimeout(() => {
      timer = null;
      lastList = Date.now();
      shell.actions.liveChanged(store.size);
    }, wait);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}

/**
 * Reports a failed live or replay call as a notice starting with `what`, except a refused filter:
 * the filter bar shows that one, once, under the field where it was typed.
 */
export function reportUnlessFilterRefusal(notify: AppServices['notify'], what: string) {
  return (err: unknown): void => {
    if (!filterRefusalOf(err)) notify('error', `${what}: ${errorMessage(err)}`);
  };
}

/** Runs the live wiring for the window's lifetime (call once, in the shell). */
export function useLiveWiring(connection: ConnectionEvents | undefined): void {
  const { client, notify } = useApp();
  const store = useLiveObjects();
  const shell = useShellStore();
  const sub = useMemo(() => createLiveSubscription({ client, store }), [client, store]);
  useEffect(() => sub.start(), [sub]);
  useEffect(() => {
    const onError = reportUnlessFilterRefusal(notify, 'The map stopped receiving live updates');
    const stopReconnect = connection ? renewAfterReconnect(connection, sub, onError) : () => undefined;
    const stopFollowing = followFilterAndView(shell, sub, onError);
    return () => {
      stopFollowing();
      stopReconnect();
    };
  }, [connection, sub, shell, notify]);
  useEffect(() => countLiveObjects(store, shell), [store, shell]);
  useEffect(() => {
    const deps = {
      shell,
      client,
      store,
      sub,
      onError: reportUnlessFilterRefusal(notify, 'The replay could not load the objects'),
    };
    const stops = [refreshTimeRange(deps), runPlayClock(shell), followReplay(deps)];
    return () => stops.forEach((stop) => stop());
  }, [shell, client, store, sub, notify]);
}

/**
 * Saved views in the window (issue 20 item 7): the list from the store, read again on
 * `views.changed` (a save or delete in any window); applying a view (filter, map, basemap, time);
 * `#view=<name>` in the page's hash and `views.opened` (the desktop menu) applying one; and the
 * filters older versions saved in localStorage moved into the store once.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SavedView, View } from '../../../../electron/contract/methods/views.js';
import { errorMessage, useApp } from '../../app/app-context.js';
import { useShellActions } from '../../app/shell-context.js';
import { formatMapHash } from '../../map/map-hash.js';
import { useTileLayersState } from '../offline/use-tile-layers.js';
import { forgetLegacyFilters, hasLegacyFilters, loadLegacyFilters } from './legacy-filters.js';
import { filterOfView, hashWithoutView, legacyFilterSaves, viewNameInHash } from './view-state.js';

export interface SavedViewsState {
  /** The saved views by name; null until the first answer. */
  views: SavedView[] | null;
  apply(view: View): void;
}

/**
 * Applies a view to the window: filter, basemap, colour, time window, stale thresholds (the app's,
 * so every window and the filter's `stale` follow) and (through `#map=`) the map.
 */
function useApplyView(): (view: View) => void {
  const actions = useShellActions();
  const { client, notify } = useApp();
  const { select } = useTileLayersState();
  return useCallback(
    (view: View) => {
      if (view.stale_after) {
        actions.receiveStaleAfter(view.stale_after);
        client
          .call('app.setStaleThresholds', { thresholds: view.stale_after })
          .catch((err: unknown) =>
            notify('error', `The view's stale thresholds were not applied: ${errorMessage(err)}`),
          );
      }
      actions.applyFilter(filterOfView(view));
      if (view.basemap) select(view.basemap);
      if (view.colour_by) actions.setColourBy(view.colour_by);
      if (view.time?.trail_min) actions.setTrailMin(view.time.trail_min);
      if (view.time?.at) actions.replay({ type: 'seek', at: Date.parse(view.time.at) });
      else if (view.time?.live) actions.replay({ type: 'live' });
      const rest = hashWithoutView(location.hash);
      // The map follows `#map=zoom/lat/lon` (map-hash.ts); replace() moves it without a history entry.
      if (view.map) location.replace(formatMapHash(view.map, rest));
      else if (rest !== location.hash)
        history.replaceState(history.state, '', rest || location.pathname + location.search);
    },
    [actions, select, client, notify],
  );
}

/** Moves the filters saved in localStorage by older versions into the store, then forgets them. */
async function moveLegacyFilters(stored: SavedView[], save: (s: { name: string; view: View }) => Promise<unknown>) {
  if (!hasLegacyFilters()) return;
  // Saved one by one: a refusal keeps them all in localStorage for the next start (nothing lost).
  for (const s of legacyFilterSaves(loadLegacyFilters(), stored)) await save(s);
  forgetLegacyFilters();
}

/**
 * The saved views of the window and their wiring; mount once per window. `onShown` hears the name of
 * a view shown from the hash or the menu.
 */
export function useSavedViews(onShown: (name: string) => void): SavedViewsState {
  const { client, notify } = useApp();
  const apply = useApplyView();
  const [views, setViews] = useState<SavedView[] | null>(null);
  const reload = useCallback(
    () =>
      client
        .call('views.list', {})
        .then((r) => setViews(r.items))
        .catch(() => undefined),
    [client],
  );
  useEffect(() => {
    void reload();
    return client.on('views.changed', () => void reload());
  }, [client, reload]);
  const shown = useRef(onShown);
  useEffect(() => {
    shown.current = onShown;
  });
  useEffect(
    () =>
      client.on('views.opened', (saved) => {
        apply(saved.view);
        shown.current(saved.name);
      }),
    [client, apply],
  );

  const moved = useRef(false);
  useEffect(() => {
    if (views === null || moved.current) return;
    moved.current = true;
    moveLegacyFilters(views, (s) => client.call('views.save', s)).catch((err: unknown) =>
      notify('warning', `Saved filters could not be moved into saved views: ${errorMessage(err)}`),
    );
  }, [views, client, notify]);

  // `#view=<name>` at load or typed later: apply it once the list is known, then drop it from the hash.
  useEffect(() => {
    if (views === null) return;
    const fromHash = () => {
      const name = viewNameInHash(location.hash);
      if (name === null) return;
      const found = views.find((v) => v.name === name);
      if (found) {
        apply(found.view);
        shown.current(found.name);
        return;
      }
      history.replaceState(history.state, '', hashWithoutView(location.hash) || location.pathname + location.search);
      notify('warning', `There is no saved view named '${name}'.`);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, [views, apply, notify]);

  return { views, apply };
}

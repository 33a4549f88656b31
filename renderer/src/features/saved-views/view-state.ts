/**
 * Saved views in the window (issue 20 item 7), the pure half: the view of what the window shows
 * (filter, map centre and zoom, basemap and colour, time window, stale thresholds), the filter it restores, `#view=<name>` in the
 * page's hash, the link that opens a view, and the saved filters of older versions (localStorage)
 * moved into the store.
 */
import type { SavedView, View } from '../../../../electron/contract/methods/views.js';
import type { ColourBy } from '../../map/layers/colour-by.js';
import type { HashView } from '../../map/map-hash.js';
import type { FilterState } from '../../state/filter-state.js';
import type { ReplayState } from '../../state/replay-clock.js';
import type { StaleThresholds } from '../../state/staleness.js';

/** What the window shows now, as a view to save. */
export interface WindowNow {
  filter: FilterState;
  map: HashView | null;
  basemap: string;
  colourBy: ColourBy;
  replay: Pick<ReplayState, 'live' | 'at'>;
  trailMin: number;
  staleAfter: StaleThresholds;
}

/** The view of what the window shows now. */
export function viewOfWindow(now: WindowNow): View {
  const { filter, map, replay, trailMin } = now;
  return {
    filter: {
      text: filter.text.trim(),
      types: [...filter.types],
      kinds: [...filter.kinds],
      source_ids: [...filter.sourceIds],
    },
    ...(map ? { map: { zoom: map.zoom, lat: map.lat, lon: map.lon } } : {}),
    basemap: now.basemap,
    colour_by: now.colourBy,
    time: replay.live
      ? { live: true, trail_min: trailMin }
      : { at: new Date(replay.at).toISOString(), trail_min: trailMin },
    stale_after: { ...now.staleAfter },
  };
}

/** The filter bar's state a view restores. */
export function filterOfView(view: View): FilterState {
  const f = view.filter;
  return { text: f.text, types: [...f.types], kinds: [...f.kinds], sourceIds: [...f.source_ids] };
}

/** The view name in `#view=<name>` (other hash parameters may sit beside it), or null. */
export function viewNameInHash(hash: string): string | null {
  const name = new URLSearchParams(hash.replace(/^#/, '')).get('view');
  return name === null || name.trim() === '' ? null : name;
}

/** The hash without its `view` parameter ('' when nothing else is left). */
export function hashWithoutView(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  params.delete('view');
  const rest = params.toString().replace(/%2F/g, '/');
  return rest ? `#${rest}` : '';
}

/**
 * The link that opens the app on view `name`: the page's address as the app link has it (the
 * headless twin's `?token=` stays in the query, where the printed link carries it) with
 * `#view=<name>` as its only hash, so the map position of this window is not copied.
 */
export function viewLink(name: string, location: Pick<Location, 'href'>): string {
  const url = new URL(location.href);
  url.hash = `view=${encodeURIComponent(name)}`;
  return url.toString();
}

/** A filter saved by an older version in localStorage. */
export interface LegacySavedFilter {
  name: string;
  filter: FilterState;
}

/**
 * The saves that move legacy filters into the store, nothing lost: a filter whose name is already
 * taken by a different view is saved as "<name> (saved filter)"; one identical to its namesake is not
 * saved again.
 */
export function legacyFilterSaves(
  legacy: readonly LegacySavedFilter[],
  stored: readonly SavedView[],
): { name: string; view: View }[] {
  const byName = new Map(stored.map((v) => [v.name, v]));
  return legacy.flatMap(({ name, filter }) => {
    const view: View = {
      filter: { text: filter.text, types: filter.types, kinds: filter.kinds, source_ids: filter.sourceIds },
    };
    const namesake = byName.get(name);
    if (!namesake) return [{ name, view }];
    if (JSON.stringify(namesake.view.filter) === JSON.stringify(view.filter)) return [];
    return [{ name: `${name} (saved filter)`, view }];
  });
}

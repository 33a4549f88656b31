// The map area: the map with the chosen basemap, and the "stale after N min" setting over it.
import { ErrorBoundary } from '../app/error-boundary.js';
import { useShell, useShellActions } from '../app/shell-context.js';
import { useTileLayersState } from '../features/offline/use-tile-layers.js';
import { MapView } from '../map/map-view.js';

/** The left part of the workspace. */
export function MapArea() {
  const { base } = useTileLayersState();
  const staleMin = useShell((s) => s.staleMin);
  const { setStaleMin } = useShellActions();
  return (
    <section className="map-area" aria-label="Map">
      <ErrorBoundary name="map">
        <MapView baseLayer={base} />
      </ErrorBoundary>
      <label className="stale-setting" title="Objects with no update for this long are dimmed">
        stale after
        <input
          type="number"
          min={1}
          max={1440}
          value={staleMin}
          onChange={(e) => setStaleMin(Number(e.target.value))}
        />{' '}
        min
      </label>
    </section>
  );
}

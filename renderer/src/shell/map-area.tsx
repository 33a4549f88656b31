// The map area: the map with the chosen basemap and the geofences (and the draw tool while a fence
// is drawn), the "stale after", "trails" and "colour by" settings over it (with the colour legend),
// and the time bar along its bottom.
import { useMemo } from 'react';
import { ErrorBoundary } from '../app/error-boundary.js';
import { useShell, useShellActions } from '../app/shell-context.js';
import { useTileLayersState } from '../features/offline/use-tile-layers.js';
import { useRulesData } from '../features/rules/use-rules-data.js';
import { TimeBar } from '../features/time-bar/time-bar.js';
import { MapView } from '../map/map-view.js';
import { ColourBySetting, ColourLegend } from '../map/colour-by-setting.js';
import { StaleSettings } from './stale-settings.js';

/** The left part of the workspace. */
export function MapArea() {
  const { base } = useTileLayersState();
  const trailMin = useShell((s) => s.trailMin);
  const { setTrailMin } = useShellActions();
  const { geofences, draw, setDraw } = useRulesData();
  const isDrawing = draw.step === 'drawing';
  // A drawn area waiting for its name stays on the map.
  const fences = useMemo(
    () =>
      draw.step === 'naming'
        ? [...geofences, { name: 'New geofence', geometry: { type: 'Polygon' as const, coordinates: [draw.ring] } }]
        : geofences,
    [geofences, draw],
  );
  const drawTool = useMemo(
    () =>
      isDrawing
        ? {
            onFinish: (ring: [number, number][]) => setDraw({ step: 'naming', ring }),
            onCancel: () => setDraw({ step: 'idle' }),
          }
        : null,
    [isDrawing, setDraw],
  );
  return (
    <section className="map-area" aria-label="Map">
      <div className="map-stage">
        <ErrorBoundary name="map">
          <MapView baseLayer={base} geofences={fences} draw={drawTool} />
        </ErrorBoundary>
        <div className="map-settings">
          <StaleSettings />
          <label title="Moving objects trail their positions of this many minutes">
            trails
            <input
              type="number"
              min={1}
              max={1440}
              value={trailMin}
              onChange={(e) => setTrailMin(Number(e.target.value))}
            />{' '}
            min
          </label>
          <ColourBySetting />
        </div>
        <ColourLegend />
      </div>
      <ErrorBoundary name="time bar">
        <TimeBar />
      </ErrorBoundary>
    </section>
  );
}

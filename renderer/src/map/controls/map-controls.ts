/**
 * Small Leaflet controls: a zoom-to-fit button and the scale bar (the cursor readout is
 * cursor-readout.ts).
 */
import L from 'leaflet';
import type { DistanceSystem } from '../../app/units.js';

/** The scale bar at the bottom left: metres and kilometres, or feet and miles. */
export interface ScaleBar {
  setSystem(system: DistanceSystem): void;
}

/** Adds Leaflet's scale bar in `system` to `map`; `setSystem` swaps it for the other one. */
export function createScaleBar(map: L.Map, system: DistanceSystem): ScaleBar {
  let shown = system;
  const make = (s: DistanceSystem) =>
    L.control.scale({ position: 'bottomleft', metric: s === 'metric', imperial: s === 'imperial' }).addTo(map);
  let control = make(system);
  return {
    setSystem(next) {
      if (next === shown) return;
      shown = next;
      control.remove();
      control = make(next);
    },
  };
}

/** A button under the zoom buttons that calls `onFit`. */
export function createFitControl(onFit: () => void): L.Control {
  const Control = L.Control.extend({
    onAdd() {
      const bar = L.DomUtil.create('div', 'leaflet-bar');
      const a = L.DomUtil.create('a', 'map-fit-button', bar);
      a.href = '#';
      a.title = 'Zoom to fit every object the filter selects (Z)';
      a.setAttribute('role', 'button');
      a.setAttribute('aria-label', 'Zoom to fit every object the filter selects');
      a.textContent = '⤢';
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(a, 'click', (e) => {
        L.DomEvent.preventDefault(e);
        onFit();
      });
      return bar;
    },
  });
  return new Control({ position: 'topleft' });
}

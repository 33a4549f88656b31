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

/** The zoom-to-fit button, and the line beside it saying why a fit did nothing. */
export interface FitControl extends L.Control {
  /** Shows `text` beside the button (an error in red); null clears it. */
  say(text: string | null, level?: 'info' | 'error'): void;
}

/**
 * A button under the zoom buttons that calls `onFit`; what a fit could not do ("Nothing to fit: …")
 * is said on a line beside it, until the next fit or the map moves, not in a notice.
 */
export function createFitControl(onFit: () => void): FitControl {
  const status = L.DomUtil.create('span', 'map-fit-status');
  status.setAttribute('data-testid', 'fit-status');
  status.setAttribute('role', 'status');
  status.hidden = true;
  const say = (text: string | null, level: 'info' | 'error' = 'info') => {
    status.textContent = text ?? '';
    status.hidden = text === null;
    status.setAttribute('role', level === 'error' ? 'alert' : 'status');
    status.classList.toggle('error-text', level === 'error');
  };
  const clear = () => say(null);
  const Control = L.Control.extend({
    onAdd(map: L.Map) {
      const wrap = L.DomUtil.create('div', 'map-fit');
      const bar = L.DomUtil.create('div', 'leaflet-bar', wrap);
      wrap.append(status);
      map.on('movestart', clear);
      const a = L.DomUtil.create('a', 'map-fit-button', bar);
      a.href = '#';
      a.title = 'Zoom to fit every object the filter selects (Z)';
      a.setAttribute('role', 'button');
      a.setAttribute('aria-label', 'Zoom to fit every object the filter selects');
      a.textContent = '⤢';
      L.DomEvent.disableClickPropagation(wrap);
      L.DomEvent.on(a, 'click', (e) => {
        L.DomEvent.preventDefault(e);
        onFit();
      });
      return wrap;
    },
    onRemove(map: L.Map) {
      map.off('movestart', clear);
    },
  });
  return Object.assign(new Control({ position: 'topleft' }), { say });
}

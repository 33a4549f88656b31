/**
 * Small Leaflet controls: a zoom-to-fit button (the cursor readout is cursor-readout.ts).
 */
import L from 'leaflet';

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

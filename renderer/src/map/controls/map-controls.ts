/**
 * Small Leaflet controls: the coordinates under the cursor and a zoom-to-fit button.
 */
import L from 'leaflet';

/** Shows "lat, lon" of the cursor in the bottom-left corner. */
export function createCoordinatesControl(): L.Control {
  let el: HTMLDivElement | null = null;
  let map: L.Map | null = null;
  const onMove = (e: L.LeafletMouseEvent) => {
    if (el)
      el.textContent = `${e.latlng.lat.toFixed(5)}, ${L.Util.wrapNum(e.latlng.lng, [-180, 180], true).toFixed(5)}`;
  };
  const onOut = () => {
    if (el) el.textContent = '—';
  };
  const Control = L.Control.extend({
    onAdd(m: L.Map) {
      map = m;
      el = L.DomUtil.create('div', 'map-coords');
      el.setAttribute('data-testid', 'cursor-coords');
      el.title = 'Coordinates under the cursor (lat, lon)';
      el.textContent = '—';
      m.on('mousemove', onMove).on('mouseout', onOut);
      return el;
    },
    onRemove() {
      map?.off('mousemove', onMove).off('mouseout', onOut);
      map = null;
    },
  });
  return new Control({ position: 'bottomleft' });
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

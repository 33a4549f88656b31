/**
 * The live cursor readout in the map's bottom-left corner: the coordinates under the pointer in
 * the chosen format ("lat, lon 43.73840, 7.42460", "MGRS 32T LP 73139 44024"). It follows the
 * pointer, is worked out again when the map moves under a resting pointer (follow, keys, fly-to),
 * and says "pointer off the map" once the pointer leaves the map or the window, so it never shows
 * a stale position.
 */
import L from 'leaflet';
import { formatPosition, type CoordFormat } from '../../app/units.js';

export const OFF_MAP_TEXT = 'pointer off the map';

/** The readout's text for a position (null: the pointer is not over the map). */
export function cursorReadoutText(at: { lat: number; lng: number } | null, format: CoordFormat): string {
  return at ? formatPosition(at.lat, at.lng, format) : OFF_MAP_TEXT;
}

export interface CursorReadout extends L.Control {
  /** Writes the text again (after the coordinate format changed). */
  refresh(): void;
}

/** Builds the control; `format` is read on every update. */
export function createCursorReadout(format: () => CoordFormat): CursorReadout {
  let el: HTMLDivElement | null = null;
  let map: L.Map | null = null;
  /** Where the pointer is in the map's container, or null while it is elsewhere. */
  let point: L.Point | null = null;

  const render = () => {
    if (!el || !map) return;
    const at = point ? map.containerPointToLatLng(point) : null;
    el.textContent = cursorReadoutText(at, format());
    el.dataset.state = at ? 'on' : 'off';
  };
  const onMove = (e: L.LeafletMouseEvent) => {
    point = e.containerPoint;
    render();
  };
  const onLeave = () => {
    point = null;
    render();
  };
  const onVisibility = () => {
    if (document.visibilityState !== 'visible') onLeave();
  };

  const Control = L.Control.extend({
    onAdd(m: L.Map) {
      map = m;
      el = L.DomUtil.create('div', 'map-coords');
      el.setAttribute('data-testid', 'cursor-coords');
      el.setAttribute('aria-live', 'off');
      el.title = 'Coordinates under the pointer (format under Maps & files → Units)';
      // The map moving under a resting pointer changes what is under it.
      m.on('mousemove', onMove).on('move', render);
      m.getContainer().addEventListener('pointerleave', onLeave);
      window.addEventListener('blur', onLeave);
      document.addEventListener('visibilitychange', onVisibility);
      render();
      return el;
    },
    onRemove(m: L.Map) {
      m.off('mousemove', onMove).off('move', render);
      m.getContainer().removeEventListener('pointerleave', onLeave);
      window.removeEventListener('blur', onLeave);
      document.removeEventListener('visibilitychange', onVisibility);
      map = null;
      el = null;
      point = null;
    },
  });
  return Object.assign(new Control({ position: 'bottomleft' }), { refresh: render });
}

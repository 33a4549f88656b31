/**
 * The geofence draw tool: click to add corners, double-click (or "Finish") to close the polygon,
 * Escape (or "Cancel") to give up. A control on the map says what to do and counts the corners;
 * the shape so far follows the cursor. No dependency beyond Leaflet.
 */
import L from 'leaflet';

/** A closed ring of [lon, lat] (first = last). */
export type DrawnRing = [number, number][];

export interface DrawToolOptions {
  onFinish(ring: DrawnRing): void;
  onCancel(): void;
}

/** Corners closer than this many pixels to the previous one are the same click (a double-click's clicks). */
const SAME_CORNER_PX = 4;

/** The corners as a closed [lon, lat] ring, or null with fewer than three distinct corners. */
export function closeRing(corners: readonly L.LatLng[]): DrawnRing | null {
  if (corners.length < 3) return null;
  const ring: DrawnRing = corners.map((c) => [c.lng, c.lat]);
  ring.push([corners[0]!.lng, corners[0]!.lat]);
  return ring;
}

function createHint(onFinish: () => void, onCancel: () => void) {
  const el = L.DomUtil.create('div', 'draw-tool-hint');
  el.setAttribute('role', 'group');
  el.setAttribute('aria-label', 'Draw geofence');
  el.setAttribute('data-testid', 'draw-tool');
  const text = L.DomUtil.create('span', '', el);
  const finish = L.DomUtil.create('button', 'primary', el);
  finish.type = 'button';
  finish.textContent = 'Finish';
  const cancel = L.DomUtil.create('button', '', el);
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  L.DomEvent.disableClickPropagation(el);
  L.DomEvent.on(finish, 'click', onFinish);
  L.DomEvent.on(cancel, 'click', onCancel);
  return {
    el,
    update(corners: number) {
      text.textContent =
        corners === 0
          ? 'Click on the map to add corners.'
          : `${corners} corner${corners === 1 ? '' : 's'}. Double-click or Finish to close, Escape to cancel.`;
      finish.disabled = corners < 3;
    },
  };
}

/** Starts drawing on `map`; returns the function that stops (without calling either callback). */
export function startDrawTool(map: L.Map, options: DrawToolOptions): () => void {
  const corners: L.LatLng[] = [];
  const shape = L.polygon([], { color: '#d9480f', weight: 2, fillOpacity: 0.1, interactive: false }).addTo(map);
  const rubber = L.polyline([], { color: '#d9480f', weight: 1, dashArray: '4 4', interactive: false }).addTo(map);
  const dots = L.layerGroup().addTo(map);
  const hadDoubleClickZoom = map.doubleClickZoom.enabled();
  map.doubleClickZoom.disable();
  const container = map.getContainer();
  container.classList.add('drawing');
  const finish = () => {
    const ring = closeRing(corners);
    if (!ring) return;
    stop();
    options.onFinish(ring);
  };
  const cancel = () => {
    stop();
    options.onCancel();
  };
  const hint = createHint(finish, cancel);
  const Control = L.Control.extend({ onAdd: () => hint.el });
  const control = new Control({ position: 'topright' }).addTo(map);

  const redraw = () => {
    shape.setLatLngs(corners);
    dots.clearLayers();
    for (const c of corners)
      L.circleMarker(c, { radius: 4, color: '#d9480f', weight: 2, interactive: false }).addTo(dots);
    hint.update(corners.length);
  };
  const onClick = (e: L.LeafletMouseEvent) => {
    const last = corners[corners.length - 1];
    if (last && map.latLngToContainerPoint(last).distanceTo(e.containerPoint) < SAME_CORNER_PX) return;
    corners.push(e.latlng);
    redraw();
  };
  const onMove = (e: L.LeafletMouseEvent) => {
    const first = corners[0];
    const last = corners[corners.length - 1];
    rubber.setLatLngs(first && last ? [last, e.latlng, first] : []);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    // The shell's Escape clears the selection; while drawing, Escape only cancels the drawing.
    e.stopImmediatePropagation();
    cancel();
  };
  map.on('click', onClick).on('mousemove', onMove).on('dblclick', finish);
  window.addEventListener('keydown', onKey, true);
  redraw();

  let stopped = false;
  function stop(): void {
    if (stopped) return;
    stopped = true;
    map.off('click', onClick).off('mousemove', onMove).off('dblclick', finish);
    window.removeEventListener('keydown', onKey, true);
    if (hadDoubleClickZoom) map.doubleClickZoom.enable();
    container.classList.remove('drawing');
    control.remove();
    shape.remove();
    rubber.remove();
    dots.remove();
  }
  return stop;
}

/**
 * The measure tool: click a first point and a second one (a click on an object measures from the
 * object and follows it as it moves); the geodesic between them is drawn with its distance (m/km,
 * or ft/mi when the units are imperial, and nautical miles) and initial bearing in degrees true. A third click starts again. A bar on
 * the map says what to do and shows the result; the caller ends the tool (button, M, Escape).
 */
import L from 'leaflet';
import { anchorPosition, type MapAnchor } from '../../state/map-anchor.js';
import type { LiveObjects } from '../../state/live-objects.js';
import { geodesicInverse, geodesicPath } from './geodesic.js';
import { measureText } from './measure-text.js';
import type { DistanceSystem } from '../../app/units.js';
import './map-tools.css';

export interface MeasureToolOptions {
  store: LiveObjects;
  /** The anchor under a click: the object hit there, else the clicked point. */
  anchorAt(e: L.LeafletMouseEvent): MapAnchor;
  /** The "Done" button. */
  onDone(): void;
  /** Metres and kilometres, or feet and miles (the units setting); default metric. */
  system?: DistanceSystem;
}

const LINE = { color: '#2563eb', weight: 3, opacity: 0.9, interactive: false };

/** A text label on the map, centred on its point and sized by CSS; `className` is also its test id. */
export function labelIcon(className: string, text: string): L.DivIcon {
  const span = document.createElement('span');
  span.setAttribute('data-testid', className);
  span.textContent = text;
  return L.divIcon({ className, html: span, iconSize: undefined });
}

/** The text of the bar for the points clicked so far. */
export function measureHint(points: number, result: string | null): string {
  if (points === 0) return 'Measure: click the first point (a click on an object measures from it).';
  if (points === 1) return 'Click the second point.';
  return `${result ?? ''} — click to measure again.`;
}

function createBar(onDone: () => void) {
  const el = L.DomUtil.create('div', 'map-tool-bar');
  el.setAttribute('role', 'status');
  el.setAttribute('data-testid', 'measure-tool');
  const text = L.DomUtil.create('span', '', el);
  text.setAttribute('data-testid', 'measure-result');
  const done = L.DomUtil.create('button', '', el);
  done.type = 'button';
  done.textContent = 'Done';
  done.title = 'End measuring (Escape or M)';
  L.DomEvent.disableClickPropagation(el);
  L.DomEvent.on(done, 'click', onDone);
  const Control = L.Control.extend({ onAdd: () => el });
  return { control: new Control({ position: 'topright' }), text };
}

/** Starts measuring on `map`; returns the function that ends it and removes what it drew. */
export function startMeasureTool(map: L.Map, options: MeasureToolOptions): () => void {
  let anchors: MapAnchor[] = [];
  /** Where the cursor is while the second point is awaited. */
  let cursor: L.LatLng | null = null;
  const bar = createBar(options.onDone);
  bar.control.addTo(map);
  const line = L.polyline([], LINE).addTo(map);
  const ends = L.layerGroup().addTo(map);
  const label = L.marker([0, 0], { interactive: false, keyboard: false, icon: labelIcon('measure-label', '') });
  const container = map.getContainer();
  container.classList.add('measuring');

  function positions(): [number, number][] {
    const out: [number, number][] = [];
    for (const a of anchors) {
      const p = anchorPosition(options.store, a);
      // An object that left the store keeps its last place.
      if (p) out.push(p);
    }
    if (out.length === 1 && cursor) out.push([cursor.lat, cursor.lng]);
    return out;
  }

  let drawn = '';
  function redraw(): void {
    const now = positions();
    const key = `${anchors.length}|${now.join('|')}`;
    // Store changes come every frame; draw again only when an end moved.
    if (key === drawn) return;
    drawn = key;
    const [a, b] = now;
    ends.clearLayers();
    for (const p of [a, b].slice(0, anchors.length))
      if (p) L.circleMarker(p, { ...LINE, radius: 4, weight: 2, fillOpacity: 1, fillColor: '#fff' }).addTo(ends);
    if (!a || !b) {
      line.setLatLngs([]);
      label.remove();
      bar.text.textContent = measureHint(anchors.length, null);
      return;
    }
    const m = geodesicInverse(a[0], a[1], b[0], b[1]);
    const path = geodesicPath(a[0], a[1], b[0], b[1]);
    const text = measureText(m, options.system);
    line.setLatLngs(path);
    label.setLatLng(path[Math.floor(path.length / 2)]!);
    label.setIcon(labelIcon('measure-label', text));
    if (!map.hasLayer(label)) label.addTo(map);
    container.dataset.measure = anchors.length === 2 ? text : '';
    bar.text.textContent = anchors.length === 2 ? measureHint(2, text) : measureHint(1, null);
  }

  const onClick = (e: L.LeafletMouseEvent) => {
    if (anchors.length === 2) anchors = [];
    anchors.push(options.anchorAt(e));
    cursor = null;
    redraw();
  };
  const onMove = (e: L.LeafletMouseEvent) => {
    if (anchors.length !== 1) return;
    cursor = e.latlng;
    redraw();
  };
  map.on('click', onClick).on('mousemove', onMove);
  // A measured object that moves takes its end of the line along (one redraw per store change).
  const unsubscribe = options.store.subscribe(() => {
    if (anchors.some((a) => 'objectId' in a)) redraw();
  });
  redraw();

  return () => {
    map.off('click', onClick).off('mousemove', onMove);
    unsubscribe();
    container.classList.remove('measuring');
    delete container.dataset.measure;
    bar.control.remove();
    line.remove();
    ends.remove();
    label.remove();
  };
}

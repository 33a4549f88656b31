/**
 * Range rings: five geodesic circles around an object (following it as it moves) or a point, each
 * labelled with its radius, at a round step for the zoom or the step typed in the bar's field. The
 * bar on the map names the centre and has the step field and "Clear". Also the tool that places
 * rings at the next click.
 */
import L from 'leaflet';
import { anchorPosition, type MapAnchor } from '../../state/map-anchor.js';
import type { LiveObjects } from '../../state/live-objects.js';
import { geodesicCircle, geodesicDirect } from './geodesic.js';
import { labelIcon } from './measure-tool.js';
import { formatRadius } from './measure-text.js';
import { autoRingStep, parseRingStep, ringRadii, RING_STEP_UNIT } from './ring-steps.js';
import type { DistanceSystem } from '../../app/units.js';
import './map-tools.css';

export interface RangeRingsOptions {
  store: LiveObjects;
  anchor: MapAnchor;
  /** Metres between rings; null: a round step for the zoom. */
  stepM: number | null;
  /** What the bar calls the centre: the object's name, or "this point". */
  centreName: string;
  /** Metres and kilometres, or feet and miles (the units setting): the steps, labels and the field. */
  system: DistanceSystem;
  onStep(stepM: number | null): void;
  onClear(): void;
}

const RING = { color: '#0e7490', weight: 1.5, opacity: 0.9, fill: false, interactive: false, dashArray: '6 4' };

function createBar(options: RangeRingsOptions) {
  const el = L.DomUtil.create('div', 'map-tool-bar');
  el.setAttribute('role', 'group');
  el.setAttribute('aria-label', 'Range rings');
  el.setAttribute('data-testid', 'range-rings');
  const text = L.DomUtil.create('span', '', el);
  text.setAttribute('data-testid', 'range-rings-text');
  const label = L.DomUtil.create('label', '', el);
  label.append('every ');
  const { unit, metres } = RING_STEP_UNIT[options.system];
  const field = L.DomUtil.create('input', 'ring-step', label);
  field.type = 'text';
  field.inputMode = 'decimal';
  field.placeholder = 'auto';
  field.size = 4;
  field.title = `${unit === 'km' ? 'Kilometres' : 'Miles'} between rings; empty: a round step for the zoom. Enter applies.`;
  field.setAttribute('data-testid', 'ring-step');
  field.value = options.stepM === null ? '' : String(Math.round((options.stepM / metres) * 1000) / 1000);
  label.append(` ${unit}`);
  const error = L.DomUtil.create('span', 'error-text', el);
  error.setAttribute('role', 'alert');
  const clear = L.DomUtil.create('button', '', el);
  clear.type = 'button';
  clear.textContent = 'Clear';
  clear.title = 'Remove the range rings (Escape or R)';
  const apply = () => {
    const r = parseRingStep(field.value, options.system);
    error.textContent = r.ok ? '' : r.reason;
    if (r.ok) options.onStep(r.stepM);
  };
  L.DomEvent.disableClickPropagation(el);
  L.DomEvent.disableScrollPropagation(el);
  L.DomEvent.on(field, 'change', apply);
  L.DomEvent.on(field, 'keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter') apply();
  });
  L.DomEvent.on(clear, 'click', options.onClear);
  const Control = L.Control.extend({ onAdd: () => el });
  return { control: new Control({ position: 'topright' }), text };
}

/** Draws range rings on `map`; returns the function that removes them. */
export function showRangeRings(map: L.Map, options: RangeRingsOptions): () => void {
  const bar = createBar(options);
  bar.control.addTo(map);
  const group = L.layerGroup().addTo(map);
  let drawn = '';

  function redraw(): void {
    const centre = anchorPosition(options.store, options.anchor);
    const size = map.getSize();
    const step =
      options.stepM ??
      autoRingStep(
        centre?.[0] ?? map.getCenter().lat,
        map.getZoom(),
        { width: size.x, height: size.y },
        options.system,
      );
    const key = centre ? `${centre[0]},${centre[1]},${step}` : '';
    // Store changes come every frame; redraw only when the centre moved or the step changed.
    if (key === drawn) return;
    drawn = key;
    const radii = ringRadii(step);
    const how = options.stepM === null ? 'auto' : 'set';
    bar.text.textContent = `Range rings around ${options.centreName}: ${radii.map((r) => formatRadius(r, options.system)).join(', ')} (${how})`;
    group.clearLayers();
    const container = map.getContainer();
    if (!centre) {
      delete container.dataset.rings;
      return;
    }
    const [lat, lon] = centre;
    for (const r of radii) {
      L.polyline(geodesicCircle(lat, lon, r), RING).addTo(group);
      const top = geodesicDirect(lat, lon, 0, r);
      L.marker([top.lat, top.lon], {
        interactive: false,
        keyboard: false,
        icon: labelIcon('ring-label', formatRadius(r, options.system)),
      }).addTo(group);
    }
    L.circleMarker(centre, { ...RING, dashArray: undefined, radius: 3, fill: true, fillOpacity: 1 }).addTo(group);
    // The centre and step as an attribute let tests and tools read the rings without a map handle.
    container.dataset.rings = `${lat.toFixed(6)},${lon.toFixed(6)},${step}`;
  }

  map.on('zoomend resize', redraw);
  const unsubscribe = 'objectId' in options.anchor ? options.store.subscribe(redraw) : () => {};
  redraw();
  return () => {
    map.off('zoomend resize', redraw);
    unsubscribe();
    delete map.getContainer().dataset.rings;
    bar.control.remove();
    group.remove();
  };
}

/** Waits for a click on the map and places range rings there (on the object hit, if any). */
export function startRingPlacing(
  map: L.Map,
  options: { anchorAt(e: L.LeafletMouseEvent): MapAnchor; onPlace(anchor: MapAnchor): void },
): () => void {
  const el = L.DomUtil.create('div', 'map-tool-bar');
  el.setAttribute('role', 'status');
  el.setAttribute('data-testid', 'rings-placing');
  el.textContent = 'Click the map (or an object) to place range rings. Escape cancels.';
  const Control = L.Control.extend({ onAdd: () => el });
  const control = new Control({ position: 'topright' }).addTo(map);
  const container = map.getContainer();
  container.classList.add('measuring');
  const onClick = (e: L.LeafletMouseEvent) => options.onPlace(options.anchorAt(e));
  map.on('click', onClick);
  return () => {
    map.off('click', onClick);
    container.classList.remove('measuring');
    control.remove();
  };
}

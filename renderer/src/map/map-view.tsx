/**
 * The map: Leaflet with the bundled world basemap, the canvas objects layer, scale bar, cursor
 * coordinates, zoom-to-fit, hover tooltip, selection, follow mode and a history track.
 */
import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import type { Bbox } from '../../../electron/contract/domain.js';
import type { LiveEntry, LiveObjects } from '../state/live-objects.js';
import { createCoordinatesControl, createFitControl } from './controls/map-controls.js';
import { createObjectsLayer, type ObjectsLayer } from './layers/objects-layer.js';
import { createWorldLayer, type WorldLayer } from './layers/world-layer.js';
import { HoverTooltip } from './hover-tooltip.js';
import { fitBoundsOf, followPosition } from './map-fit.js';
import { rasterLayer } from './layers/basemaps.js';
import type { TileLayer } from '../../../electron/contract/methods/tiles.js';

export interface MapViewProps {
  store: LiveObjects;
  /** The raster basemap drawn above the bundled world layer (null: the world layer alone). */
  baseLayer: TileLayer | null;
  theme: 'light' | 'dark';
  selectedId: string | null;
  followId: string | null;
  staleAfterMs: number;
  /** History track of the selected object, as [lat, lon] pairs (oldest first). */
  track: [number, number][] | null;
  /** Incremented to request zoom-to-fit. */
  fitRequest: number;
  /** Incremented with a target to pan to the selected object. */
  panTo: { id: string; seq: number } | null;
  onSelect(id: string | null): void;
  /** The visible bbox (and zoom) after each move. */
  onViewChange(view: Bbox, zoom: number): void;
}

const STYLES = {
  light: { outline: '#ffffff', selection: '#ff2d55', trail: '#334155', staleAlpha: 0.35 },
  dark: { outline: '#0b0f14', selection: '#ff5c7a', trail: '#cbd5e1', staleAlpha: 0.35 },
} as const;

function viewOf(map: L.Map): Bbox {
  const b = map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

/** The map component; it owns its Leaflet instance for its lifetime. */
export function MapView(props: MapViewProps) {
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const objectsRef = useRef<ObjectsLayer | null>(null);
  const worldRef = useRef<WorldLayer | null>(null);
  const trackRef = useRef<L.Polyline | null>(null);
  const propsRef = useRef(props);
  const [hover, setHover] = useState<{ entry: LiveEntry; x: number; y: number; now: number } | null>(null);
  useEffect(() => {
    propsRef.current = props;
  });

  useEffect(() => {
    if (!el.current) return;
    const map = L.map(el.current, {
      worldCopyJump: false,
      minZoom: 1,
      maxZoom: 19,
      zoomControl: true,
      attributionControl: true,
    });
    map.attributionControl.setPrefix(false).addAttribution('Basemap: Natural Earth via world-atlas');
    map.setView([20, 0], 2);
    const world = createWorldLayer(propsRef.current.theme).addTo(map) as WorldLayer;
    const objects = createObjectsLayer({
      store: propsRef.current.store,
      staleAfterMs: () => propsRef.current.staleAfterMs,
      style: () => STYLES[propsRef.current.theme],
      onHover: (entry, point) => setHover(entry && point ? { entry, x: point.x, y: point.y, now: Date.now() } : null),
      onSelect: (entry) => propsRef.current.onSelect(entry ? entry.id : null),
    });
    objects.addTo(map);
    L.control.scale({ position: 'bottomleft', imperial: false }).addTo(map);
    createCoordinatesControl().addTo(map);
    createFitControl(() => fitBoundsOf(map, propsRef.current.store)).addTo(map);
    const onMoveEnd = () => {
      // The centre and zoom as attributes let tests and tools read the view without a map handle.
      const c = map.getCenter();
      map.getContainer().dataset.center = `${c.lat.toFixed(6)},${c.lng.toFixed(6)}`;
      map.getContainer().dataset.zoom = String(map.getZoom());
      propsRef.current.onViewChange(viewOf(map), map.getZoom());
    };
    map.on('moveend', onMoveEnd);
    mapRef.current = map;
    objectsRef.current = objects;
    worldRef.current = world;
    onMoveEnd();
    const resize = new ResizeObserver(() => map.invalidateSize({ pan: false }));
    resize.observe(el.current);
    return () => {
      resize.disconnect();
      map.off('moveend', onMoveEnd);
      map.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    worldRef.current?.setTheme(props.theme);
    objectsRef.current?.redraw();
  }, [props.theme]);

  useEffect(() => objectsRef.current?.setSelected(props.selectedId), [props.selectedId]);

  // The chosen raster basemap (online source through its cache, or an MBTiles file) above the world layer.
  const baseKey = props.baseLayer ? JSON.stringify(props.baseLayer) : '';
  useEffect(() => {
    const map = mapRef.current;
    const layer = props.baseLayer;
    if (!map) return;
    map.getContainer().dataset.baseLayer = layer?.id ?? 'world';
    if (!layer) return;
    const tiles = rasterLayer(layer).addTo(map);
    return () => {
      tiles.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- baseKey stands for the layer's content
  }, [baseKey]);

  useEffect(() => {
    if (props.fitRequest > 0 && mapRef.current) fitBoundsOf(mapRef.current, props.store);
  }, [props.fitRequest, props.store]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !props.panTo) return;
    const pos = followPosition(props.store, props.panTo.id);
    if (pos) map.setView(pos, Math.max(map.getZoom(), 10));
  }, [props.panTo, props.store]);

  // Follow: keep the followed object centred as its updates arrive (no animation, once per frame).
  useEffect(() => {
    const map = mapRef.current;
    const id = props.followId;
    if (!map || !id) return;
    const follow = () => {
      const pos = followPosition(props.store, id);
      if (pos && !map.getCenter().equals(L.latLng(pos), 1e-7)) map.panTo(pos, { animate: false });
    };
    follow();
    return props.store.subscribe(follow);
  }, [props.followId, props.store]);

  useEffect(() => {
    const map = mapRef.current;
    trackRef.current?.remove();
    trackRef.current = null;
    if (!map || !props.track || props.track.length < 2) return;
    trackRef.current = L.polyline(props.track, {
      color: '#ff2d55',
      weight: 3,
      opacity: 0.8,
      dashArray: '6 4',
      interactive: false,
    }).addTo(map);
  }, [props.track]);

  return (
    <div className="map-wrap">
      <div ref={el} className="map" data-testid="map" />
      {hover && (
        <HoverTooltip entry={hover.entry} x={hover.x} y={hover.y} now={hover.now} staleAfterMs={props.staleAfterMs} />
      )}
    </div>
  );
}

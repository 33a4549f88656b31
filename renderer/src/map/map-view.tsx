/**
 * The map: Leaflet with the bundled world basemap, the canvas objects layer, scale bar, cursor
 * coordinates, zoom-to-fit, hover tooltip, selection, follow mode and a history track.
 */
import L from 'leaflet';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Bbox } from '../../../electron/contract/domain.js';
import type { TileLayer } from '../../../electron/contract/methods/tiles.js';
import { useLiveObjects } from '../app/live-context.js';
import { useShell, useShellCommand, useShellStore } from '../app/shell-context.js';
import type { ShellStore } from '../app/shell-store.js';
import type { LiveEntry, LiveObjects } from '../state/live-objects.js';
import { createCoordinatesControl, createFitControl } from './controls/map-controls.js';
import { createObjectsLayer, type ObjectsLayer } from './layers/objects-layer.js';
import { createWorldLayer, type WorldLayer } from './layers/world-layer.js';
import { HoverTooltip } from './hover-tooltip.js';
import { fitBoundsOf, followPosition } from './map-fit.js';
import { rasterLayer } from './layers/basemaps.js';

export interface MapViewProps {
  /** The raster basemap drawn above the bundled world layer (null: the world layer alone). */
  baseLayer: TileLayer | null;
}

const STYLES = {
  light: { outline: '#ffffff', selection: '#ff2d55', trail: '#334155', staleAlpha: 0.35 },
  dark: { outline: '#0b0f14', selection: '#ff5c7a', trail: '#cbd5e1', staleAlpha: 0.35 },
} as const;

function viewOf(map: L.Map): Bbox {
  const b = map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

type Hover = { entry: LiveEntry; x: number; y: number; now: number } | null;

interface MountedMap {
  map: L.Map;
  objects: ObjectsLayer;
  world: WorldLayer;
  remove(): void;
}

/** Builds the Leaflet map with its layers and controls; Leaflet callbacks read the shell store directly. */
function mountMap(
  el: HTMLDivElement,
  shell: ShellStore,
  store: LiveObjects,
  onHover: (hover: Hover) => void,
): MountedMap {
  const map = L.map(el, { worldCopyJump: false, minZoom: 1, maxZoom: 19, zoomControl: true, attributionControl: true });
  map.attributionControl.setPrefix(false).addAttribution('Basemap: Natural Earth via world-atlas');
  map.setView([20, 0], 2);
  const world = createWorldLayer(shell.getState().theme).addTo(map) as WorldLayer;
  const objects = createObjectsLayer({
    store,
    staleAfterMs: () => shell.getState().staleMin * 60_000,
    style: () => STYLES[shell.getState().theme],
    onHover: (entry, point) => onHover(entry && point ? { entry, x: point.x, y: point.y, now: Date.now() } : null),
    onSelect: (entry) => shell.actions.select(entry ? entry.id : null, { show: true }),
  });
  objects.addTo(map);
  L.control.scale({ position: 'bottomleft', imperial: false }).addTo(map);
  createCoordinatesControl().addTo(map);
  createFitControl(() => fitBoundsOf(map, store)).addTo(map);
  const onMoveEnd = () => {
    // The centre and zoom as attributes let tests and tools read the view without a map handle.
    const c = map.getCenter();
    map.getContainer().dataset.center = `${c.lat.toFixed(6)},${c.lng.toFixed(6)}`;
    map.getContainer().dataset.zoom = String(map.getZoom());
    shell.actions.setView(viewOf(map), map.getZoom());
  };
  map.on('moveend', onMoveEnd);
  onMoveEnd();
  const resize = new ResizeObserver(() => map.invalidateSize({ pan: false }));
  resize.observe(el);
  return {
    map,
    objects,
    world,
    remove() {
      resize.disconnect();
      map.off('moveend', onMoveEnd);
      map.remove();
    },
  };
}

/** The map component; it owns its Leaflet instance for its lifetime. */
export function MapView({ baseLayer }: MapViewProps) {
  const el = useRef<HTMLDivElement>(null);
  const mounted = useRef<MountedMap | null>(null);
  const shell = useShellStore();
  const store = useLiveObjects();
  const theme = useShell((s) => s.theme);
  const selectedId = useShell((s) => s.selectedId);
  const staleAfterMs = useShell((s) => s.staleMin * 60_000);
  const [hover, setHover] = useState<Hover>(null);

  useEffect(() => {
    if (!el.current) return;
    const m = mountMap(el.current, shell, store, setHover);
    mounted.current = m;
    return () => {
      m.remove();
      mounted.current = null;
    };
  }, [shell, store]);

  useEffect(() => {
    mounted.current?.world.setTheme(theme);
    mounted.current?.objects.redraw();
  }, [theme]);

  useEffect(() => mounted.current?.objects.setSelected(selectedId), [selectedId]);

  useBaseLayer(mounted, baseLayer);
  useMapCommands(mounted, store);
  useFollow(mounted, store);
  useTrack(mounted);

  return (
    <div className="map-wrap">
      <div ref={el} className="map" data-testid="map" />
      {hover && (
        <HoverTooltip entry={hover.entry} x={hover.x} y={hover.y} now={hover.now} staleAfterMs={staleAfterMs} />
      )}
    </div>
  );
}

type MapRef = RefObject<MountedMap | null>;

/** The chosen raster basemap (online source through its cache, or an MBTiles file) above the world layer. */
function useBaseLayer(mounted: MapRef, layer: TileLayer | null): void {
  const baseKey = layer ? JSON.stringify(layer) : '';
  useEffect(() => {
    const map = mounted.current?.map;
    if (!map) return;
    map.getContainer().dataset.baseLayer = layer?.id ?? 'world';
    if (!layer) return;
    const tiles = rasterLayer(layer).addTo(map);
    return () => {
      tiles.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- baseKey stands for the layer's content
  }, [baseKey]);
}

/** The shell's one-shot commands: zoom to fit every live object, centre one object (zoom 10 at least). */
function useMapCommands(mounted: MapRef, store: LiveObjects): void {
  useShellCommand('fit', () => mounted.current && fitBoundsOf(mounted.current.map, store));
  useShellCommand('panTo', ({ id }) => {
    const map = mounted.current?.map;
    const pos = followPosition(store, id);
    if (map && pos) map.setView(pos, Math.max(map.getZoom(), 10));
  });
}

/** Follow: keeps the followed object centred as its updates arrive (no animation, once per frame). */
function useFollow(mounted: MapRef, store: LiveObjects): void {
  const followId = useShell((s) => s.followId);
  useEffect(() => {
    const map = mounted.current?.map;
    if (!map || !followId) return;
    const follow = () => {
      const pos = followPosition(store, followId);
      if (pos && !map.getCenter().equals(L.latLng(pos), 1e-7)) map.panTo(pos, { animate: false });
    };
    follow();
    return store.subscribe(follow);
  }, [mounted, followId, store]);
}

/** The selected object's history track as a dashed line. */
function useTrack(mounted: MapRef): void {
  const track = useShell((s) => s.track);
  const line = useRef<L.Polyline | null>(null);
  useEffect(() => {
    const map = mounted.current?.map;
    line.current?.remove();
    line.current = null;
    if (!map || !track || track.length < 2) return;
    line.current = L.polyline(track, {
      color: '#ff2d55',
      weight: 3,
      opacity: 0.8,
      dashArray: '6 4',
      interactive: false,
    }).addTo(map);
  }, [mounted, track]);
}

/**
 * The map: Leaflet with the bundled world basemap, the chosen basemap above it (raster or vector),
 * the canvas objects layer, scale bar, cursor coordinates, zoom-to-fit, hover tooltip, selection,
 * follow mode and a history track. The view lives in the URL as `#map=zoom/lat/lon`.
 */
import L from 'leaflet';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Bbox } from '../../../electron/contract/domain.js';
import type { TileLayer } from '../../../electron/contract/methods/tiles.js';
import { errorMessage, useApp } from '../app/app-context.js';
import { useLiveObjects } from '../app/live-context.js';
import { useShell, useShellCommand, useShellStore } from '../app/shell-context.js';
import type { ShellStore } from '../app/shell-store.js';
import { toObjectFilter } from '../state/filter-state.js';
import type { LiveEntry, LiveObjects } from '../state/live-objects.js';
import { createFitControl, createScaleBar, type FitControl, type ScaleBar } from './controls/map-controls.js';
import { distanceSystem } from '../app/units.js';
import { createCursorReadout, type CursorReadout } from './controls/cursor-readout.js';
import { createObjectsLayer, type ObjectsLayer } from './layers/objects-layer.js';
import { createWorldLayer, WORLD_MAX_ZOOM, type WorldLayer } from './layers/world-layer.js';
import { HoverTooltip } from './hover-tooltip.js';
import { fitBoundsOf, fitBox, followPosition } from './map-fit.js';
import { basemapLayer, layerCovers } from './layers/basemaps.js';
import { createBasemapNotice, type BasemapNotice } from './layers/vector-tiles/basemap-notice.js';
import { basemapTheme, useBasemapStyleChoice } from './layers/vector-tiles/basemap-style-choice.js';
import type { VectorTileLayer } from './layers/vector-tiles/vector-tile-layer.js';
import { formatMapHash, parseMapHash } from './map-hash.js';
import type { DrawToolOptions } from './layers/draw-tool.js';
import type { FenceShape } from './layers/geofence-layer.js';
import { useDrawTool, useGeofenceLayer } from './use-geofence-map.js';
import { useMapTools } from './tools/use-map-tools.js';

export interface MapViewProps {
  /** The basemap drawn above the bundled world layer (null: the world layer alone). */
  baseLayer: TileLayer | null;
  /** Geofences drawn as outlined areas with their names. */
  geofences?: readonly FenceShape[];
  /** While given, clicks on the map draw a geofence (see draw-tool.ts). */
  draw?: DrawToolOptions | null;
}

const STYLES = {
  light: { outline: '#ffffff', selection: '#ff2d55', trail: '#334155', staleAlpha: 0.35 },
  dark: { outline: '#0b0f14', selection: '#ff5c7a', trail: '#cbd5e1', staleAlpha: 0.35 },
} as const;

function viewOf(map: L.Map): Bbox {
  const b = map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

const NO_FENCES: readonly FenceShape[] = [];

type Hover = { entry: LiveEntry; x: number; y: number; now: number } | null;

interface MountedMap {
  map: L.Map;
  objects: ObjectsLayer;
  world: WorldLayer;
  notice: BasemapNotice;
  readout: CursorReadout;
  scale: ScaleBar;
  fit: FitControl;
  remove(): void;
}

/** Keeps the view and `#map=zoom/lat/lon` in step, both ways; returns the function that stops it. */
function syncHash(map: L.Map): () => void {
  const write = () => {
    const c = map.getCenter();
    const hash = formatMapHash({ zoom: map.getZoom(), lat: c.lat, lon: c.lng }, location.hash);
    if (hash !== location.hash) history.replaceState(history.state, '', hash);
  };
  const read = () => {
    const v = parseMapHash(location.hash);
    if (v && !(v.zoom === map.getZoom() && map.getCenter().equals([v.lat, v.lon], 1e-6)))
      map.setView([v.lat, v.lon], v.zoom, { animate: false });
  };
  map.on('moveend', write);
  window.addEventListener('hashchange', read);
  return () => {
    map.off('moveend', write);
    window.removeEventListener('hashchange', read);
  };
}

/** The moment the map shows: now while live, else the replayed moment. */
function momentOf(shell: ShellStore): number {
  const { replay } = shell.getState();
  return replay.live ? Date.now() : replay.at;
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
  const start = parseMapHash(location.hash);
  map.setView(start ? [start.lat, start.lon] : [20, 0], start?.zoom ?? 2);
  const world = createWorldLayer(shell.getState().theme).addTo(map) as WorldLayer;
  const notice = createBasemapNotice();
  notice.addTo(map);
  const stopHash = syncHash(map);
  const objects = createObjectsLayer({
    store,
    staleAfter: () => shell.getState().staleAfter,
    now: () => momentOf(shell),
    style: () => STYLES[shell.getState().theme],
    colourBy: () => shell.getState().colourBy,
    onHover: (entry, point) => onHover(entry && point ? { entry, x: point.x, y: point.y, now: momentOf(shell) } : null),
    // While a map tool takes the clicks (measuring, placing rings), a click does not select.
    onSelect: (entry) => {
      if (!shell.getState().mapTool) shell.actions.select(entry ? entry.id : null, { show: true });
    },
  });
  objects.addTo(map);
  const scale = createScaleBar(map, distanceSystem(shell.getState().units));
  const readout = createCursorReadout(() => shell.getState().units.coords);
  readout.addTo(map);
  const fit = createFitControl(() => shell.actions.fitAll());
  fit.addTo(map);
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
    notice,
    readout,
    scale,
    fit,
    remove() {
      stopHash();
      resize.disconnect();
      map.off('moveend', onMoveEnd);
      map.remove();
    },
  };
}

/** The map component; it owns its Leaflet instance for its lifetime. */
/**
 * One tool takes the map's clicks at a time: drawing a geofence ends measuring or placing range
 * rings, and turning either of those on cancels the drawing (both used to take every click).
 */
function useOneClickTool(shell: ReturnType<typeof useShellStore>, draw: DrawToolOptions | null): void {
  const mapTool = useShell((s) => s.mapTool);
  const latestDraw = useRef(draw);
  useEffect(() => {
    latestDraw.current = draw;
  }, [draw]);
  const drawing = draw !== null;
  useEffect(() => {
    if (drawing && shell.getState().mapTool !== null) shell.actions.endMapTool();
  }, [drawing, shell]);
  useEffect(() => {
    if (mapTool !== null) latestDraw.current?.onCancel();
  }, [mapTool]);
}

export function MapView({ baseLayer, geofences = NO_FENCES, draw = null }: MapViewProps) {
  const el = useRef<HTMLDivElement>(null);
  const mounted = useRef<MountedMap | null>(null);
  const shell = useShellStore();
  const store = useLiveObjects();
  const theme = useShell((s) => s.theme);
  const selectedId = useShell((s) => s.selectedId);
  const staleAfter = useShell((s) => s.staleAfter);
  const units = useShell((s) => s.units);
  const basemapStyle = basemapTheme(useBasemapStyleChoice(), theme);
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
  const colourBy = useShell((s) => s.colourBy);
  useEffect(() => mounted.current?.objects.redraw(), [colourBy]);
  // A changed stale threshold dims or brightens objects at once, not at the next update.
  useEffect(() => mounted.current?.objects.redraw(), [staleAfter]);

  useEffect(() => mounted.current?.objects.setSelected(selectedId), [selectedId]);

  useEffect(() => mounted.current?.readout.refresh(), [units.coords]);
  // Feet or mph chosen: the scale bar says feet and miles.
  const system = distanceSystem(units);
  useEffect(() => mounted.current?.scale.setSystem(system), [system]);

  useBaseLayer(mounted, baseLayer, basemapStyle);
  useMapCommands(mounted, store);
  useFollow(mounted, store);
  useTrack(mounted);
  useGeofenceLayer(mounted, geofences);
  useDrawTool(mounted, draw);
  useMapTools(mounted, store);
  useOneClickTool(shell, draw);

  return (
    <div className="map-wrap">
      <div ref={el} className="map" data-testid="map" />
      {hover && (
        <HoverTooltip
          entry={hover.entry}
          x={hover.x}
          y={hover.y}
          now={hover.now}
          staleAfter={staleAfter}
          units={units}
        />
      )}
    </div>
  );
}

type MapRef = RefObject<MountedMap | null>;

/**
 * The chosen basemap (online source through its cache, a raster MBTiles file, or a vector basemap)
 * above the world layer; failed tiles and views it does not cover past the world layer's last zoom
 * are said on the map.
 */
function useBaseLayer(mounted: MapRef, layer: TileLayer | null, theme: 'light' | 'dark'): void {
  const baseKey = layer ? JSON.stringify(layer) : '';
  const tilesRef = useRef<L.GridLayer | null>(null);
  useEffect(() => {
    const m = mounted.current;
    if (!m) return;
    const { map, notice } = m;
    map.getContainer().dataset.baseLayer = layer?.id ?? 'world';
    const coverage = () => {
      const noDetail = map.getZoom() > WORLD_MAX_ZOOM && !layerCovers(layer, map.getCenter(), map.getZoom());
      map.getContainer().dataset.basemapDetail = noDetail ? 'none' : 'shown';
      notice.setNoDetail(noDetail);
    };
    notice.resetFailures();
    coverage();
    map.on('moveend', coverage);
    const tiles = layer ? basemapLayer(layer, theme) : null;
    tiles
      ?.on('loading', () => notice.resetFailures())
      .on('tileerror', () => notice.tileFailed(layer!.name))
      .addTo(map);
    tilesRef.current = tiles;
    return () => {
      map.off('moveend', coverage);
      tiles?.remove();
      tilesRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- baseKey stands for the layer's content; theme is applied below
  }, [baseKey]);
  useEffect(() => {
    if (layer?.kind === 'vector') (tilesRef.current as VectorTileLayer | null)?.setTheme(theme);
  }, [layer?.kind, theme]);
}

/**
 * The shell's one-shot commands: zoom to fit (what the filter selects in the store, or one source's
 * objects; while replaying, the objects drawn at that moment), centre one object (zoom 10 at
 * least), fly to a place (zoom 10 at least).
 */
function useMapCommands(mounted: MapRef, store: LiveObjects): void {
  const { client } = useApp();
  const shell = useShellStore();
  useShellCommand('fit', ({ sourceId }) => {
    const m = mounted.current;
    if (!m) return;
    const { map, fit } = m;
    // What a fit could not do is said beside the fit button (⤢), not in a notice.
    fit.say(null);
    const state = shell.getState();
    if (!sourceId && !state.replay.live) {
      if (!fitBoundsOf(map, store)) fit.say('Nothing to fit: no object is drawn at this moment.');
      return;
    }
    const filter = sourceId ? { source_ids: [sourceId] } : toObjectFilter(state.filter);
    client.call('objects.extent', { filter }).then(
      ({ bbox }) => {
        if (mounted.current?.map !== map) return;
        if (bbox) fitBox(map, bbox);
        else fit.say(sourceId ? 'This source has no objects yet.' : 'Nothing to fit: no object matches the filter.');
      },
      (err: unknown) => fit.say(`Zoom to fit failed: ${errorMessage(err)}`, 'error'),
    );
  });
  useShellCommand('panTo', ({ id }) => {
    const map = mounted.current?.map;
    const pos = followPosition(store, id);
    if (map && pos) map.setView(pos, Math.max(map.getZoom(), 10));
  });
  useShellCommand('flyTo', ({ lon, lat }) => {
    const map = mounted.current?.map;
    map?.flyTo([lat, lon], Math.max(map.getZoom(), 10), { duration: 0.6 });
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

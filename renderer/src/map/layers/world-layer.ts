/**
 * The bundled offline basemap: land, coastlines and country borders from `world-atlas`
 * (Natural Earth, via topojson-client), drawn as Leaflet vector layers on a canvas renderer.
 * Two levels of detail: 1:110m below zoom 3 (bundled in the main chunk) and 1:50m from zoom 3
 * (a separate chunk loaded on first use). No tiles and no network. Past `WORLD_MAX_ZOOM` it is not
 * drawn: its coastline would be wrong by more than the map can pretend (see `WORLD_MAX_ZOOM`).
 */
import L from 'leaflet';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json';
import { splitLines, unwrapPolygons } from './antimeridian.js';

export interface WorldPalette {
  land: string;
  border: string;
  coast: string;
}

export const WORLD_PALETTES: Record<'light' | 'dark', WorldPalette> = {
  light: { land: '#f4f1e8', border: '#b9ae9a', coast: '#7d95ad' },
  dark: { land: '#2a2f36', border: '#4f5864', coast: '#5d7a96' },
};

/** Zoom from which the 1:50m detail is shown. */
export const DETAIL_ZOOM = 3;

/**
 * The deepest zoom the world layer is drawn at. Measured against OpenStreetMap's coastline of Monaco
 * (666 points of the 2026-03-10 extract): the 1:50m coastline is off by 1.3 km (median) to 2.1 km
 * (max), i.e. 6–9 px at z9, 12–19 px at z10 and 23–37 px at z11. Up to z10 it still reads as the
 * coast; from z11 it would draw land as sea and sea as land at street scale.
 */
export const WORLD_MAX_ZOOM = 10;

type WorldTopology = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

interface DetailLayers {
  land: L.GeoJSON;
  borders: L.GeoJSON;
  coast: L.GeoJSON;
}

function buildLayers(topo: WorldTopology, renderer: L.Renderer, palette: WorldPalette, pane: string): DetailLayers {
  const common = { renderer, pane, interactive: false } as const;
  const landShapes = feature(topo, topo.objects.land).features.flatMap((f) =>
    f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon' ? [unwrapPolygons(f.geometry)] : [],
  );
  const land = L.geoJSON(landShapes, {
    ...common,
    style: { stroke: false, fill: true, fillColor: palette.land, fillOpacity: 1 },
  });
  const borders = L.geoJSON(splitLines(mesh(topo, topo.objects.countries, (a, b) => a !== b)), {
    ...common,
    style: { color: palette.border, weight: 0.8, fill: false },
  });
  const coast = L.geoJSON(splitLines(mesh(topo, topo.objects.land)), {
    ...common,
    style: { color: palette.coast, weight: 1, fill: false },
  });
  return { land, borders, coast };
}

function applyPalette(d: DetailLayers, p: WorldPalette): void {
  d.land.setStyle({ fillColor: p.land });
  d.borders.setStyle({ color: p.border });
  d.coast.setStyle({ color: p.coast });
}

/** Creates the world basemap layer group; `setTheme` recolours it. */
export function createWorldLayer(initialTheme: 'light' | 'dark' = 'light') {
  const pane = 'worldPane';
  let palette = WORLD_PALETTES[initialTheme];
  let map: L.Map | null = null;
  let renderer: L.Renderer | null = null;
  let coarse: DetailLayers | null = null;
  let detail: DetailLayers | null = null;
  let detailLoading: Promise<void> | null = null;
  const group = L.layerGroup();

  function show(d: DetailLayers): void {
    group.clearLayers();
    group.addLayer(d.land).addLayer(d.borders).addLayer(d.coast);
  }

  function loadDetail(): Promise<void> {
    detailLoading ??= import('world-atlas/countries-50m.json').then((mod) => {
      if (!renderer) return;
      detail = buildLayers((mod.default ?? mod) as unknown as WorldTopology, renderer, palette, pane);
    });
    return detailLoading;
  }

  function update(): void {
    if (!map || !coarse) return;
    const hidden = map.getZoom() > WORLD_MAX_ZOOM;
    map.getContainer().dataset.world = hidden ? 'hidden' : 'shown';
    if (hidden) {
      group.clearLayers();
      return;
    }
    if (map.getZoom() < DETAIL_ZOOM) {
      show(coarse);
      return;
    }
    if (detail) show(detail);
    else {
      show(coarse);
      void loadDetail().then(() => {
        if (map && detail && map.getZoom() >= DETAIL_ZOOM && map.getZoom() <= WORLD_MAX_ZOOM) show(detail);
      });
    }
  }

  const Layer = L.Layer.extend({
    onAdd(this: L.Layer, m: L.Map) {
      map = m;
      if (!m.getPane(pane)) {
        const el = m.createPane(pane);
        el.style.zIndex = '150';
      }
      renderer ??= L.canvas({ pane, padding: 0.5 });
      coarse ??= buildLayers(countries110m as unknown as WorldTopology, renderer, palette, pane);
      group.addTo(m);
      m.on('zoomend', update);
      update();
      return this;
    },
    onRemove(this: L.Layer, m: L.Map) {
      m.off('zoomend', update);
      delete m.getContainer().dataset.world;
      group.remove();
      map = null;
      return this;
    },
  });
  const layer = new Layer() as L.Layer;
  return Object.assign(layer, {
    setTheme(theme: 'light' | 'dark') {
      palette = WORLD_PALETTES[theme];
      if (coarse) applyPalette(coarse, palette);
      if (detail) applyPalette(detail, palette);
    },
    /** Which level of detail is showing ("110m" or "50m"), for tests and the layer switcher. */
    detailLevel: () => (map && detail && map.getZoom() >= DETAIL_ZOOM ? '50m' : '110m'),
    whenDetailLoaded: loadDetail,
  });
}

export type WorldLayer = ReturnType<typeof createWorldLayer>;

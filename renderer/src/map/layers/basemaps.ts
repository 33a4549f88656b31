/**
 * Basemap choices: the bundled world layer (always there, the default) plus every layer main offers
 * (`tiles.layers`: the online source through its cache, opened raster MBTiles files, vector
 * basemaps), shown by the basemap switcher (features/offline). Tiles always come from main, never
 * straight from the network; they draw above the world layer, which shows wherever a layer has no
 * tile (up to the zoom where its coastline still holds).
 */
import L from 'leaflet';
import type { TileLayer } from '../../../../electron/contract/methods/tiles.js';
import { appToken } from '../../app/app-token.js';
import { formatBytes } from '../../app/format.js';
import { MAX_DRAW_ZOOM, VectorTileLayer } from './vector-tiles/vector-tile-layer.js';
import type { BasemapTheme } from './vector-tiles/vector-style.js';

/**
 * Where main serves a layer's tiles: the `tiles://` protocol inside Electron (the preload exposes
 * `window.tracker`), the headless twin's same-origin `/tiles/…` route (with the app token) otherwise.
 */
export function tileUrlTemplate(layerId: string, win: Window = window): string {
  const id = encodeURIComponent(layerId);
  if ((win as Window & { tracker?: unknown }).tracker) return `tiles://${id}/{z}/{x}/{y}`;
  const token = appToken(win);
  return `./tiles/${id}/{z}/{x}/{y}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** A Leaflet layer for one raster layer main offers. */
export function rasterLayer(layer: TileLayer): L.TileLayer {
  const options: L.TileLayerOptions = {
    attribution: layer.attribution,
    minZoom: 0,
    maxZoom: 19,
    maxNativeZoom: layer.max_zoom,
    minNativeZoom: layer.min_zoom,
  };
  if (layer.bounds)
    options.bounds = L.latLngBounds([layer.bounds[1], layer.bounds[0]], [layer.bounds[3], layer.bounds[2]]);
  return L.tileLayer(tileUrlTemplate(layer.id), options);
}

/** The Leaflet layer for a basemap main offers: canvas-drawn vector tiles or raster tiles. */
export function basemapLayer(layer: TileLayer, theme: BasemapTheme): L.GridLayer {
  return layer.kind === 'vector' ? new VectorTileLayer(layer, tileUrlTemplate(layer.id), theme) : rasterLayer(layer);
}

/** How the layer switcher names a layer. */
export function layerLabel(layer: TileLayer): string {
  if (layer.kind === 'world') return 'World (bundled, offline)';
  if (layer.kind === 'vector') return `${layer.name} (vector${layer.vector_schema ? `, ${layer.vector_schema}` : ''})`;
  return `${layer.name} (${layer.kind === 'online' ? 'online, cached' : `MBTiles, ${layer.format ?? 'raster'}`})`;
}

const deg = (v: number) => v.toFixed(3);

/**
 * What a layer covers, in one line: area (bbox in degrees, or the whole world), zooms (with the
 * over-zoom a vector basemap adds), size on disk, and whether it works without a network.
 */
export function layerCoverage(layer: TileLayer): string {
  const b = layer.bounds;
  const world = !b || (b[0] <= -179.9 && b[2] >= 179.9);
  const area = world ? 'whole world' : `${deg(b[1])}, ${deg(b[0])} to ${deg(b[3])}, ${deg(b[2])}`;
  const drawnTo = layer.kind === 'vector' && layer.max_zoom < MAX_DRAW_ZOOM ? ` (drawn to ${MAX_DRAW_ZOOM})` : '';
  const parts = [area, `zoom ${layer.min_zoom}–${layer.max_zoom}${drawnTo}`];
  if (layer.size_bytes !== null && layer.size_bytes !== undefined) parts.push(formatBytes(layer.size_bytes));
  parts.push(layer.offline ? 'works offline' : 'needs the network (cached tiles work offline)');
  return parts.join(' · ');
}

/** True when the layer has detail at this place and zoom (inside its bounds, from its min zoom). */
export function layerCovers(layer: TileLayer | null, center: L.LatLng, zoom: number): boolean {
  if (!layer || zoom < layer.min_zoom) return false;
  const maxZoom = layer.kind === 'vector' ? Math.max(layer.max_zoom, MAX_DRAW_ZOOM + 1) : 19;
  if (zoom > maxZoom) return false;
  const b = layer.bounds;
  return !b || (center.lng >= b[0] && center.lng <= b[2] && center.lat >= b[1] && center.lat <= b[3]);
}

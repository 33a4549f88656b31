/**
 * Basemap choices: the bundled world layer (always there, the default) plus every raster layer
 * main offers (`tiles.layers`: the online source through its cache, opened MBTiles files), shown
 * by the basemap switcher (features/offline). Raster tiles always come from main, never straight from
 * the network; they draw above the world layer, which shows wherever a raster layer has no tile.
 */
import L from 'leaflet';
import type { TileLayer } from '../../../../electron/contract/methods/tiles.js';
import { appToken } from '../../app/app-token.js';

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

/** How the layer switcher names a layer. */
export function layerLabel(layer: TileLayer): string {
  if (layer.kind === 'world') return 'World (bundled, offline)';
  return `${layer.name} (${layer.kind === 'online' ? 'online, cached' : `MBTiles, ${layer.format ?? 'raster'}`})`;
}

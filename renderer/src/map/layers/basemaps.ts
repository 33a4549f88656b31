/**
 * Basemap choices: the bundled world layer (always there, the default) plus every raster layer
 * main offers (`tiles.layers`: the online source through its cache, opened MBTiles files), shown
 * in Leaflet's layer switcher. Raster tiles always come from main, never straight from the network.
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

/** Base layers for the switcher: the world layer first, then every raster layer. */
export function baseLayers(world: L.Layer, layers: TileLayer[]): Record<string, L.Layer> {
  const out: Record<string, L.Layer> = { 'World (bundled, offline)': world };
  for (const l of layers)
    if (l.kind !== 'world') out[`${l.name} (${l.kind === 'online' ? 'online, cached' : 'MBTiles'})`] = rasterLayer(l);
  return out;
}

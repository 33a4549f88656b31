/**
 * A Leaflet grid layer that draws a vector basemap (Mapbox Vector Tiles served by main) on canvas
 * tiles, HiDPI aware. Past the basemap's `max_zoom` it over-zooms up to z18: the parent tile's part
 * is drawn scaled, with lines and labels at the real zoom's sizes. Decoded tiles are kept in a small
 * LRU, so the children of one parent decode it once. Each draw is recorded as a
 * `basemap-tile-draw` performance measure, which is how its time per tile is measured.
 */
import L from 'leaflet';
import type { TileLayer } from '../../../../../electron/contract/methods/tiles.js';
import { loadTile, type DecodedTile } from './decode-tile.js';
import { drawLabels } from './draw-labels.js';
import { drawTileGeometry, type TileTransform } from './draw-tile.js';
import { PALETTES, type BasemapTheme } from './vector-style.js';

/** The deepest zoom drawn from the data; Leaflet scales z18 tiles for z19. */
export const MAX_DRAW_ZOOM = 18;
const TILE_SIZE = 256;
const CACHE_SIZE = 64;
const DRAW_MEASURE = 'basemap-tile-draw';

/** The source tile a displayed tile is drawn from, and how it maps onto the canvas. */
export function sourceTileOf(
  coords: { x: number; y: number; z: number },
  maxZoom: number,
  extent: number,
): { z: number; x: number; y: number; transform: TileTransform } {
  const dz = Math.max(0, coords.z - maxZoom);
  const f = 2 ** dz;
  const x = Math.floor(coords.x / f);
  const y = Math.floor(coords.y / f);
  return {
    z: coords.z - dz,
    x,
    y,
    transform: {
      scale: (TILE_SIZE / extent) * f,
      dx: (coords.x - x * f) * TILE_SIZE,
      dy: (coords.y - y * f) * TILE_SIZE,
      size: TILE_SIZE,
    },
  };
}

/** A vector basemap layer; `setTheme` redraws it in the light or dark style. */
export class VectorTileLayer extends L.GridLayer {
  private readonly cache = new Map<string, Promise<DecodedTile | null>>();
  private theme: BasemapTheme;
  private readonly source: TileLayer;
  private readonly template: string;

  constructor(source: TileLayer, template: string, theme: BasemapTheme) {
    const options: L.GridLayerOptions = {
      tileSize: TILE_SIZE,
      minZoom: source.min_zoom,
      maxZoom: 19,
      maxNativeZoom: MAX_DRAW_ZOOM,
      attribution: source.attribution,
      updateWhenZooming: false,
      keepBuffer: 1,
    };
    if (source.bounds) {
      const [w, s, e, n] = source.bounds;
      options.bounds = L.latLngBounds([s, w], [n, e]);
    }
    super(options);
    this.source = source;
    this.template = template;
    this.theme = theme;
  }

  setTheme(theme: BasemapTheme): void {
    if (theme === this.theme) return;
    this.theme = theme;
    this.redraw();
  }

  private decoded(z: number, x: number, y: number): Promise<DecodedTile | null> {
    const key = `${z}/${x}/${y}`;
    let tile = this.cache.get(key);
    if (tile) this.cache.delete(key);
    else {
      tile = loadTile(L.Util.template(this.template, { z, x, y }), this.source.vector_schema ?? 'openmaptiles');
      // A failed load is not kept, so the tile is asked for again on the next view.
      tile.catch(() => this.cache.delete(key));
    }
    this.cache.set(key, tile);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return tile;
  }

  private async render(canvas: HTMLCanvasElement, coords: L.Coords): Promise<void> {
    const maxZoom = Math.min(this.source.max_zoom, MAX_DRAW_ZOOM);
    const probe = sourceTileOf(coords, maxZoom, 4096);
    const tile = await this.decoded(probe.z, probe.x, probe.y);
    if (!tile) return;
    const { transform } = sourceTileOf(coords, maxZoom, tile.extent);
    const dpr = window.devicePixelRatio || 1;
    canvas.width = TILE_SIZE * dpr;
    canvas.height = TILE_SIZE * dpr;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const start = performance.now();
    ctx.scale(dpr, dpr);
    const palette = PALETTES[this.theme];
    drawTileGeometry(ctx, tile, transform, coords.z, palette, this.source.vector_schema === 'protomaps');
    drawLabels(ctx, tile, transform, coords.z, palette);
    performance.measure(DRAW_MEASURE, { start, end: performance.now() });
    if (performance.getEntriesByName(DRAW_MEASURE).length > 2000) performance.clearMeasures(DRAW_MEASURE);
  }

  override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    canvas.style.width = canvas.style.height = `${TILE_SIZE}px`;
    this.render(canvas, coords).then(
      () => done(undefined, canvas),
      (err: unknown) => done(err instanceof Error ? err : new Error(String(err)), canvas),
    );
    return canvas;
  }
}

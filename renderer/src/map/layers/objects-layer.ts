/**
 * The live objects layer: two canvases over the map draw every object (static OSM objects styled by
 * their tags; tracked ones as symbols per kind rotated by heading, ways and areas in the kind's
 * colour, short trails, stale ones dimmed). It redraws at most once per animation frame and answers
 * hit tests for hover and click.
 */
import { staleClockByKind, type StaleThresholds } from '../../state/staleness.js';
import L from 'leaflet';
import type { LiveEntry, LiveObjects } from '../../state/live-objects.js';
import { drawObjects, type DrawStyle } from './draw-objects.js';
import { hitTest } from './hit-test.js';
import { createPixelFrame, type PixelFrame } from './sprite-blitter.js';
import { createDotAtlas, createSymbolAtlas, type SymbolAtlas } from './symbols.js';
import { createPoiAtlas, type PoiAtlas } from './osm-style/poi-atlas.js';
import { viewTransform } from './view-transform.js';
import { colourIndex, RAMP, type ColourBy } from './colour-by.js';

export interface ObjectsLayerOptions {
  store: LiveObjects;
  /** Tracked objects with no update for their kind's threshold are drawn dimmed (static ones never are). */
  staleAfter: () => StaleThresholds;
  /** The moment drawn (epoch ms): now while live, the replayed moment otherwise. Default: now. */
  now?: () => number;
  style: () => DrawStyle;
  /** What colours tracked symbols: their kind (default), or their altitude or speed on a ramp. */
  colourBy?: () => ColourBy;
  onHover(entry: LiveEntry | null, point: L.Point | null): void;
  onSelect(entry: LiveEntry | null): void;
}

/** Creates the layer; add it to a map with `layer.addTo(map)`. */
export function createObjectsLayer(options: ObjectsLayerOptions) {
  let map: L.Map | null = null;
  let canvas: HTMLCanvasElement | null = null;
  let upper: HTMLCanvasElement | null = null;
  let frameBuffer: PixelFrame | null = null;
  const atlases = new Map<string, SymbolAtlas>();
  const poiAtlases = new Map<string, PoiAtlas>();
  let frame = 0;
  let selectedId: string | null = null;
  let unsubscribe: (() => void) | null = null;
  let lastDrawMs = 0;
  /** Where the pointer is over the map, and the object the tooltip shows (null: none). */
  let pointer: L.Point | null = null;
  let hovered: LiveEntry | null = null;

  function hover(hit: LiveEntry | null, at: L.Point | null): void {
    hovered = hit;
    if (map) map.getContainer().style.cursor = hit ? 'pointer' : '';
    options.onHover(hit, hit ? at : null);
  }

  /**
   * After a draw, the tooltip follows what is under a pointer that did not move: the object moved
   * away, the map panned or zoomed under it, or it was removed (the tooltip used to stay up).
   */
  function recheckHover(): void {
    if (!map || !pointer || !hovered) return;
    const hit = hitTest(options.store.all(), viewTransform(map), pointer.x, pointer.y, 10);
    if (hit !== hovered) hover(hit, pointer);
  }

  function resize(): void {
    if (!map || !canvas || !upper) return;
    const size = map.getSize();
    const dpr = window.devicePixelRatio || 1;
    for (const c of [canvas, upper]) {
      c.width = Math.max(1, Math.round(size.x * dpr));
      c.height = Math.max(1, Math.round(size.y * dpr));
      c.style.width = `${size.x}px`;
      c.style.height = `${size.y}px`;
    }
    frameBuffer = typeof ImageData === 'undefined' ? null : createPixelFrame(canvas.width, canvas.height);
  }

  function draw(): void {
    frame = 0;
    if (!map || !canvas || !upper || !frameBuffer) return;
    const ctx = canvas.getContext('2d');
    const top = upper.getContext('2d');
    if (!ctx || !top) return;
    const dpr = window.devicePixelRatio || 1;
    const style = options.style();
    const mode = options.colourBy?.() ?? 'kind';
    const palette = mode === 'kind' ? undefined : RAMP;
    const t0 = performance.now();
    drawObjects(ctx, top, frameBuffer, options.store.all(), {
      view: viewTransform(map),
      dpr,
      atlasFor(size) {
        const key = `${dpr}|${style.outline}|${size}|${mode === 'kind' ? 'kind' : 'ramp'}`;
        let atlas = atlases.get(key);
        if (!atlas) {
          atlas = createSymbolAtlas(dpr, style.outline, size, style.staleAlpha, palette);
          atlases.set(key, atlas);
        }
        return atlas;
      },
      dotAtlas() {
        const key = `${dpr}|dots|${style.staleAlpha}|${mode === 'kind' ? 'kind' : 'ramp'}`;
        let atlas = atlases.get(key);
        if (!atlas) {
          atlas = createDotAtlas(dpr, style.staleAlpha, undefined, palette);
          atlases.set(key, atlas);
        }
        return atlas;
      },
      poiAtlasFor(size) {
        const key = `${dpr}|${style.outline}|${size}`;
        let atlas = poiAtlases.get(key);
        if (!atlas) {
          atlas = createPoiAtlas(dpr, style.outline, size);
          poiAtlases.set(key, atlas);
        }
        return atlas;
      },
      style,
      selected: selectedId ? (options.store.get(selectedId) ?? null) : null,
      clock: staleClockByKind(options.now?.() ?? Date.now(), options.staleAfter()),
      ...(mode === 'kind' ? {} : { colourOf: (e: LiveEntry) => colourIndex(mode, e.obj.tags) }),
    });
    lastDrawMs = performance.now() - t0;
    recheckHover();
  }

  function requestDraw(): void {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  function entryAt(e: L.LeafletMouseEvent): LiveEntry | null {
    if (!map) return null;
    return hitTest(options.store.all(), viewTransform(map), e.containerPoint.x, e.containerPoint.y, 10);
  }

  const handlers = {
    move: requestDraw,
    zoomend: () => {
      for (const c of [canvas, upper]) if (c) c.style.visibility = 'visible';
      requestDraw();
    },
    zoomstart: () => {
      // The canvas is not transformed with the map panes, so hide it while Leaflet animates a zoom.
      for (const c of [canvas, upper]) if (c) c.style.visibility = 'hidden';
    },
    resize: () => {
      resize();
      requestDraw();
    },
    mousemove: (e: L.LeafletMouseEvent) => {
      pointer = e.containerPoint;
      hover(entryAt(e), e.containerPoint);
    },
    mouseout: () => {
      pointer = null;
      hover(null, null);
    },
    click: (e: L.LeafletMouseEvent) => options.onSelect(entryAt(e)),
  };

  const Layer = L.Layer.extend({
    onAdd(this: L.Layer, m: L.Map) {
      map = m;
      canvas = L.DomUtil.create('canvas', 'objects-canvas') as HTMLCanvasElement;
      upper = L.DomUtil.create('canvas', 'objects-canvas') as HTMLCanvasElement;
      upper.setAttribute('data-testid', 'objects-canvas');
      m.getContainer().append(canvas, upper);
      resize();
      m.on(handlers);
      unsubscribe = options.store.subscribe(() => {
        // Store changes are already flushed inside an animation frame: draw in the same frame.
        if (frame) cancelAnimationFrame(frame);
        draw();
      });
      requestDraw();
      return this;
    },
    onRemove(this: L.Layer, m: L.Map) {
      m.off(handlers);
      unsubscribe?.();
      unsubscribe = null;
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      canvas?.remove();
      upper?.remove();
      canvas = null;
      upper = null;
      frameBuffer = null;
      map = null;
      return this;
    },
  });
  const layer = new Layer() as L.Layer;
  return Object.assign(layer, {
    /** Marks an object as selected (drawn with a ring). */
    setSelected(id: string | null) {
      selectedId = id;
      requestDraw();
    },
    redraw: requestDraw,
    /** Milliseconds the last frame's drawing took (for the benchmark and diagnostics). */
    lastDrawMs: () => lastDrawMs,
  });
}

export type ObjectsLayer = ReturnType<typeof createObjectsLayer>;

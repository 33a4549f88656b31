/**
 * Draws one frame of live objects on two stacked canvases. The lower one gets static OSM areas and
 * lines styled by their tags (osm-style/), then tracked objects' ways and trails (canvas paths); the
 * upper one gets every symbol (tracked kinds rotated by heading, stale ones dimmed; POIs by category)
 * blitted into one pixel buffer, put once, then names at street level and the selection on top.
 */
import type { LiveEntry } from '../../state/live-objects.js';
import { isStale, type StaleClock } from '../../state/staleness.js';
import type { ViewTransform } from './view-transform.js';
import { blit, type PixelFrame } from './sprite-blitter.js';
import { KIND_COLORS, SYMBOL_SIZE, symbolKind, type SymbolAtlas } from './symbols.js';
import {
  addStaticPath,
  beginStaticFrame,
  drawStaticLabels,
  drawStaticPaths,
  isOnScreen,
  zoomOf,
} from './osm-style/draw-osm.js';
import { staticLook } from './osm-style/look-cache.js';
import type { PoiAtlas } from './osm-style/poi-atlas.js';

export interface DrawStyle {
  outline: string;
  selection: string;
  trail: string;
  staleAlpha: number;
}

export interface DrawOptions {
  view: ViewTransform;
  dpr: number;
  /** The symbol atlas for a symbol size in CSS pixels. */
  atlasFor(size: number): SymbolAtlas;
  /** The dot atlas used when very many objects are on screen. */
  dotAtlas(): SymbolAtlas;
  /** The POI atlas for a symbol size in CSS pixels. */
  poiAtlasFor(size: number): PoiAtlas;
  style: DrawStyle;
  /** The selected object (drawn with a ring, or its way outlined), if it is in the store. */
  selected: LiveEntry | null;
  /** This frame's moment and the stale window (electron/contract/staleness.ts). */
  clock: StaleClock;
  /** The palette colour of a tracked symbol when the atlases carry a palette (colour-by.ts). */
  colourOf?: (e: LiveEntry) => number;
}

const MARGIN = SYMBOL_SIZE;

function tracePaths(ctx: CanvasRenderingContext2D, e: LiveEntry, v: ViewTransform): boolean {
  let closed = false;
  for (const path of e.paths!) {
    const c = path.coords;
    for (let i = 0; i < c.length; i += 2) {
      const x = c[i]! * v.scale + v.ox;
      const y = c[i + 1]! * v.scale + v.oy;
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    if (path.closed) {
      ctx.closePath();
      closed = true;
    }
  }
  return closed;
}

/** A tracked object's way or area in its kind's colour (a ferry route, a geofence). */
function drawTrackedPaths(
  ctx: CanvasRenderingContext2D,
  e: LiveEntry,
  v: ViewTransform,
  stale: boolean,
  alpha: number,
): void {
  const color = KIND_COLORS[symbolKind(e.kind)];
  ctx.globalAlpha = stale ? alpha : 1;
  ctx.beginPath();
  if (tracePaths(ctx, e, v)) {
    ctx.fillStyle = color;
    ctx.globalAlpha *= 0.18;
    ctx.fill('evenodd');
    ctx.globalAlpha = stale ? alpha : 1;
  }
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.globalAlpha = 1;
}

function clear(ctx: CanvasRenderingContext2D, dpr: number): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
}

// Reused between frames so a frame allocates nothing per object.
let visible: LiveEntry[] = [];
let trackedWays: LiveEntry[] = [];
let xy = new Float64Array(2 * 1024);

/** How objects are drawn for a number of them on screen: full symbols, small symbols or dots. */
export function levelOfDetail(onScreen: number): { symbolSize: number | null; trails: boolean } {
  if (onScreen <= 5_000) return { symbolSize: SYMBOL_SIZE, trails: true };
  if (onScreen <= 20_000) return { symbolSize: 14, trails: false };
  return { symbolSize: null, trails: false };
}

/** POI symbol size in CSS pixels: small below street level, never larger than the tracked symbols. */
export function poiSize(zoom: number, symbolSize: number | null): number {
  if (symbolSize === null || zoom < 14) return 6;
  return Math.min(symbolSize, zoom >= 17 ? 16 : zoom >= 16 ? 13 : 9);
}

function pushVisible(e: LiveEntry, x: number, y: number): void {
  const n = visible.length;
  if (2 * n + 2 > xy.length) {
    const grown = new Float64Array(xy.length * 2);
    grown.set(xy);
    xy = grown;
  }
  xy[2 * n] = x;
  xy[2 * n + 1] = y;
  visible.push(e);
}

/** Sorts entries into static paths (queued by look), tracked ways and visible points. */
function collect(entries: Iterable<LiveEntry>, v: ViewTransform): void {
  beginStaticFrame();
  visible.length = 0;
  trackedWays.length = 0;
  for (const e of entries) {
    if (!e.tracked) {
      const s = staticLook(e);
      if (!isOnScreen(s, v, MARGIN)) continue;
      if (s.look.type === 'poi') pushVisible(e, e.x * v.scale + v.ox, e.y * v.scale + v.oy);
      else addStaticPath(e, s);
      continue;
    }
    if (!e.isPoint) {
      trackedWays.push(e);
      continue;
    }
    const x = e.x * v.scale + v.ox;
    const y = e.y * v.scale + v.oy;
    if (x < -MARGIN || y < -MARGIN || x > v.width + MARGIN || y > v.height + MARGIN) continue;
    pushVisible(e, x, y);
  }
}

/** Blits every visible point: tracked kinds (dimmed when stale) and POIs by category. */
function blitSymbols(frame: PixelFrame, o: DrawOptions, atlas: SymbolAtlas, poi: PoiAtlas): void {
  const { dpr } = o;
  for (let i = 0; i < visible.length; i++) {
    const e = visible[i]!;
    let sheet;
    let sx;
    let sy;
    let cell;
    if (e.tracked) {
      sheet = isStale(e, o.clock) ? atlas.staleSheet : atlas.sheet;
      [sx, sy] = atlas.cellOf(symbolKind(e.kind), e.heading, o.colourOf?.(e));
      cell = atlas.cell;
    } else {
      const look = staticLook(e).look;
      if (look.type !== 'poi') continue;
      sheet = poi.sheet;
      [sx, sy] = poi.cellOf(look.category);
      cell = poi.cell;
    }
    if (!sheet) continue;
    const half = cell / 2;
    blit(frame, sheet, sx, sy, cell, Math.round(xy[2 * i]! * dpr - half), Math.round(xy[2 * i + 1]! * dpr - half));
  }
}

/**
 * Draws every entry. The level of detail follows the number of objects on screen (not in the
 * store): symbols with trails, smaller symbols, then dots.
 */
export function drawObjects(
  lower: CanvasRenderingContext2D,
  upper: CanvasRenderingContext2D,
  frame: PixelFrame,
  entries: Iterable<LiveEntry>,
  o: DrawOptions,
): void {
  const { view: v, dpr, style } = o;
  clear(lower, dpr);
  frame.px.fill(0);
  collect(entries, v);
  drawStaticPaths(lower, v);
  for (const e of trackedWays) drawTrackedPaths(lower, e, v, isStale(e, o.clock), style.staleAlpha);
  const lod = levelOfDetail(visible.length);
  if (lod.trails) drawTrails(lower, v, style);
  const atlas = lod.symbolSize === null ? o.dotAtlas() : o.atlasFor(lod.symbolSize);
  const poiPx = poiSize(zoomOf(v), lod.symbolSize);
  blitSymbols(frame, o, atlas, o.poiAtlasFor(poiPx));
  upper.putImageData(frame.image, 0, 0);
  upper.setTransform(dpr, 0, 0, dpr, 0, 0);
  drawStaticLabels(upper, v, visible, xy, poiPx, { text: style.trail, halo: style.outline });
  drawSelection(upper, o, lod.symbolSize ?? 4);
  if (visible.length > 200_000) visible = [];
  if (trackedWays.length > 200_000) trackedWays = [];
}

/** A ring around the selected point, or its way or area outlined in the selection colour. */
function drawSelection(ctx: CanvasRenderingContext2D, o: DrawOptions, symbolSize: number): void {
  const e = o.selected;
  if (!e) return;
  ctx.strokeStyle = o.style.selection;
  ctx.lineWidth = 3;
  ctx.beginPath();
  if (e.paths) tracePaths(ctx, e, o.view);
  else {
    const i = visible.indexOf(e);
    if (i < 0) return;
    ctx.arc(xy[2 * i]!, xy[2 * i + 1]!, symbolSize / 2 + 5, 0, Math.PI * 2);
  }
  ctx.stroke();
}

/**
 * Every visible object's trail ending at its symbol, in one path. Positions closer than a pixel and
 * a half to the last one drawn are skipped, so minutes of 1 Hz positions cost little when zoomed out.
 */
function drawTrails(ctx: CanvasRenderingContext2D, v: ViewTransform, style: DrawStyle): void {
  const trails = new Path2D();
  for (let i = 0; i < visible.length; i++) {
    const t = visible[i]!.trail;
    if (t.length < 2) continue;
    let px = t[0]! * v.scale + v.ox;
    let py = t[1]! * v.scale + v.oy;
    trails.moveTo(px, py);
    for (let k = 2; k < t.length; k += 2) {
      const x = t[k]! * v.scale + v.ox;
      const y = t[k + 1]! * v.scale + v.oy;
      if (Math.abs(x - px) + Math.abs(y - py) < 1.5) continue;
      trails.lineTo(x, y);
      px = x;
      py = y;
    }
    trails.lineTo(xy[2 * i]!, xy[2 * i + 1]!);
  }
  ctx.globalAlpha = 0.55;
  ctx.strokeStyle = style.trail;
  ctx.lineWidth = 1.5;
  ctx.stroke(trails);
  ctx.globalAlpha = 1;
}

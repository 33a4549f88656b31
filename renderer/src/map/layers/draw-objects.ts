/**
 * Draws one frame of live objects on two stacked canvases: the lower one gets areas, lines and
 * trails (canvas paths); the upper one gets every symbol blitted into one pixel buffer (fresh at
 * full opacity, stale dimmed), put once, then the selection ring on top.
 */
import type { LiveEntry } from '../../state/live-objects.js';
import type { ViewTransform } from './view-transform.js';
import { blit, type PixelFrame } from './sprite-blitter.js';
import { KIND_COLORS, SYMBOL_SIZE, symbolKind, type SymbolAtlas } from './symbols.js';

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
  style: DrawStyle;
  selectedId: string | null;
  /** Epoch ms: objects observed before this are stale. */
  staleBefore: number;
}

const MARGIN = SYMBOL_SIZE;

function drawPaths(ctx: CanvasRenderingContext2D, e: LiveEntry, v: ViewTransform, stale: boolean, alpha: number): void {
  if (!e.paths) return;
  const color = KIND_COLORS[symbolKind(e.kind)];
  ctx.globalAlpha = stale ? alpha : 1;
  ctx.beginPath();
  let closed = false;
  for (const path of e.paths) {
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
  if (closed) {
    ctx.fillStyle = color;
    ctx.globalAlpha *= 0.18;
    ctx.fill('evenodd');
    ctx.globalAlpha = stale ? alpha : 1;
  }
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.stroke();
}

function clear(ctx: CanvasRenderingContext2D, dpr: number): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
}

// Reused between frames so a frame allocates nothing per object.
let visible: LiveEntry[] = [];
let xy = new Float64Array(2 * 1024);

/** How objects are drawn for a number of them on screen: full symbols, small symbols or dots. */
export function levelOfDetail(onScreen: number): { symbolSize: number | null; trails: boolean } {
  if (onScreen <= 5_000) return { symbolSize: SYMBOL_SIZE, trails: true };
  if (onScreen <= 20_000) return { symbolSize: 14, trails: false };
  return { symbolSize: null, trails: false };
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
  visible.length = 0;
  let selected: [number, number] | null = null;
  for (const e of entries) {
    if (!e.isPoint) {
      drawPaths(lower, e, v, e.observedMs < o.staleBefore, style.staleAlpha);
      continue;
    }
    const x = e.x * v.scale + v.ox;
    const y = e.y * v.scale + v.oy;
    if (x < -MARGIN || y < -MARGIN || x > v.width + MARGIN || y > v.height + MARGIN) continue;
    const n = visible.length;
    if (2 * n + 2 > xy.length) {
      const grown = new Float64Array(xy.length * 2);
      grown.set(xy);
      xy = grown;
    }
    xy[2 * n] = x;
    xy[2 * n + 1] = y;
    visible.push(e);
    if (e.id === o.selectedId) selected = [x, y];
  }
  const lod = levelOfDetail(visible.length);
  if (lod.trails) drawTrails(lower, v, style);
  const atlas = lod.symbolSize === null ? o.dotAtlas() : o.atlasFor(lod.symbolSize);
  const cell = atlas.cell;
  const cellHalf = cell / 2;
  for (let i = 0; i < visible.length; i++) {
    const e = visible[i]!;
    const sheet = e.observedMs < o.staleBefore ? atlas.staleSheet : atlas.sheet;
    if (!sheet) continue;
    const [sx, sy] = atlas.cellOf(symbolKind(e.kind), e.heading);
    blit(
      frame,
      sheet,
      sx,
      sy,
      cell,
      Math.round(xy[2 * i]! * dpr - cellHalf),
      Math.round(xy[2 * i + 1]! * dpr - cellHalf),
    );
  }
  upper.putImageData(frame.image, 0, 0);
  if (selected) {
    upper.setTransform(dpr, 0, 0, dpr, 0, 0);
    upper.beginPath();
    upper.arc(selected[0], selected[1], (lod.symbolSize ?? 4) / 2 + 5, 0, Math.PI * 2);
    upper.strokeStyle = style.selection;
    upper.lineWidth = 3;
    upper.stroke();
  }
  if (visible.length > 200_000) visible = [];
}

function drawTrails(ctx: CanvasRenderingContext2D, v: ViewTransform, style: DrawStyle): void {
  const trails = new Path2D();
  for (let i = 0; i < visible.length; i++) {
    const t = visible[i]!.trail;
    if (t.length < 2) continue;
    trails.moveTo(t[0]! * v.scale + v.ox, t[1]! * v.scale + v.oy);
    for (let k = 2; k < t.length; k += 2) trails.lineTo(t[k]! * v.scale + v.ox, t[k + 1]! * v.scale + v.oy);
    trails.lineTo(xy[2 * i]!, xy[2 * i + 1]!);
  }
  ctx.globalAlpha = 0.55;
  ctx.strokeStyle = style.trail;
  ctx.lineWidth = 1.5;
  ctx.stroke(trails);
  ctx.globalAlpha = 1;
}

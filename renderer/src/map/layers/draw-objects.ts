/**
 * Draws one frame of live objects on two stacked canvases: the lower one gets areas, lines and
 * trails (canvas paths); the upper one gets every symbol blitted into one pixel buffer (fresh at
 * full opacity, stale dimmed), put once, then the selection ring on top.
 */
import type { LiveEntry } from '../../state/live-objects.js';
import type { ViewTransform } from './objects-layer.js';
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
  style: DrawStyle;
  selectedId: string | null;
  /** Epoch ms: objects observed before this are stale. */
  staleBefore: number;
}

const MARGIN = SYMBOL_SIZE;

/** Symbol size in CSS pixels: smaller when many objects are drawn. */
export function symbolSizeFor(count: number): number {
  return count > 20_000 ? 12 : count > 5_000 ? 16 : SYMBOL_SIZE;
}

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

/** Draws every entry; `count` picks the symbol size (smaller when many objects are shown). */
export function drawObjects(
  lower: CanvasRenderingContext2D,
  upper: CanvasRenderingContext2D,
  frame: PixelFrame,
  entries: Iterable<LiveEntry>,
  count: number,
  o: DrawOptions,
): void {
  const { view: v, dpr, style } = o;
  clear(lower, dpr);
  const size = symbolSizeFor(count);
  const atlas = o.atlasFor(size);
  const cell = atlas.cell;
  const cellHalf = cell / 2;
  frame.px.fill(0);
  const trails = new Path2D();
  let selected: [number, number] | null = null;
  for (const e of entries) {
    const stale = e.observedMs < o.staleBefore;
    if (!e.isPoint) {
      drawPaths(lower, e, v, stale, style.staleAlpha);
      continue;
    }
    const x = e.x * v.scale + v.ox;
    const y = e.y * v.scale + v.oy;
    if (x < -MARGIN || y < -MARGIN || x > v.width + MARGIN || y > v.height + MARGIN) continue;
    if (e.id === o.selectedId) selected = [x, y];
    const t = e.trail;
    if (t.length >= 2) {
      trails.moveTo(t[0]! * v.scale + v.ox, t[1]! * v.scale + v.oy);
      for (let i = 2; i < t.length; i += 2) trails.lineTo(t[i]! * v.scale + v.ox, t[i + 1]! * v.scale + v.oy);
      trails.lineTo(x, y);
    }
    const sheet = stale ? atlas.staleSheet : atlas.sheet;
    if (!sheet) continue;
    const [sx, sy] = atlas.cellOf(symbolKind(e.kind), e.heading);
    blit(frame, sheet, sx, sy, cell, Math.round(x * dpr - cellHalf), Math.round(y * dpr - cellHalf));
  }
  lower.globalAlpha = 0.55;
  lower.strokeStyle = style.trail;
  lower.lineWidth = 1.5;
  lower.stroke(trails);
  lower.globalAlpha = 1;
  upper.putImageData(frame.image, 0, 0);
  if (selected) {
    upper.setTransform(dpr, 0, 0, dpr, 0, 0);
    upper.beginPath();
    upper.arc(selected[0], selected[1], size / 2 + 5, 0, Math.PI * 2);
    upper.strokeStyle = style.selection;
    upper.lineWidth = 3;
    upper.stroke();
  }
}

/**
 * Draws one frame of live objects onto a 2D canvas: areas and lines first, then trails, then
 * symbols from the sprite atlas (fresh at full opacity, stale dimmed), then the selection ring.
 */
import type { LiveEntry } from '../../state/live-objects.js';
import type { ViewTransform } from './objects-layer.js';
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
  atlas: SymbolAtlas;
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

/** Draws every entry; `count` picks the symbol size (smaller when many objects are shown). */
export function drawObjects(
  ctx: CanvasRenderingContext2D,
  entries: Iterable<LiveEntry>,
  count: number,
  o: DrawOptions,
): void {
  const { view: v, dpr, atlas, style } = o;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const size = count > 20_000 ? 12 : count > 5_000 ? 16 : SYMBOL_SIZE;
  const half = size / 2;
  const points: LiveEntry[] = [];
  const screen: number[] = [];
  const trails = new Path2D();
  let selected: [number, number] | null = null;
  for (const e of entries) {
    if (!e.isPoint) {
      drawPaths(ctx, e, v, e.observedMs < o.staleBefore, style.staleAlpha);
      continue;
    }
    const x = e.x * v.scale + v.ox;
    const y = e.y * v.scale + v.oy;
    if (x < -MARGIN || y < -MARGIN || x > v.width + MARGIN || y > v.height + MARGIN) continue;
    points.push(e);
    screen.push(x, y);
    if (e.id === o.selectedId) selected = [x, y];
    const t = e.trail;
    if (t.length >= 2) {
      trails.moveTo(t[0]! * v.scale + v.ox, t[1]! * v.scale + v.oy);
      for (let i = 2; i < t.length; i += 2) trails.lineTo(t[i]! * v.scale + v.ox, t[i + 1]! * v.scale + v.oy);
      trails.lineTo(x, y);
    }
  }
  ctx.globalAlpha = 0.55;
  ctx.strokeStyle = style.trail;
  ctx.lineWidth = 1.5;
  ctx.stroke(trails);
  const cell = atlas.cell;
  // Two passes keep globalAlpha changes to two per frame instead of one per object.
  for (const stalePass of [true, false]) {
    ctx.globalAlpha = stalePass ? style.staleAlpha : 1;
    for (let i = 0; i < points.length; i++) {
      const e = points[i]!;
      if (e.observedMs < o.staleBefore !== stalePass) continue;
      const [sx, sy] = atlas.cellOf(symbolKind(e.kind), e.heading);
      ctx.drawImage(atlas.canvas, sx, sy, cell, cell, screen[i * 2]! - half, screen[i * 2 + 1]! - half, size, size);
    }
  }
  ctx.globalAlpha = 1;
  if (selected) {
    ctx.beginPath();
    ctx.arc(selected[0], selected[1], half + 5, 0, Math.PI * 2);
    ctx.strokeStyle = style.selection;
    ctx.lineWidth = 3;
    ctx.stroke();
  }
}

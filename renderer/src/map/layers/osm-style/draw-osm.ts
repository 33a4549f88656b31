/**
 * Draws static OSM areas and lines batched by look: one path per look and frame, areas first, lines
 * in tunnels faint under buildings, road casings under every road fill; then names (streets along
 * their longest segment, POIs beside their symbol, areas at their centre) without overlaps.
 */
import type { LiveEntry } from '../../../state/live-objects.js';
import type { ViewTransform } from '../view-transform.js';
import { staticLook, type StaticLook } from './look-cache.js';
import { AREA_LOOKS, LINE_LOOKS, lineWidth, PATH_LOOKS, type AreaLook, type LineLook } from './osm-style.js';

const BUILDING = PATH_LOOKS.indexOf(AREA_LOOKS.building);
const FIRST_LINE = PATH_LOOKS.indexOf(Object.values(LINE_LOOKS)[0]!);
/** Line looks that carry street names, most important first. */
const NAMED_ROADS: readonly LineLook[] = [
  LINE_LOOKS.motorway,
  LINE_LOOKS.trunk,
  LINE_LOOKS.primary,
  LINE_LOOKS.secondary,
  LINE_LOOKS.tertiary,
  LINE_LOOKS.minor,
  LINE_LOOKS.pedestrian,
  LINE_LOOKS.service,
];
const LABEL_FONT = '11px "Noto Sans", "DejaVu Sans", Arial, sans-serif';
const LABEL_HEIGHT = 13;
const MAX_LABELS = 400;
/** Boxes kept per frame: the symbols on screen first, then the labels placed. */
const MAX_BOXES = 8192;

// Reused between frames so a frame allocates nothing per object.
const buckets: LiveEntry[][] = PATH_LOOKS.map(() => []);
const tunnels: LiveEntry[][] = PATH_LOOKS.map(() => []);
const boxes = new Float64Array(4 * MAX_BOXES);
let boxCount = 0;
let labelCount = 0;
const labelled = new Set<string>();

/** The map zoom of a view transform. */
export function zoomOf(v: ViewTransform): number {
  return Math.log2(v.scale / 256);
}

/** Empties the buckets for a new frame. */
export function beginStaticFrame(): void {
  for (const b of buckets) b.length = 0;
  for (const b of tunnels) b.length = 0;
}

/** True when the look's bbox reaches into the view (with a margin of `margin` pixels). */
export function isOnScreen(s: StaticLook, v: ViewTransform, margin: number): boolean {
  return (
    s.maxX * v.scale + v.ox >= -margin &&
    s.minX * v.scale + v.ox <= v.width + margin &&
    s.maxY * v.scale + v.oy >= -margin &&
    s.minY * v.scale + v.oy <= v.height + margin
  );
}

/** Queues a static line or area for this frame. */
export function addStaticPath(e: LiveEntry, s: StaticLook): void {
  (s.tunnel && s.look.type === 'line' ? tunnels : buckets)[s.bucket]!.push(e);
}

function trace(ctx: CanvasRenderingContext2D | Path2D, e: LiveEntry, v: ViewTransform): void {
  for (const path of e.paths!) {
    const c = path.coords;
    ctx.moveTo(c[0]! * v.scale + v.ox, c[1]! * v.scale + v.oy);
    for (let i = 2; i < c.length; i += 2) ctx.lineTo(c[i]! * v.scale + v.ox, c[i + 1]! * v.scale + v.oy);
    if (path.closed) ctx.closePath();
  }
}

function drawAreas(ctx: CanvasRenderingContext2D, list: LiveEntry[], look: AreaLook, v: ViewTransform): void {
  if (list.length === 0) return;
  // Single rings share one nonzero fill; multipolygons with holes are filled one by one (even-odd).
  const shared = new Path2D();
  ctx.fillStyle = look.fill;
  for (const e of list) {
    if (e.paths!.length === 1) trace(shared, e, v);
    else if (look.fillAlpha > 0) {
      ctx.globalAlpha = look.fillAlpha;
      ctx.beginPath();
      trace(ctx, e, v);
      ctx.fill('evenodd');
    }
  }
  if (look.fillAlpha > 0) {
    ctx.globalAlpha = look.fillAlpha;
    ctx.fill(shared);
  }
  ctx.globalAlpha = 1;
  if (!look.stroke) return;
  for (const e of list) if (e.paths!.length > 1) trace(shared, e, v);
  ctx.strokeStyle = look.stroke;
  ctx.lineWidth = look.strokeWidth;
  ctx.setLineDash(look.dash ?? []);
  ctx.stroke(shared);
  ctx.setLineDash([]);
}

function lineTrace(list: LiveEntry[], v: ViewTransform): Path2D | null {
  if (list.length === 0) return null;
  const p = new Path2D();
  for (const e of list) trace(p, e, v);
  return p;
}

/** Casings of every line look, then their fills, so crossing roads join instead of cutting each other. */
function drawLines(ctx: CanvasRenderingContext2D, lists: LiveEntry[][], v: ViewTransform, zoom: number): void {
  const paths: (Path2D | null)[] = [];
  for (let i = FIRST_LINE; i < PATH_LOOKS.length; i++) {
    const look = PATH_LOOKS[i] as LineLook;
    paths.push(zoom >= look.minZoom ? lineTrace(lists[i]!, v) : null);
  }
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  for (const pass of ['casing', 'fill'] as const) {
    for (let i = FIRST_LINE; i < PATH_LOOKS.length; i++) {
      const path = paths[i - FIRST_LINE];
      const look = PATH_LOOKS[i] as LineLook;
      if (!path || (pass === 'casing' && !look.casing)) continue;
      const w = lineWidth(look.widths, zoom);
      ctx.strokeStyle = pass === 'casing' ? look.casing! : look.color;
      ctx.lineWidth = pass === 'casing' ? w + 2 * look.casingWidth : w;
      ctx.setLineDash(pass === 'fill' && look.dash ? look.dash : []);
      ctx.stroke(path);
    }
  }
  ctx.setLineDash([]);
  ctx.lineCap = 'butt';
}

/** Draws the queued static areas and lines. */
export function drawStaticPaths(ctx: CanvasRenderingContext2D, v: ViewTransform): void {
  const zoom = zoomOf(v);
  for (let i = 0; i < BUILDING; i++) drawAreas(ctx, buckets[i]!, PATH_LOOKS[i] as AreaLook, v);
  ctx.globalAlpha = 0.35;
  drawLines(ctx, tunnels, v, zoom);
  ctx.globalAlpha = 1;
  for (let i = BUILDING; i < FIRST_LINE; i++) drawAreas(ctx, buckets[i]!, PATH_LOOKS[i] as AreaLook, v);
  drawLines(ctx, buckets, v, zoom);
}

/** Keeps a box free of labels (a symbol), without testing it against the others. */
function reserve(x0: number, y0: number, x1: number, y1: number): void {
  if (boxCount >= MAX_BOXES) return;
  const k = boxCount * 4;
  boxes[k] = x0;
  boxes[k + 1] = y0;
  boxes[k + 2] = x1;
  boxes[k + 3] = y1;
  boxCount++;
}

/** Takes a box for a label when it overlaps no symbol and no label placed before. */
function claim(x0: number, y0: number, x1: number, y1: number): boolean {
  if (labelCount >= MAX_LABELS || boxCount >= MAX_BOXES) return false;
  for (let i = 0; i < boxCount * 4; i += 4) {
    if (x0 < boxes[i + 2]! && x1 > boxes[i]! && y0 < boxes[i + 3]! && y1 > boxes[i + 1]!) return false;
  }
  labelCount++;
  const k = boxCount * 4;
  boxes[k] = x0;
  boxes[k + 1] = y0;
  boxes[k + 2] = x1;
  boxes[k + 3] = y1;
  boxCount++;
  return true;
}

function widthOf(ctx: CanvasRenderingContext2D, s: StaticLook): number {
  if (s.labelWidth < 0) s.labelWidth = ctx.measureText(s.label).width;
  return s.labelWidth;
}

function text(ctx: CanvasRenderingContext2D, label: string, x: number, y: number): void {
  ctx.strokeText(label, x, y);
  ctx.fillText(label, x, y);
}

/** Screen x,y of vertex `i` of a path. */
function sx(c: Float64Array, i: number, v: ViewTransform): number {
  return c[2 * i]! * v.scale + v.ox;
}
function sy(c: Float64Array, i: number, v: ViewTransform): number {
  return c[2 * i + 1]! * v.scale + v.oy;
}

/** True when every vertex between a and b lies within 3 px of the chord a–b. */
function isStraight(c: Float64Array, a: number, b: number, v: ViewTransform, len: number): boolean {
  const ax = sx(c, a, v);
  const ay = sy(c, a, v);
  const dx = sx(c, b, v) - ax;
  const dy = sy(c, b, v) - ay;
  for (let k = a + 1; k < b; k++) {
    if (Math.abs((sx(c, k, v) - ax) * dy - (sy(c, k, v) - ay) * dx) / len > 3) return false;
  }
  return true;
}

/**
 * A street name along a nearly straight on-screen stretch of the road (a chord of consecutive
 * vertices within 3 px of it), upright, if one is long enough for the text.
 */
function roadLabel(ctx: CanvasRenderingContext2D, e: LiveEntry, s: StaticLook, v: ViewTransform): void {
  const w = widthOf(ctx, s);
  const need = w + 10;
  for (const path of e.paths!) {
    const c = path.coords;
    const n = c.length / 2;
    for (let a = 0; a < n - 1; a++) {
      for (let b = a + 1; b < n; b++) {
        const len = Math.hypot(sx(c, b, v) - sx(c, a, v), sy(c, b, v) - sy(c, a, v));
        if (len < need) continue;
        if (isStraight(c, a, b, v, len) && placeRoadLabel(ctx, s, w, c, a, b, v)) return;
        break;
      }
    }
  }
}

function placeRoadLabel(
  ctx: CanvasRenderingContext2D,
  s: StaticLook,
  w: number,
  c: Float64Array,
  a: number,
  b: number,
  v: ViewTransform,
): boolean {
  const ax = sx(c, a, v);
  const ay = sy(c, a, v);
  const bx = sx(c, b, v);
  const by = sy(c, b, v);
  const cx = (ax + bx) / 2;
  const cy = (ay + by) / 2;
  if (cx < 0 || cy < 0 || cx > v.width || cy > v.height) return false;
  let angle = Math.atan2(by - ay, bx - ax);
  if (angle > Math.PI / 2) angle -= Math.PI;
  else if (angle < -Math.PI / 2) angle += Math.PI;
  const cos = Math.abs(Math.cos(angle));
  const sin = Math.abs(Math.sin(angle));
  const hx = (cos * w + sin * LABEL_HEIGHT) / 2;
  const hy = (sin * w + cos * LABEL_HEIGHT) / 2;
  if (!claim(cx - hx, cy - hy, cx + hx, cy + hy)) return false;
  labelled.add(s.label);
  ctx.save();
  ctx.translate(cx, cy);
  ctx.rotate(angle);
  text(ctx, s.label, -w / 2, 0);
  ctx.restore();
  return true;
}

export interface LabelStyle {
  text: string;
  halo: string;
}

/**
 * Names at street level: streets from zoom 16, POIs (beside their symbols, given as the visible
 * points and their screen positions) and named areas from zoom 17. Labels never overlap each other;
 * POI and area names never cover a symbol.
 */
export function drawStaticLabels(
  ctx: CanvasRenderingContext2D,
  v: ViewTransform,
  points: readonly LiveEntry[],
  xy: Float64Array,
  symbolSize: number,
  style: LabelStyle,
): void {
  const zoom = zoomOf(v);
  if (zoom < 16) return;
  boxCount = 0;
  labelCount = 0;
  labelled.clear();
  ctx.font = LABEL_FONT;
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  ctx.lineWidth = 3;
  ctx.strokeStyle = style.halo;
  ctx.fillStyle = style.text;
  // Street names first (over symbols, as on a basemap), then POI and area names around both.
  for (const look of NAMED_ROADS) {
    for (const e of buckets[PATH_LOOKS.indexOf(look)]!) {
      const s = staticLook(e);
      if (s.label && !labelled.has(s.label)) roadLabel(ctx, e, s, v);
    }
  }
  if (zoom < 17) return;
  const half = symbolSize / 2;
  for (let i = 0; i < points.length; i++)
    reserve(xy[2 * i]! - half, xy[2 * i + 1]! - half, xy[2 * i]! + half, xy[2 * i + 1]! + half);
  // The symbols' boxes were reserved first, so a POI's label may sit beside its symbol only.
  for (let i = 0; i < points.length; i++) {
    const e = points[i]!;
    if (e.tracked) continue;
    const s = staticLook(e);
    if (!s.label) continue;
    const w = widthOf(ctx, s);
    const x = xy[2 * i]! + half + 2;
    const y = xy[2 * i + 1]!;
    if (claim(x, y - LABEL_HEIGHT / 2, x + w, y + LABEL_HEIGHT / 2)) text(ctx, s.label, x, y);
  }
  for (let b = 0; b < FIRST_LINE; b++) {
    for (const e of buckets[b]!) {
      const s = staticLook(e);
      if (!s.label) continue;
      const w = widthOf(ctx, s);
      const x0 = s.minX * v.scale + v.ox;
      const x1 = s.maxX * v.scale + v.ox;
      const y0 = s.minY * v.scale + v.oy;
      const y1 = s.maxY * v.scale + v.oy;
      if (x1 - x0 < w + 8 || y1 - y0 < LABEL_HEIGHT + 4) continue;
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      if (claim(cx - w / 2, cy - LABEL_HEIGHT / 2, cx + w / 2, cy + LABEL_HEIGHT / 2))
        text(ctx, s.label, cx - w / 2, cy);
    }
  }
}

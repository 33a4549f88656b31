/**
 * Labels of a vector tile: place names, street names along their streets (letter by letter, kept
 * upright), POI names beside a dot coloured by category, water names and house numbers. Labels are
 * placed most important first and skipped when they would overlap one already placed or cross the
 * tile's edge, so neighbouring tiles never draw over each other's labels.
 */
import type { DecodedTile, TileLabel } from './decode-tile.js';
import type { TileTransform } from './draw-tile.js';
import type { LabelKind } from './schema-buckets.js';
import type { Palette } from './vector-style.js';

type Box = [number, number, number, number];

interface LabelStyle {
  font: string;
  minZoom: number;
  color: 'text' | 'roadText' | 'waterText';
  upper?: boolean;
}

const SANS = 'system-ui, "Noto Sans", "DejaVu Sans", Arial, sans-serif';

export const LABEL_STYLES: Record<LabelKind, LabelStyle> = {
  country: { font: `bold 14px ${SANS}`, minZoom: 3, color: 'text', upper: true },
  city: { font: `bold 16px ${SANS}`, minZoom: 4, color: 'text' },
  town: { font: `bold 14px ${SANS}`, minZoom: 8, color: 'text' },
  village: { font: `13px ${SANS}`, minZoom: 11, color: 'text' },
  suburb: { font: `600 12px ${SANS}`, minZoom: 12, color: 'text', upper: true },
  neighbourhood: { font: `11px ${SANS}`, minZoom: 14, color: 'text' },
  'road-major': { font: `600 12px ${SANS}`, minZoom: 13, color: 'roadText' },
  'road-minor': { font: `11px ${SANS}`, minZoom: 15, color: 'roadText' },
  'road-path': { font: `10px ${SANS}`, minZoom: 17, color: 'roadText' },
  poi: { font: `11px ${SANS}`, minZoom: 16, color: 'text' },
  water: { font: `italic 12px ${SANS}`, minZoom: 13, color: 'waterText' },
  housenumber: { font: `9px ${SANS}`, minZoom: 18, color: 'roadText' },
};

/** Collision boxes of the labels placed on one tile. */
export class LabelIndex {
  private readonly boxes: Box[] = [];
  constructor(private readonly size: number) {}

  /** True when every box lies inside the tile and overlaps nothing placed. */
  fits(boxes: Box[]): boolean {
    return boxes.every(
      (b) =>
        b[0] >= 0 &&
        b[1] >= 0 &&
        b[2] <= this.size &&
        b[3] <= this.size &&
        !this.boxes.some((o) => b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]),
    );
  }

  add(boxes: Box[]): void {
    this.boxes.push(...boxes);
  }

  get count(): number {
    return this.boxes.length;
  }
}

const widths = new Map<string, number>();
function charWidth(ctx: CanvasRenderingContext2D, font: string, ch: string): number {
  const key = `${font}|${ch}`;
  let w = widths.get(key);
  if (w === undefined) {
    w = ctx.measureText(ch).width;
    widths.set(key, w);
  }
  return w;
}

/** Screen points of a line part (CSS px). */
function screenLine(part: Float32Array, t: TileTransform): number[] {
  const out: number[] = [];
  for (let i = 0; i < part.length; i += 2) out.push(part[i]! * t.scale - t.dx, part[i + 1]! * t.scale - t.dy);
  return out;
}

interface Glyph {
  ch: string;
  x: number;
  y: number;
  angle: number;
}

/** Positions each character along `pts` starting at distance `start`; null where the line bends too much. */
function glyphsAlong(pts: number[], start: number, chars: string[], advance: number[]): Glyph[] | null {
  const glyphs: Glyph[] = [];
  let seg = 0;
  let segStart = 0;
  let at = start;
  for (let k = 0; k < chars.length; k++) {
    const mid = at + advance[k]! / 2;
    for (;;) {
      if (seg * 2 + 3 >= pts.length) return null;
      const len = Math.hypot(pts[seg * 2 + 2]! - pts[seg * 2]!, pts[seg * 2 + 3]! - pts[seg * 2 + 1]!);
      if (mid <= segStart + len) break;
      segStart += len;
      seg++;
    }
    const [x0, y0, x1, y1] = [pts[seg * 2]!, pts[seg * 2 + 1]!, pts[seg * 2 + 2]!, pts[seg * 2 + 3]!];
    const len = Math.hypot(x1 - x0, y1 - y0) || 1;
    const f = (mid - segStart) / len;
    const angle = Math.atan2(y1 - y0, x1 - x0);
    const prev = glyphs[glyphs.length - 1];
    if (prev && Math.abs(((angle - prev.angle + 3 * Math.PI) % (2 * Math.PI)) - Math.PI) > 0.6) return null;
    glyphs.push({ ch: chars[k]!, x: x0 + (x1 - x0) * f, y: y0 + (y1 - y0) * f, angle });
    at += advance[k]!;
  }
  return glyphs;
}

function lineLength(pts: number[]): number {
  let len = 0;
  for (let i = 2; i < pts.length; i += 2) len += Math.hypot(pts[i]! - pts[i - 2]!, pts[i + 1]! - pts[i - 1]!);
  return len;
}

/** Reverses a flat point list (so text reads left to right). */
function reversed(pts: number[]): number[] {
  const out: number[] = [];
  for (let i = pts.length - 2; i >= 0; i -= 2) out.push(pts[i]!, pts[i + 1]!);
  return out;
}

function placeAlongLine(
  ctx: CanvasRenderingContext2D,
  label: TileLabel,
  style: LabelStyle,
  t: TileTransform,
  index: LabelIndex,
  p: Palette,
): boolean {
  const chars = [...label.text];
  const advance = chars.map((c) => charWidth(ctx, style.font, c));
  const textWidth = advance.reduce((a, b) => a + b, 0);
  const size = parseFloat(/(\d+)px/.exec(style.font)![1]!);
  for (const part of label.parts) {
    let pts = screenLine(part, t);
    const len = lineLength(pts);
    if (len < textWidth + 8) continue;
    if (pts[pts.length - 2]! < pts[0]!) pts = reversed(pts);
    for (const at of [0.5, 0.25, 0.75]) {
      const glyphs = glyphsAlong(pts, Math.max(0, len * at - textWidth / 2), chars, advance);
      if (!glyphs) continue;
      const h = size * 0.6;
      const boxes = glyphs.map((g): Box => [g.x - h, g.y - h, g.x + h, g.y + h]);
      if (!index.fits(boxes)) continue;
      index.add(boxes);
      drawGlyphs(ctx, glyphs, p[style.color]);
      return true;
    }
  }
  return false;
}

function drawGlyphs(ctx: CanvasRenderingContext2D, glyphs: Glyph[], color: string): void {
  ctx.textAlign = 'center';
  ctx.fillStyle = color;
  // Halo first for every letter, so a letter's halo never covers its neighbour.
  for (const pass of ['halo', 'text'] as const) {
    for (const g of glyphs) {
      ctx.save();
      ctx.translate(g.x, g.y);
      ctx.rotate(g.angle);
      if (pass === 'halo') ctx.strokeText(g.ch, 0, 0);
      else ctx.fillText(g.ch, 0, 0);
      ctx.restore();
    }
  }
  ctx.textAlign = 'left';
}

function anchorOf(label: TileLabel, t: TileTransform): [number, number] {
  if (label.type === 3) {
    const b = label.bbox;
    return [((b[0] + b[2]) / 2) * t.scale - t.dx, ((b[1] + b[3]) / 2) * t.scale - t.dy];
  }
  const part = label.parts[0]!;
  return [part[0]! * t.scale - t.dx, part[1]! * t.scale - t.dy];
}

function placePoint(
  ctx: CanvasRenderingContext2D,
  label: TileLabel,
  style: LabelStyle,
  t: TileTransform,
  index: LabelIndex,
  p: Palette,
): boolean {
  const [x, y] = anchorOf(label, t);
  const text = style.upper ? label.text.toUpperCase() : label.text;
  const w = ctx.measureText(text).width;
  const h = parseFloat(/(\d+)px/.exec(style.font)![1]!);
  const isPoi = label.kind === 'poi';
  const left = isPoi ? x + 6 : x - w / 2;
  const box: Box = isPoi
    ? [x - 4, y - h / 2 - 1, left + w + 2, y + h / 2 + 1]
    : [left - 2, y - h / 2 - 2, left + w + 2, y + h / 2 + 2];
  if (!index.fits([box])) return false;
  index.add([box]);
  if (isPoi) {
    ctx.beginPath();
    ctx.arc(x, y, 3, 0, Math.PI * 2);
    ctx.fillStyle = p.poi[label.category ?? 'other'] ?? p.poi.other!;
    ctx.fill();
    ctx.stroke();
  }
  ctx.strokeText(text, left, y);
  ctx.fillStyle = isPoi ? (p.poi[label.category ?? 'other'] ?? p[style.color]) : p[style.color];
  ctx.fillText(text, left, y);
  return true;
}

/** Draws the tile's labels that fit; returns how many were placed. */
export function drawLabels(
  ctx: CanvasRenderingContext2D,
  tile: DecodedTile,
  t: TileTransform,
  zoom: number,
  p: Palette,
): number {
  const index = new LabelIndex(t.size);
  const roadNames = new Set<string>();
  let placed = 0;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.lineJoin = 'round';
  ctx.setLineDash([]);
  ctx.strokeStyle = p.halo;
  // The part of the source tile on this canvas (over-zoomed tiles show a fraction of it).
  const view = [t.dx / t.scale, t.dy / t.scale, (t.dx + t.size) / t.scale, (t.dy + t.size) / t.scale] as const;
  for (const label of tile.labels) {
    const style = LABEL_STYLES[label.kind];
    if (zoom < Math.max(style.minZoom, label.minZoom ?? 0)) continue;
    const b = label.bbox;
    if (b[0] > view[2] || b[2] < view[0] || b[1] > view[3] || b[3] < view[1]) continue;
    const isRoad = label.kind.startsWith('road-');
    if (isRoad && roadNames.has(label.text)) continue;
    ctx.font = style.font;
    ctx.lineWidth = 3;
    const ok =
      label.type === 2
        ? isRoad && placeAlongLine(ctx, label, style, t, index, p)
        : placePoint(ctx, label, style, t, index, p);
    if (ok) {
      placed++;
      if (isRoad) roadNames.add(label.text);
    }
  }
  return placed;
}

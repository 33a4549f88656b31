/**
 * Draws a decoded vector tile's geometry on a 2D canvas context: fills, buildings, roads (casings
 * under fills, minor under major), railways and boundaries. One path per bucket, so a dense z14
 * tile costs a few hundred canvas calls rather than one per feature. Labels: `draw-labels.ts`.
 */
import type { DecodedTile, TileFeature } from './decode-tile.js';
import {
  casingWidth,
  FILL_ORDER,
  pathDash,
  ROAD_MIN_ZOOM,
  ROAD_ORDER,
  roadWidth,
  type Palette,
  type RoadClass,
} from './vector-style.js';

/** Tile coordinates → CSS pixels of the canvas: `px = x * scale - dx`. */
export interface TileTransform {
  scale: number;
  dx: number;
  dy: number;
  /** CSS pixel size of the canvas (256). */
  size: number;
}

/** The part of the source tile the canvas shows, in tile coordinates, with a margin for wide lines. */
function viewOf(t: TileTransform, marginPx: number): [number, number, number, number] {
  const m = marginPx / t.scale;
  return [t.dx / t.scale - m, t.dy / t.scale - m, (t.dx + t.size) / t.scale + m, (t.dy + t.size) / t.scale + m];
}

const intersects = (b: TileFeature['bbox'], v: [number, number, number, number]) =>
  b[0] <= v[2] && b[2] >= v[0] && b[1] <= v[3] && b[3] >= v[1];

/** Adds the features' parts to the current path; returns how many features it added. */
export function tracePath(
  ctx: CanvasRenderingContext2D,
  features: TileFeature[] | undefined,
  t: TileTransform,
  closed: boolean,
  marginPx = 4,
): number {
  if (!features) return 0;
  const view = viewOf(t, marginPx);
  let n = 0;
  for (const f of features) {
    if (!intersects(f.bbox, view)) continue;
    n++;
    for (const part of f.parts) {
      if (part.length < 4) continue;
      ctx.moveTo(part[0]! * t.scale - t.dx, part[1]! * t.scale - t.dy);
      for (let i = 2; i < part.length; i += 2) ctx.lineTo(part[i]! * t.scale - t.dx, part[i + 1]! * t.scale - t.dy);
      if (closed) ctx.closePath();
    }
  }
  return n;
}

function fill(ctx: CanvasRenderingContext2D, features: TileFeature[] | undefined, t: TileTransform, color: string) {
  ctx.beginPath();
  if (tracePath(ctx, features, t, true, 0) === 0) return;
  ctx.fillStyle = color;
  ctx.fill('evenodd');
}

function stroke(
  ctx: CanvasRenderingContext2D,
  features: TileFeature[] | undefined,
  t: TileTransform,
  color: string,
  width: number,
  dash: number[] = [],
  closed = false,
) {
  ctx.beginPath();
  if (tracePath(ctx, features, t, closed, width) === 0) return;
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.setLineDash(dash);
  ctx.stroke();
}

function drawRoads(ctx: CanvasRenderingContext2D, tile: DecodedTile, t: TileTransform, zoom: number, p: Palette) {
  const shown = ROAD_ORDER.filter((cls) => zoom >= ROAD_MIN_ZOOM[cls] && tile.buckets.has(`road:${cls}`));
  const roads = (cls: RoadClass) => tile.buckets.get(`road:${cls}`);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  stroke(ctx, tile.buckets.get('tunnel'), t, p.tunnel, Math.max(1, roadWidth('minor', zoom) * 0.6), [3, 3]);
  for (const cls of shown) {
    const casing = casingWidth(cls, zoom);
    if (casing > 0) stroke(ctx, roads(cls), t, p.roads[cls].casing, roadWidth(cls, zoom) + casing * 2);
  }
  for (const cls of shown) {
    const dash = cls === 'path' && zoom >= 15 ? pathDash(zoom) : [];
    stroke(ctx, roads(cls), t, p.roads[cls].fill, roadWidth(cls, zoom), dash);
  }
  ctx.setLineDash([]);
}

function drawRail(ctx: CanvasRenderingContext2D, tile: DecodedTile, t: TileTransform, zoom: number, p: Palette) {
  const rail = tile.buckets.get('rail');
  if (!rail || zoom < 10) return;
  ctx.lineCap = 'butt';
  const w = zoom >= 15 ? 3 : 1.5;
  stroke(ctx, rail, t, p.rail, w);
  if (zoom >= 14) stroke(ctx, rail, t, p.background, w * 0.5, [6, 6]);
  if (zoom >= 10) stroke(ctx, tile.buckets.get('ferry'), t, p.ferry, 1, [6, 4]);
  ctx.setLineDash([]);
}

function drawBoundaries(ctx: CanvasRenderingContext2D, tile: DecodedTile, t: TileTransform, zoom: number, p: Palette) {
  ctx.lineCap = 'round';
  ctx.globalAlpha = 0.8;
  stroke(ctx, tile.buckets.get('boundary:country'), t, p.boundary, zoom >= 10 ? 2.5 : 1.5, [8, 3, 2, 3]);
  stroke(ctx, tile.buckets.get('boundary:state'), t, p.boundary, 1.2, [6, 3]);
  if (zoom >= 12) stroke(ctx, tile.buckets.get('boundary:local'), t, p.boundary, 1, [3, 3]);
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
}

/**
 * Draws everything but the labels. The canvas is expected to be scaled for the device pixel ratio
 * already; the background is land (`earth` polygons draw land over water in the Protomaps schema,
 * where the background is water instead).
 */
export function drawTileGeometry(
  ctx: CanvasRenderingContext2D,
  tile: DecodedTile,
  t: TileTransform,
  zoom: number,
  palette: Palette,
  waterBackground: boolean,
): void {
  ctx.fillStyle = waterBackground ? palette.water : palette.background;
  ctx.fillRect(0, 0, t.size, t.size);
  for (const rule of FILL_ORDER) fill(ctx, tile.buckets.get(rule.bucket), t, palette[rule.color] as string);
  stroke(ctx, tile.buckets.get('waterway:river'), t, palette.water, Math.max(1.5, 2 ** (zoom - 12)));
  if (zoom >= 13) stroke(ctx, tile.buckets.get('waterway:stream'), t, palette.water, zoom >= 15 ? 2 : 1);
  fill(ctx, tile.buckets.get('building'), t, palette.building);
  if (zoom >= 15) stroke(ctx, tile.buckets.get('building'), t, palette.buildingLine, 0.6, [], true);
  drawRoads(ctx, tile, t, zoom, palette);
  drawRail(ctx, tile, t, zoom, palette);
  drawBoundaries(ctx, tile, t, zoom, palette);
}

/**
 * Copies symbol sprites into a frame's pixel buffer in JavaScript and puts the frame once. With
 * tens of thousands of symbols this beats one drawImage call per symbol by an order of magnitude on
 * software-rendered canvases (headless, no GPU), and is no slower with a GPU.
 */

/** Pixels of a sprite atlas (RGBA, non-premultiplied, as ImageData stores them). */
export interface SpriteSheet {
  px: Uint32Array;
  width: number;
  height: number;
  /** Per cell origin (sy * width + sx): runs of visible pixels as (y, x0, x1) triples, built on first use. */
  runs?: Map<number, Int32Array>;
}

/** A frame buffer the size of the canvas, in device pixels. */
export interface PixelFrame {
  image: ImageData;
  px: Uint32Array;
  width: number;
  height: number;
}

/** Reads an atlas canvas into a sprite sheet; `alpha` scales every pixel's opacity (for dimming). */
export function sheetFromCanvas(canvas: HTMLCanvasElement, alpha = 1): SpriteSheet | null {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const px = new Uint32Array(data.data.buffer.slice(0));
  if (alpha < 1) {
    for (let i = 0; i < px.length; i++) {
      const a = px[i]! >>> 24;
      px[i] = ((Math.round(a * alpha) << 24) | (px[i]! & 0xffffff)) >>> 0;
    }
  }
  return { px, width: canvas.width, height: canvas.height };
}

/** A cleared frame for a canvas of the given device-pixel size. */
export function createPixelFrame(width: number, height: number): PixelFrame {
  const image = new ImageData(Math.max(1, width), Math.max(1, height));
  return { image, px: new Uint32Array(image.data.buffer), width: image.width, height: image.height };
}

/** Source-over blend of one non-premultiplied RGBA pixel onto another. */
export function blendPixel(src: number, dst: number): number {
  const sa = (src >>> 24) / 255;
  if (sa >= 1) return src;
  const da = (dst >>> 24) / 255;
  const oa = sa + da * (1 - sa);
  if (oa <= 0) return 0;
  const k = (da * (1 - sa)) / oa;
  const s = sa / oa;
  const r = (src & 0xff) * s + (dst & 0xff) * k;
  const g = ((src >>> 8) & 0xff) * s + ((dst >>> 8) & 0xff) * k;
  const b = ((src >>> 16) & 0xff) * s + ((dst >>> 16) & 0xff) * k;
  return ((Math.round(oa * 255) << 24) | (Math.round(b) << 16) | (Math.round(g) << 8) | Math.round(r)) >>> 0;
}

/** Runs of non-transparent pixels of one cell, so frames skip its transparent pixels entirely. */
export function cellRuns(sheet: SpriteSheet, sx: number, sy: number, cell: number): Int32Array {
  sheet.runs ??= new Map();
  const key = sy * sheet.width + sx;
  const cached = sheet.runs.get(key);
  if (cached) return cached;
  const out: number[] = [];
  for (let y = 0; y < cell; y++) {
    let x = 0;
    while (x < cell) {
      while (x < cell && sheet.px[(sy + y) * sheet.width + sx + x]! >>> 24 === 0) x++;
      const x0 = x;
      while (x < cell && sheet.px[(sy + y) * sheet.width + sx + x]! >>> 24 !== 0) x++;
      if (x > x0) out.push(y, x0, x);
    }
  }
  const runs = Int32Array.from(out);
  sheet.runs.set(key, runs);
  return runs;
}

/**
 * Draws a `cell`-sized sprite from (sx, sy) of the sheet with its top-left at (dx, dy), clipped.
 * Pixels landing on empty frame pixels are copied; only overlaps are blended.
 */
export function blit(
  frame: PixelFrame,
  sheet: SpriteSheet,
  sx: number,
  sy: number,
  cell: number,
  dx: number,
  dy: number,
): void {
  const x0 = Math.max(0, -dx);
  const y0 = Math.max(0, -dy);
  const x1 = Math.min(cell, frame.width - dx);
  const y1 = Math.min(cell, frame.height - dy);
  const dst = frame.px;
  const src = sheet.px;
  if (x0 === 0 && y0 === 0 && x1 === cell && y1 === cell) {
    const runs = cellRuns(sheet, sx, sy, cell);
    const fw = frame.width;
    const sw = sheet.width;
    for (let r = 0; r < runs.length; r += 3) {
      const y = runs[r]!;
      const a = runs[r + 1]!;
      const n = runs[r + 2]! - a;
      const si = (sy + y) * sw + sx + a;
      const di = (dy + y) * fw + dx + a;
      for (let k = 0; k < n; k++) {
        const p = src[si + k]!;
        const d = dst[di + k]!;
        dst[di + k] = p >>> 24 === 255 || d === 0 ? p : blendPixel(p, d);
      }
    }
    return;
  }
  for (let y = y0; y < y1; y++) {
    let si = (sy + y) * sheet.width + sx + x0;
    let di = (dy + y) * frame.width + dx + x0;
    for (let x = x0; x < x1; x++, si++, di++) {
      const p = src[si]!;
      const a = p >>> 24;
      if (a === 0) continue;
      const d = dst[di]!;
      dst[di] = a === 255 || d === 0 ? p : blendPixel(p, d);
    }
  }
}

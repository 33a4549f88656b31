import { describe, expect, it } from 'vitest';
import { blendPixel, blit, type PixelFrame, type SpriteSheet } from './sprite-blitter.js';

const rgba = (r: number, g: number, b: number, a: number) => ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;

function frame(w: number, h: number): PixelFrame {
  return { image: null as unknown as ImageData, px: new Uint32Array(w * h), width: w, height: h };
}

describe('blendPixel', () => {
  it('copies an opaque source and keeps the destination under a transparent one', () => {
    expect(blendPixel(rgba(10, 20, 30, 255), rgba(1, 2, 3, 255))).toBe(rgba(10, 20, 30, 255));
    expect(blendPixel(rgba(10, 20, 30, 0), rgba(1, 2, 3, 255))).toBe(rgba(1, 2, 3, 255));
  });
  it('mixes half-transparent red over opaque blue', () => {
    expect(blendPixel(rgba(255, 0, 0, 128), rgba(0, 0, 255, 255))).toBe(rgba(128, 0, 127, 255));
  });
});

describe('blit', () => {
  const sheet: SpriteSheet = {
    px: new Uint32Array([rgba(255, 0, 0, 255), 0, 0, rgba(0, 255, 0, 255)]),
    width: 2,
    height: 2,
  };
  it('copies opaque pixels and skips transparent ones', () => {
    const f = frame(3, 3);
    blit(f, sheet, 0, 0, 2, 1, 1);
    expect([...f.px]).toEqual([0, 0, 0, 0, rgba(255, 0, 0, 255), 0, 0, 0, rgba(0, 255, 0, 255)]);
  });
  it('clips a sprite that hangs over the frame edge', () => {
    const f = frame(2, 2);
    blit(f, sheet, 0, 0, 2, -1, -1);
    expect([...f.px]).toEqual([rgba(0, 255, 0, 255), 0, 0, 0]);
    const g = frame(2, 2);
    blit(g, sheet, 0, 0, 2, 5, 5);
    expect([...g.px]).toEqual([0, 0, 0, 0]);
  });
});

describe('blit fast path', () => {
  it('draws a sprite fully inside the frame the same as the clipped path', () => {
    const px = new Uint32Array(9);
    px[1] = rgba(255, 0, 0, 255);
    px[4] = rgba(0, 0, 255, 128);
    const sheet: SpriteSheet = { px, width: 3, height: 3 };
    const f = frame(5, 5);
    f.px[1 * 5 + 2] = rgba(0, 255, 0, 255);
    blit(f, sheet, 0, 0, 3, 1, 1);
    expect(f.px[1 * 5 + 2]).toBe(rgba(255, 0, 0, 255));
    expect(f.px[2 * 5 + 2]).toBe(rgba(0, 0, 255, 128));
    expect(f.px[0]).toBe(0);
  });
});

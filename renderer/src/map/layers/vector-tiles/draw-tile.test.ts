// eslint-disable-next-line no-restricted-imports -- the test reads its fixture tile from disk
import { readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- the test gunzips the fixture as main would send it
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeTile } from './decode-tile.js';
import { LabelIndex } from './draw-labels.js';
import { tracePath } from './draw-tile.js';
import { sourceTileOf } from './vector-tile-layer.js';
import { casingWidth, roadWidth, ROAD_ORDER } from './vector-style.js';

const tile = decodeTile(
  gunzipSync(readFileSync('test/fixtures/basemap/monaco-omt-14-8529-5974.mvt.gz')),
  'openmaptiles',
);

/** The path calls of a canvas context, counted (jsdom has no canvas drawing). */
function pathRecorder() {
  const calls = { moveTo: 0, lineTo: 0, closePath: 0, xs: [] as number[] };
  const ctx = {
    moveTo: (x: number) => {
      calls.moveTo++;
      calls.xs.push(x);
    },
    lineTo: (x: number) => {
      calls.lineTo++;
      calls.xs.push(x);
    },
    closePath: () => calls.closePath++,
  } as unknown as CanvasRenderingContext2D;
  return { ctx, calls };
}

describe('sourceTileOf (over-zoom)', () => {
  it('draws z16 from its z14 parent, scaled by 4 and offset to its quarter', () => {
    const s = sourceTileOf({ z: 16, x: 34119, y: 23896 }, 14, 4096);
    expect([s.z, s.x, s.y]).toEqual([14, 8529, 5974]);
    expect(s.transform).toEqual({ scale: (256 / 4096) * 4, dx: 3 * 256, dy: 0, size: 256 });
  });
  it('draws a tile at or below the max zoom from itself', () => {
    const s = sourceTileOf({ z: 14, x: 8529, y: 5974 }, 14, 4096);
    expect([s.z, s.x, s.y, s.transform.dx, s.transform.scale]).toEqual([14, 8529, 5974, 0, 1 / 16]);
  });
});

describe('tracePath', () => {
  it('draws the whole tile at its own zoom, and only what a child shows when over-zoomed', () => {
    const buildings = tile.buckets.get('building')!;
    const whole = pathRecorder();
    expect(tracePath(whole.ctx, buildings, sourceTileOf({ z: 14, x: 8529, y: 5974 }, 14, 4096).transform, true)).toBe(
      buildings.length,
    );
    expect(whole.calls.closePath).toBeGreaterThanOrEqual(buildings.length);
    let sum = 0;
    for (let dx = 0; dx < 4; dx++)
      for (let dy = 0; dy < 4; dy++) {
        const child = pathRecorder();
        const n = tracePath(
          child.ctx,
          buildings,
          sourceTileOf({ z: 16, x: 8529 * 4 + dx, y: 5974 * 4 + dy }, 14, 4096).transform,
          true,
        );
        expect(n).toBeLessThan(buildings.length);
        sum += n;
      }
    // Every building is in at least one child; those on a border in two or more.
    expect(sum).toBeGreaterThanOrEqual(buildings.length);
  });
  it('puts coordinates in canvas pixels', () => {
    const rec = pathRecorder();
    tracePath(
      rec.ctx,
      tile.buckets.get('building'),
      sourceTileOf({ z: 14, x: 8529, y: 5974 }, 14, 4096).transform,
      true,
    );
    // Tile units 0..4096 (plus tilemaker's buffer) → 0..256 px.
    expect(Math.min(...rec.calls.xs)).toBeGreaterThan(-64);
    expect(Math.max(...rec.calls.xs)).toBeLessThan(256 + 64);
  });
});

describe('road widths', () => {
  it('grow with zoom and with the class', () => {
    for (const cls of ROAD_ORDER) expect(roadWidth(cls, 17)).toBeGreaterThan(roadWidth(cls, 15));
    for (let i = 1; i < ROAD_ORDER.length; i++)
      expect(roadWidth(ROAD_ORDER[i]!, 16)).toBeGreaterThanOrEqual(roadWidth(ROAD_ORDER[i - 1]!, 16));
  });
  it('case streets but not paths', () => {
    expect(casingWidth('primary', 16)).toBeGreaterThan(0);
    expect(casingWidth('path', 16)).toBe(0);
    expect(casingWidth('primary', 10)).toBe(0);
  });
});

describe('LabelIndex', () => {
  it('refuses a label that overlaps one placed or crosses the tile edge', () => {
    const index = new LabelIndex(256);
    expect(index.fits([[10, 10, 60, 24]])).toBe(true);
    index.add([[10, 10, 60, 24]]);
    expect(index.fits([[50, 20, 90, 30]])).toBe(false);
    expect(index.fits([[61, 10, 100, 24]])).toBe(true);
    expect(index.fits([[240, 100, 270, 112]])).toBe(false);
    expect(index.fits([[-2, 100, 20, 112]])).toBe(false);
  });
});

/**
 * Map symbols per object kind, pre-rendered into a sprite atlas (one cell per kind and heading
 * step, and per colour when a palette recolours them: colour-by.ts) so a frame copies pixels per
 * object instead of building a path.
 */
import { sheetFromCanvas, type SpriteSheet } from './sprite-blitter.js';

export const KINDS = ['ship', 'car', 'aircraft', 'drone', 'person', 'sensor', 'other'] as const;
export type SymbolKind = (typeof KINDS)[number];

/** Fill colour per kind; chosen to stay distinct on both the light and the dark basemap. */
export const KIND_COLORS: Record<SymbolKind, string> = {
  ship: '#1f77d0',
  car: '#e0731a',
  aircraft: '#8e44ad',
  drone: '#d6336c',
  person: '#2b9348',
  sensor: '#b08900',
  other: '#6c757d',
};

/** Heading steps per full turn (15° each). */
export const HEADING_STEPS = 24;
/** Symbol cell size in CSS pixels. */
export const SYMBOL_SIZE = 22;

type Draw = (c: CanvasRenderingContext2D) => void;

// Shapes in a 22x22 box centred on 0,0 pointing north (up); rotation is applied by the atlas.
const SHAPES: Record<SymbolKind, Draw> = {
  ship: (c) => {
    c.moveTo(0, -9);
    c.quadraticCurveTo(5, -3, 4, 8);
    c.lineTo(-4, 8);
    c.quadraticCurveTo(-5, -3, 0, -9);
  },
  car: (c) => {
    c.roundRect(-4.5, -7, 9, 14, 2.5);
    c.moveTo(0, -10);
    c.lineTo(3, -7);
    c.lineTo(-3, -7);
  },
  aircraft: (c) => {
    c.moveTo(0, -10);
    c.lineTo(1.6, -3);
    c.lineTo(9, 1.5);
    c.lineTo(9, 3.5);
    c.lineTo(1.6, 1.5);
    c.lineTo(1.2, 6.5);
    c.lineTo(4, 8.5);
    c.lineTo(4, 10);
    c.lineTo(-4, 10);
    c.lineTo(-4, 8.5);
    c.lineTo(-1.2, 6.5);
    c.lineTo(-1.6, 1.5);
    c.lineTo(-9, 3.5);
    c.lineTo(-9, 1.5);
    c.lineTo(-1.6, -3);
  },
  drone: (c) => {
    // A plus of two arms turned 45°, a rotor at each end and a nose for the heading. Every subpath
    // runs clockwise so the nonzero fill joins them instead of cutting holes where they overlap.
    const w = 1.7;
    const l = 8;
    const plus = [
      [-w, -l],
      [w, -l],
      [w, -w],
      [l, -w],
      [l, w],
      [w, w],
      [w, l],
      [-w, l],
      [-w, w],
      [-l, w],
      [-l, -w],
      [-w, -w],
    ];
    plus.forEach(([x = 0, y = 0], i) => {
      const rx = (x - y) * Math.SQRT1_2;
      const ry = (x + y) * Math.SQRT1_2;
      if (i === 0) c.moveTo(rx, ry);
      else c.lineTo(rx, ry);
    });
    c.closePath();
    const d = l * Math.SQRT1_2;
    for (const [x, y] of [
      [-d, -d],
      [d, -d],
      [d, d],
      [-d, d],
    ] as const) {
      c.moveTo(x + 3, y);
      c.arc(x, y, 3, 0, Math.PI * 2);
    }
    c.moveTo(0, -10);
    c.lineTo(3, -4.5);
    c.lineTo(-3, -4.5);
    c.closePath();
  },
  person: (c) => {
    // A ring (drawn with the even-odd rule) and a nose: people turn, a silhouette on its side does not read.
    c.moveTo(6.5, 1);
    c.arc(0, 1, 6.5, 0, Math.PI * 2);
    c.moveTo(2.5, 1);
    c.arc(0, 1, 2.5, 0, Math.PI * 2);
    c.moveTo(0, -10);
    c.lineTo(3, -5);
    c.lineTo(-3, -5);
    c.closePath();
  },
  sensor: (c) => {
    c.moveTo(0, -7);
    c.lineTo(7, 0);
    c.lineTo(0, 7);
    c.lineTo(-7, 0);
  },
  other: (c) => {
    c.moveTo(6, 0);
    c.arc(0, 0, 6, 0, Math.PI * 2);
    c.moveTo(0, -9);
    c.lineTo(3, -5);
    c.lineTo(-3, -5);
  },
};

/** Normalizes a kind tag to a symbol kind. */
export function symbolKind(kind: string): SymbolKind {
  return (KINDS as readonly string[]).includes(kind) ? (kind as SymbolKind) : 'other';
}

export interface SymbolAtlas {
  /** Atlas pixels at full opacity, and dimmed for stale objects (null without a 2D canvas). */
  sheet: SpriteSheet | null;
  staleSheet: SpriteSheet | null;
  /** Cell size in device pixels. */
  cell: number;
  /**
   * Source x,y of the cell for a kind and heading (degrees, null = north without rotation), in the
   * palette's colour `colour` (an atlas without a palette has each kind's own colour only).
   */
  cellOf(kind: SymbolKind, heading: number | null, colour?: number): [number, number];
}

/** The fill of each atlas row: each kind in its colour, or every kind in each palette colour. */
function rowsOf(palette?: readonly string[]): { kind: SymbolKind; fill: string }[] {
  if (!palette) return KINDS.map((kind) => ({ kind, fill: KIND_COLORS[kind] }));
  return palette.flatMap((fill) => KINDS.map((kind) => ({ kind, fill })));
}

/** The atlas row of a kind in a palette colour. */
const rowOf = (kind: SymbolKind, colour = 0): number => colour * KINDS.length + KINDS.indexOf(kind);

/**
 * Renders every kind at every heading step into one canvas, `size` CSS pixels per symbol at the
 * given device pixel ratio, read back as sprite sheets that frames blit at whole pixels.
 */
export function createSymbolAtlas(
  dpr: number,
  outline: string,
  size = SYMBOL_SIZE,
  staleAlpha = 0.35,
  palette?: readonly string[],
): SymbolAtlas {
  const cell = Math.ceil(size * dpr);
  const scale = (size / SYMBOL_SIZE) * dpr;
  const rows = rowsOf(palette);
  const canvas = document.createElement('canvas');
  canvas.width = cell * HEADING_STEPS;
  canvas.height = cell * rows.length;
  const c = canvas.getContext('2d', { willReadFrequently: true });
  if (c) {
    rows.forEach(({ kind, fill }, row) => {
      for (let step = 0; step < HEADING_STEPS; step++) {
        c.save();
        c.translate(step * cell + cell / 2, row * cell + cell / 2);
        c.scale(scale, scale);
        c.rotate((step * 2 * Math.PI) / HEADING_STEPS);
        c.beginPath();
        SHAPES[kind](c);
        c.fillStyle = fill;
        c.strokeStyle = outline;
        // Stroke first, twice as wide, then fill: the outline stays outside and inner edges vanish.
        c.lineWidth = 2.6;
        c.lineJoin = 'round';
        c.stroke();
        c.fill(kind === 'person' ? 'evenodd' : 'nonzero');
        c.restore();
      }
    });
  }
  return {
    sheet: c ? sheetFromCanvas(canvas) : null,
    staleSheet: c ? sheetFromCanvas(canvas, staleAlpha) : null,
    cell,
    cellOf(kind, heading, colour) {
      const row = rowOf(kind, colour);
      const h = heading === null ? 0 : ((heading % 360) + 360) % 360;
      const step = Math.round((h / 360) * HEADING_STEPS) % HEADING_STEPS;
      return [step * cell, row * cell];
    },
  };
}

function hexToPixel(hex: string, alpha: number): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const r = (n >> 16) & 0xff;
  const g = (n >> 8) & 0xff;
  const b = n & 0xff;
  return ((Math.round(alpha * 255) << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/**
 * Square dots per kind (no heading), for views with so many objects that symbols would only be
 * noise: each costs a few pixel writes instead of a sprite.
 */
export function createDotAtlas(dpr: number, staleAlpha = 0.35, size = 4, palette?: readonly string[]): SymbolAtlas {
  const cell = Math.max(2, Math.round(size * dpr));
  const rows = rowsOf(palette);
  const make = (alpha: number) => {
    const px = new Uint32Array(cell * cell * rows.length);
    rows.forEach(({ fill }, row) => px.fill(hexToPixel(fill, alpha), row * cell * cell, (row + 1) * cell * cell));
    return { px, width: cell, height: cell * rows.length };
  };
  return {
    sheet: make(1),
    staleSheet: make(staleAlpha),
    cell,
    cellOf: (kind, _heading, colour) => [0, rowOf(kind, colour) * cell],
  };
}

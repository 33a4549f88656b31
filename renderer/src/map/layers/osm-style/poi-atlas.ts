// POI symbols per category (a coloured disc with a white glyph), pre-rendered into one sprite sheet
// so POIs are blitted like the tracked-object symbols.
import { sheetFromCanvas, type SpriteSheet } from '../sprite-blitter.js';
import { POI_CATEGORIES, type PoiCategory } from './osm-style.js';

/** Disc colour per category, close to the basemap's POI icon colours. */
export const POI_COLORS: Record<PoiCategory, string> = {
  food: '#c77400',
  shop: '#ac39ac',
  tourism: '#0e7fa8',
  transport: '#2f5bb7',
  health: '#bf0000',
  leisure: '#1f8a4c',
  civic: '#7a5230',
  money: '#6b6b00',
  tree: '#5c9f4f',
  amenity: '#6c757d',
};

type Glyph = (c: CanvasRenderingContext2D) => void;

// Glyphs in a 16x16 box centred on 0,0, stroked or filled in white on the disc.
const GLYPHS: Record<PoiCategory, Glyph> = {
  food: (c) => {
    // A fork: three tines and a handle.
    for (const x of [-2.2, 0, 2.2]) {
      c.moveTo(x, -4.5);
      c.lineTo(x, -1);
    }
    c.moveTo(-2.2, -1);
    c.lineTo(2.2, -1);
    c.moveTo(0, -1);
    c.lineTo(0, 4.5);
    c.stroke();
  },
  shop: (c) => {
    // A bag with a handle.
    c.rect(-3.5, -1.5, 7, 6);
    c.fill();
    c.beginPath();
    c.arc(0, -1.5, 2, Math.PI, 0);
    c.stroke();
  },
  tourism: (c) => {
    for (let i = 0; i < 10; i++) {
      const r = i % 2 === 0 ? 4.6 : 2;
      const a = (i * Math.PI) / 5 - Math.PI / 2;
      if (i === 0) c.moveTo(r * Math.cos(a), r * Math.sin(a));
      else c.lineTo(r * Math.cos(a), r * Math.sin(a));
    }
    c.closePath();
    c.fill();
  },
  transport: (c) => {
    // A bus front: body and two wheels' gap.
    c.roundRect(-3.5, -4, 7, 7.5, 1.2);
    c.fill();
    c.fillStyle = POI_COLORS.transport;
    c.fillRect(-2.5, -2.8, 5, 2.4);
  },
  health: (c) => {
    c.rect(-1.2, -4, 2.4, 8);
    c.rect(-4, -1.2, 8, 2.4);
    c.fill();
  },
  leisure: (c) => {
    c.moveTo(0, -4.5);
    c.lineTo(4.2, 3.5);
    c.lineTo(-4.2, 3.5);
    c.closePath();
    c.fill();
  },
  civic: (c) => {
    // A house.
    c.moveTo(0, -4.5);
    c.lineTo(4.2, -0.8);
    c.lineTo(3, -0.8);
    c.lineTo(3, 4);
    c.lineTo(-3, 4);
    c.lineTo(-3, -0.8);
    c.lineTo(-4.2, -0.8);
    c.closePath();
    c.fill();
  },
  money: (c) => {
    c.arc(0, 0, 3.6, 0, Math.PI * 2);
    c.stroke();
    c.beginPath();
    c.arc(0, 0, 1.2, 0, Math.PI * 2);
    c.fill();
  },
  tree: () => undefined,
  amenity: (c) => {
    c.arc(0, 0, 1.8, 0, Math.PI * 2);
    c.fill();
  },
};

export interface PoiAtlas {
  sheet: SpriteSheet | null;
  /** Cell size in device pixels. */
  cell: number;
  /** Source x,y of a category's cell. */
  cellOf(category: PoiCategory): [number, number];
}

/** Renders every category once, `size` CSS pixels wide, at the device pixel ratio. */
export function createPoiAtlas(dpr: number, outline: string, size: number): PoiAtlas {
  const cell = Math.ceil(size * dpr);
  const scale = (size / 16) * dpr;
  const canvas = document.createElement('canvas');
  canvas.width = cell;
  canvas.height = cell * POI_CATEGORIES.length;
  const c = canvas.getContext('2d', { willReadFrequently: true });
  if (c) {
    POI_CATEGORIES.forEach((category, row) => {
      c.save();
      c.translate(cell / 2, row * cell + cell / 2);
      c.scale(scale, scale);
      // Trees and street furniture (benches, bins) are many and minor: smaller discs.
      const r = category === 'tree' || category === 'amenity' ? 4.2 : 6.6;
      c.beginPath();
      c.arc(0, 0, r, 0, Math.PI * 2);
      c.fillStyle = POI_COLORS[category];
      c.strokeStyle = outline;
      c.lineWidth = 1.6;
      c.stroke();
      c.fill();
      // Glyphs only where they can be read.
      if (size >= 12) {
        c.beginPath();
        c.fillStyle = '#ffffff';
        c.strokeStyle = '#ffffff';
        c.lineWidth = 1.2;
        c.lineCap = 'round';
        GLYPHS[category](c);
      }
      c.restore();
    });
  }
  return {
    sheet: c ? sheetFromCanvas(canvas) : null,
    cell,
    cellOf: (category) => [0, POI_CATEGORIES.indexOf(category) * cell],
  };
}

/**
 * The basemap's style: a light and a dark palette, and the ordered drawing rules over the buckets
 * of `schema-buckets.ts` (land, water, buildings, roads by class with casing and widths by zoom,
 * railways, boundaries). Labels are styled in `draw-labels.ts` with the same palette.
 */

export type BasemapTheme = 'light' | 'dark';

export interface Palette {
  background: string;
  water: string;
  wood: string;
  grass: string;
  park: string;
  residential: string;
  commercial: string;
  industrial: string;
  cemetery: string;
  hospital: string;
  school: string;
  sport: string;
  sand: string;
  wetland: string;
  ice: string;
  farmland: string;
  aeroway: string;
  building: string;
  buildingLine: string;
  roads: Record<RoadClass, { fill: string; casing: string }>;
  tunnel: string;
  rail: string;
  ferry: string;
  boundary: string;
  text: string;
  roadText: string;
  waterText: string;
  halo: string;
  poi: Record<string, string>;
}

export type RoadClass =
  'motorway' | 'trunk' | 'primary' | 'secondary' | 'tertiary' | 'minor' | 'service' | 'track' | 'path';

export const PALETTES: Record<BasemapTheme, Palette> = {
  light: {
    background: '#f2efe9',
    water: '#aad3df',
    wood: '#add19e',
    grass: '#cdebb0',
    park: '#c8facc',
    residential: '#e6e2dc',
    commercial: '#f2dad9',
    industrial: '#ebdbe8',
    cemetery: '#aacbaf',
    hospital: '#f5e1e1',
    school: '#fff1ba',
    sport: '#aae0cb',
    sand: '#f5e9c6',
    wetland: '#d6e6d6',
    ice: '#ddecec',
    farmland: '#eef0d5',
    aeroway: '#dadae0',
    building: '#d9d0c9',
    buildingLine: '#c4b6ab',
    roads: {
      motorway: { fill: '#e892a2', casing: '#c24e6b' },
      trunk: { fill: '#f9b29c', casing: '#c84e2f' },
      primary: { fill: '#fcd6a4', casing: '#a06b00' },
      secondary: { fill: '#f7fabf', casing: '#707d05' },
      tertiary: { fill: '#ffffff', casing: '#a9a29a' },
      minor: { fill: '#ffffff', casing: '#bbb3aa' },
      service: { fill: '#ffffff', casing: '#c9c1b8' },
      track: { fill: '#b48a4a', casing: '' },
      path: { fill: '#ec9a8a', casing: '' },
    },
    tunnel: 'rgba(120, 110, 100, 0.45)',
    rail: '#7d7d7d',
    ferry: '#6a7fd6',
    boundary: '#9e8cab',
    text: '#222222',
    roadText: '#3a3a3a',
    waterText: '#2f6c8f',
    halo: 'rgba(255, 255, 255, 0.92)',
    poi: {
      food: '#c77400',
      shop: '#ac39ac',
      health: '#bf0000',
      transport: '#0077b6',
      culture: '#734a08',
      leisure: '#2e8b57',
      education: '#7a5c3a',
      lodging: '#0b5394',
      other: '#6b6b6b',
    },
  },
  dark: {
    background: '#1f242b',
    water: '#1b3346',
    wood: '#22372a',
    grass: '#26392b',
    park: '#25402d',
    residential: '#252a31',
    commercial: '#30292f',
    industrial: '#2c2833',
    cemetery: '#2a3a2e',
    hospital: '#33292c',
    school: '#34321f',
    sport: '#1f3a31',
    sand: '#3a3526',
    wetland: '#233230',
    ice: '#2f3a3c',
    farmland: '#2a2f25',
    aeroway: '#2c2e36',
    building: '#383e48',
    buildingLine: '#464e5a',
    roads: {
      motorway: { fill: '#a35a6b', casing: '#111418' },
      trunk: { fill: '#a86a55', casing: '#111418' },
      primary: { fill: '#8f7550', casing: '#111418' },
      secondary: { fill: '#77784f', casing: '#111418' },
      tertiary: { fill: '#5d636c', casing: '#15181d' },
      minor: { fill: '#4e545d', casing: '#16191e' },
      service: { fill: '#454a52', casing: '#181b20' },
      track: { fill: '#7a6445', casing: '' },
      path: { fill: '#8e5e57', casing: '' },
    },
    tunnel: 'rgba(150, 150, 160, 0.35)',
    rail: '#7a808a',
    ferry: '#5a6aa8',
    boundary: '#8a80a0',
    text: '#e1e5ea',
    roadText: '#c9cfd6',
    waterText: '#7fb0d0',
    halo: 'rgba(20, 24, 30, 0.9)',
    poi: {
      food: '#e49a3c',
      shop: '#c874c8',
      health: '#e55c5c',
      transport: '#4aa8e0',
      culture: '#c0a070',
      leisure: '#5cba84',
      education: '#b09070',
      lodging: '#6fa0d8',
      other: '#9aa0a8',
    },
  },
};

/** Fill buckets, drawn first to last. */
export const FILL_ORDER: { bucket: string; color: keyof Palette; minZoom?: number }[] = [
  { bucket: 'earth', color: 'background' },
  { bucket: 'farmland', color: 'farmland' },
  { bucket: 'residential', color: 'residential' },
  { bucket: 'commercial', color: 'commercial' },
  { bucket: 'industrial', color: 'industrial' },
  { bucket: 'hospital', color: 'hospital' },
  { bucket: 'school', color: 'school' },
  { bucket: 'sand', color: 'sand' },
  { bucket: 'wetland', color: 'wetland' },
  { bucket: 'ice', color: 'ice' },
  { bucket: 'grass', color: 'grass' },
  { bucket: 'wood', color: 'wood' },
  { bucket: 'park', color: 'park' },
  { bucket: 'cemetery', color: 'cemetery' },
  { bucket: 'sport', color: 'sport' },
  { bucket: 'water', color: 'water' },
  { bucket: 'aeroway', color: 'aeroway' },
  { bucket: 'pier', color: 'background' },
];

/** Road classes from the least to the most important: the more important draw on top. */
export const ROAD_ORDER: RoadClass[] = [
  'path',
  'track',
  'service',
  'minor',
  'tertiary',
  'secondary',
  'primary',
  'trunk',
  'motorway',
];

// Width in CSS pixels at zoom 14, and the least width at any zoom.
const ROAD_WIDTH: Record<RoadClass, [number, number]> = {
  motorway: [4.2, 1],
  trunk: [3.8, 0.9],
  primary: [3.4, 0.8],
  secondary: [3, 0.7],
  tertiary: [2.6, 0.6],
  minor: [2, 0.5],
  service: [1.3, 0.4],
  track: [1, 0.4],
  path: [0.7, 0.4],
};

/** Zoom from which a road class is drawn. */
export const ROAD_MIN_ZOOM: Record<RoadClass, number> = {
  motorway: 5,
  trunk: 6,
  primary: 8,
  secondary: 9,
  tertiary: 11,
  minor: 12,
  service: 14,
  track: 14,
  path: 15,
};

/** A road's fill width at `zoom`: roughly its ground width from z14 on, growing ×1.75 a zoom level. */
export function roadWidth(cls: RoadClass, zoom: number): number {
  const [at14, least] = ROAD_WIDTH[cls];
  const grow = cls === 'path' || cls === 'track' ? 1.35 : 1.75;
  return Math.max(least, at14 * grow ** (zoom - 14));
}

/** The casing (outline) width added on each side, or 0 when the class has none at this zoom. */
export function casingWidth(cls: RoadClass, zoom: number): number {
  if (cls === 'path' || cls === 'track' || zoom < 12) return 0;
  return Math.min(2, 0.5 + roadWidth(cls, zoom) * 0.08);
}

/** The dash pattern for a path at `zoom` (footways dashed, as on openstreetmap.org). */
export function pathDash(zoom: number): number[] {
  return zoom >= 16 ? [4, 3] : [2, 2];
}

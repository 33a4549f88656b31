/**
 * Tag → look for static OSM objects, in the colours of the vector basemap's light style
 * (vector-tiles/vector-style.ts): areas by
 * landuse/natural/leisure/building/water, lines by highway/railway/waterway class with widths per
 * zoom, POIs by category. Every look is a shared constant with a draw order, so a frame can batch
 * all objects of one look into one path.
 */
import type { Tags } from '../../../../../electron/contract/domain.js';

/** Line width in CSS pixels per zoom, as [zoom, width] stops (linear between them, flat outside). */
export type WidthStops = readonly (readonly [number, number])[];

export interface AreaLook {
  type: 'area';
  id: string;
  fill: string;
  /** 0 draws only the outline (boundaries), which hit tests then ignore inside. */
  fillAlpha: number;
  stroke: string | null;
  strokeWidth: number;
  dash: readonly number[] | null;
}

export interface LineLook {
  type: 'line';
  id: string;
  color: string;
  widths: WidthStops;
  /** Drawn under every fill, `casingWidth` pixels wider on each side. */
  casing: string | null;
  casingWidth: number;
  dash: readonly number[] | null;
  /** Below this zoom the line is not drawn (a footway at zoom 11 is noise). */
  minZoom: number;
}

export type PoiCategory =
  'food' | 'shop' | 'tourism' | 'transport' | 'health' | 'leisure' | 'civic' | 'money' | 'tree' | 'amenity';

export interface PoiLook {
  type: 'poi';
  id: string;
  category: PoiCategory;
}

export type OsmLook = AreaLook | LineLook | PoiLook;

const area = (id: string, fill: string, stroke: string | null = null, fillAlpha = 1, strokeWidth = 1): AreaLook => ({
  type: 'area',
  id,
  fill,
  fillAlpha,
  stroke,
  strokeWidth,
  dash: null,
});

const line = (
  id: string,
  color: string,
  widths: WidthStops,
  more: Partial<Pick<LineLook, 'casing' | 'casingWidth' | 'dash' | 'minZoom'>> = {},
): LineLook => ({ type: 'line', id, color, widths, casing: null, casingWidth: 1, dash: null, minZoom: 0, ...more });

/** Areas, in draw order (first drawn lowest). */
export const AREA_LOOKS = {
  residential: area('residential', '#e0dfdf', null, 0.7),
  commercial: area('commercial', '#f2dad9', null, 0.7),
  industrial: area('industrial', '#ebdbe8', null, 0.7),
  farmland: area('farmland', '#eef0d5', null, 0.8),
  sand: area('sand', '#f5e9c6', null, 0.9),
  grass: area('grass', '#cdebb0', null, 0.9),
  wood: area('wood', '#add19e', null, 0.9),
  park: area('park', '#c8facc', '#a8d8a8', 0.9),
  cemetery: area('cemetery', '#aacbaf', null, 0.9),
  pitch: area('pitch', '#aae0cb', '#88c4a8', 1),
  water: area('water', '#aad3df', '#93c3d2', 1),
  pier: area('pier', '#f2efe9', '#c8c0b4', 1),
  parking: area('parking', '#eeeeee', '#d8d8d8', 1),
  pedestrian: area('pedestrian', '#dddde8', '#c6c6d2', 1),
  other: area('other', '#9aa5b1', '#6c757d', 0.18, 1.5),
  building: area('building', '#d9d0c9', '#c4b6ab', 1),
  boundary: { ...area('boundary', '#000000', '#9e7fb6', 0, 1.5), dash: [6, 3, 2, 3] },
} satisfies Record<string, AreaLook>;

const MINOR_CASING = '#bbb3aa';
/** Lines, in draw order (first drawn lowest): unknown, water, paths, minor to major roads, railways. */
export const LINE_LOOKS = {
  // Unknown lines (route relations, power lines…) lie under everything a map reader looks for.
  other: line('other', '#8d96a0', [
    [10, 1],
    [18, 2],
  ]),
  coastline: line('coastline', '#6fa8c0', [
    [12, 1],
    [18, 2],
  ]),
  river: line('river', '#aad3df', [
    [10, 1.5],
    [14, 3],
    [18, 8],
  ]),
  stream: line(
    'stream',
    '#aad3df',
    [
      [13, 1],
      [18, 3],
    ],
    { minZoom: 13 },
  ),
  barrier: line(
    'barrier',
    '#a09a94',
    [
      [16, 0.8],
      [19, 1.5],
    ],
    { minZoom: 16 },
  ),
  pier: line(
    'pier',
    '#f2efe9',
    [
      [14, 2],
      [16, 4],
      [18, 10],
    ],
    { casing: '#c8c0b4', minZoom: 13 },
  ),
  path: line(
    'path',
    '#e9806f',
    [
      [14, 1],
      [16, 1.5],
      [18, 2.5],
    ],
    { dash: [4, 3], minZoom: 14 },
  ),
  cycleway: line(
    'cycleway',
    '#3b5bdb',
    [
      [14, 1],
      [16, 1.5],
      [18, 2.5],
    ],
    { dash: [4, 3], minZoom: 14 },
  ),
  steps: line(
    'steps',
    '#e9806f',
    [
      [15, 2],
      [18, 4],
    ],
    { dash: [1.5, 1.5], minZoom: 15 },
  ),
  track: line(
    'track',
    '#b48a4a',
    [
      [13, 1],
      [16, 1.5],
      [18, 2.5],
    ],
    { dash: [6, 3], minZoom: 13 },
  ),
  service: line(
    'service',
    '#ffffff',
    [
      [13, 0.8],
      [16, 2.5],
      [18, 7],
    ],
    { casing: '#c9c1b8', minZoom: 13 },
  ),
  pedestrian: line(
    'pedestrian',
    '#dddde8',
    [
      [13, 1],
      [16, 4],
      [18, 10],
    ],
    { casing: '#a5a5b8', minZoom: 13 },
  ),
  minor: line(
    'minor',
    '#ffffff',
    [
      [11, 0.5],
      [13, 1.5],
      [16, 5],
      [18, 13],
    ],
    { casing: MINOR_CASING },
  ),
  tertiary: line(
    'tertiary',
    '#ffffff',
    [
      [10, 0.8],
      [13, 2],
      [16, 6],
      [18, 15],
    ],
    { casing: '#a9a29a' },
  ),
  secondary: line(
    'secondary',
    '#f7fabf',
    [
      [8, 0.8],
      [13, 2.5],
      [16, 7],
      [18, 16],
    ],
    { casing: '#707d05' },
  ),
  primary: line(
    'primary',
    '#fcd6a4',
    [
      [7, 0.8],
      [13, 3],
      [16, 8],
      [18, 17],
    ],
    { casing: '#a06b00' },
  ),
  trunk: line(
    'trunk',
    '#f9b29c',
    [
      [5, 0.8],
      [13, 3.5],
      [16, 9],
      [18, 18],
    ],
    { casing: '#c84e2f' },
  ),
  motorway: line(
    'motorway',
    '#e892a2',
    [
      [5, 1],
      [13, 4],
      [16, 10],
      [18, 19],
    ],
    { casing: '#c24e6b' },
  ),
  tram: line(
    'tram',
    '#6b6b6b',
    [
      [13, 1],
      [18, 2],
    ],
    { minZoom: 13 },
  ),
  rail: line(
    'rail',
    '#ffffff',
    [
      [10, 1],
      [14, 1.5],
      [18, 3],
    ],
    { casing: '#8f8f8f', dash: [6, 6] },
  ),
} satisfies Record<string, LineLook>;

export const POI_CATEGORIES: readonly PoiCategory[] = [
  'food',
  'shop',
  'tourism',
  'transport',
  'health',
  'leisure',
  'civic',
  'money',
  'tree',
  'amenity',
];
const POI_LOOKS = Object.fromEntries(
  POI_CATEGORIES.map((category) => [category, { type: 'poi', id: `poi-${category}`, category } satisfies PoiLook]),
) as Record<PoiCategory, PoiLook>;

/** Every area and line look in draw order; a look's index here is its bucket in a frame. */
export const PATH_LOOKS: readonly (AreaLook | LineLook)[] = [
  ...Object.values(AREA_LOOKS),
  ...Object.values(LINE_LOOKS),
];

const str = (tags: Tags, key: string): string | undefined => {
  const v = tags[key];
  return v === undefined ? undefined : String(v);
};

const HIGHWAY_LINES: Record<string, LineLook> = {
  motorway: LINE_LOOKS.motorway,
  trunk: LINE_LOOKS.trunk,
  primary: LINE_LOOKS.primary,
  secondary: LINE_LOOKS.secondary,
  tertiary: LINE_LOOKS.tertiary,
  residential: LINE_LOOKS.minor,
  unclassified: LINE_LOOKS.minor,
  living_street: LINE_LOOKS.minor,
  road: LINE_LOOKS.minor,
  busway: LINE_LOOKS.minor,
  service: LINE_LOOKS.service,
  pedestrian: LINE_LOOKS.pedestrian,
  footway: LINE_LOOKS.path,
  path: LINE_LOOKS.path,
  bridleway: LINE_LOOKS.path,
  corridor: LINE_LOOKS.path,
  cycleway: LINE_LOOKS.cycleway,
  steps: LINE_LOOKS.steps,
  track: LINE_LOOKS.track,
};

function highwayLine(value: string): LineLook | null {
  // motorway_link and friends look like their road.
  return HIGHWAY_LINES[value.replace(/_link$/, '')] ?? null;
}

function lineLook(tags: Tags): LineLook {
  const highway = str(tags, 'highway');
  const hw = highway ? highwayLine(highway) : null;
  if (hw) return hw;
  const railway = str(tags, 'railway');
  if (railway === 'rail' || railway === 'preserved' || railway === 'narrow_gauge' || railway === 'funicular')
    return LINE_LOOKS.rail;
  if (railway === 'tram' || railway === 'light_rail' || railway === 'subway' || railway === 'monorail')
    return LINE_LOOKS.tram;
  const waterway = str(tags, 'waterway');
  if (waterway === 'river' || waterway === 'canal') return LINE_LOOKS.river;
  if (waterway) return LINE_LOOKS.stream;
  if (tags.natural === 'coastline') return LINE_LOOKS.coastline;
  const manMade = str(tags, 'man_made');
  if (manMade === 'pier' || manMade === 'breakwater' || manMade === 'groyne' || manMade === 'quay')
    return LINE_LOOKS.pier;
  if (tags.barrier !== undefined || tags.natural === 'cliff') return LINE_LOOKS.barrier;
  return LINE_LOOKS.other;
}

const LANDUSE_AREAS: Record<string, AreaLook> = {
  residential: AREA_LOOKS.residential,
  commercial: AREA_LOOKS.commercial,
  retail: AREA_LOOKS.commercial,
  industrial: AREA_LOOKS.industrial,
  railway: AREA_LOOKS.industrial,
  construction: AREA_LOOKS.industrial,
  farmland: AREA_LOOKS.farmland,
  orchard: AREA_LOOKS.farmland,
  vineyard: AREA_LOOKS.farmland,
  allotments: AREA_LOOKS.farmland,
  grass: AREA_LOOKS.grass,
  meadow: AREA_LOOKS.grass,
  flowerbed: AREA_LOOKS.grass,
  village_green: AREA_LOOKS.grass,
  recreation_ground: AREA_LOOKS.park,
  forest: AREA_LOOKS.wood,
  cemetery: AREA_LOOKS.cemetery,
  basin: AREA_LOOKS.water,
  reservoir: AREA_LOOKS.water,
};

const NATURAL_AREAS: Record<string, AreaLook> = {
  water: AREA_LOOKS.water,
  bay: AREA_LOOKS.water,
  strait: AREA_LOOKS.water,
  wetland: AREA_LOOKS.grass,
  wood: AREA_LOOKS.wood,
  scrub: AREA_LOOKS.wood,
  shrubbery: AREA_LOOKS.grass,
  grassland: AREA_LOOKS.grass,
  heath: AREA_LOOKS.grass,
  beach: AREA_LOOKS.sand,
  sand: AREA_LOOKS.sand,
  bare_rock: AREA_LOOKS.sand,
};

const LEISURE_AREAS: Record<string, AreaLook> = {
  park: AREA_LOOKS.park,
  garden: AREA_LOOKS.park,
  playground: AREA_LOOKS.park,
  nature_reserve: AREA_LOOKS.park,
  golf_course: AREA_LOOKS.park,
  pitch: AREA_LOOKS.pitch,
  track: AREA_LOOKS.pitch,
  sports_centre: AREA_LOOKS.pitch,
  stadium: AREA_LOOKS.pitch,
  swimming_pool: AREA_LOOKS.water,
  marina: AREA_LOOKS.water,
};

function areaLook(tags: Tags): AreaLook {
  if (tags.boundary !== undefined || tags.type === 'boundary') return AREA_LOOKS.boundary;
  const building = str(tags, 'building') ?? str(tags, 'building:part');
  if (building && building !== 'no') return AREA_LOOKS.building;
  if (tags.waterway === 'riverbank' || tags.waterway === 'dock' || tags.water !== undefined) return AREA_LOOKS.water;
  const natural = str(tags, 'natural');
  if (natural && NATURAL_AREAS[natural]) return NATURAL_AREAS[natural];
  const leisure = str(tags, 'leisure');
  if (leisure && LEISURE_AREAS[leisure]) return LEISURE_AREAS[leisure];
  const landuse = str(tags, 'landuse');
  if (landuse && LANDUSE_AREAS[landuse]) return LANDUSE_AREAS[landuse];
  const manMade = str(tags, 'man_made');
  if (manMade === 'pier' || manMade === 'breakwater' || manMade === 'quay' || manMade === 'bridge')
    return AREA_LOOKS.pier;
  if (tags.amenity === 'parking' || tags.amenity === 'bicycle_parking') return AREA_LOOKS.parking;
  if (tags.highway !== undefined || tags.place === 'square') return AREA_LOOKS.pedestrian;
  return AREA_LOOKS.other;
}

const FOOD = new Set(['restaurant', 'cafe', 'fast_food', 'bar', 'pub', 'ice_cream', 'food_court', 'biergarten']);
const HEALTH = new Set(['pharmacy', 'hospital', 'clinic', 'doctors', 'dentist', 'veterinary']);
const MONEY = new Set(['bank', 'atm', 'bureau_de_change']);
const TRANSPORT = new Set([
  'parking',
  'parking_entrance',
  'bicycle_parking',
  'motorcycle_parking',
  'bicycle_rental',
  'fuel',
  'bus_station',
  'taxi',
  'ferry_terminal',
  'car_rental',
  'charging_station',
]);
const CIVIC = new Set([
  'school',
  'university',
  'college',
  'kindergarten',
  'library',
  'townhall',
  'courthouse',
  'police',
  'fire_station',
  'post_office',
  'place_of_worship',
  'theatre',
  'cinema',
  'arts_centre',
  'community_centre',
]);

function poiCategory(tags: Tags): PoiCategory {
  const amenity = str(tags, 'amenity');
  if (amenity && FOOD.has(amenity)) return 'food';
  if (amenity && HEALTH.has(amenity)) return 'health';
  if (amenity && MONEY.has(amenity)) return 'money';
  if (amenity && TRANSPORT.has(amenity)) return 'transport';
  if (amenity && CIVIC.has(amenity)) return 'civic';
  if (tags.shop !== undefined) return 'shop';
  if (tags.healthcare !== undefined) return 'health';
  if (tags.tourism !== undefined || tags.historic !== undefined) return 'tourism';
  if (tags.public_transport !== undefined || tags.railway === 'station' || tags.railway === 'halt') return 'transport';
  if (tags.highway === 'bus_stop' || tags.aeroway !== undefined) return 'transport';
  if (tags.leisure !== undefined || tags.sport !== undefined) return 'leisure';
  if (tags.natural === 'tree') return 'tree';
  if (tags.office !== undefined || tags.craft !== undefined) return 'civic';
  return 'amenity';
}

/** The geometry families the looks are chosen for. */
export type GeometryFamily = 'point' | 'line' | 'area';

/** The look of a static OSM object with these tags and this geometry family. */
export function osmLook(tags: Tags, family: GeometryFamily): OsmLook {
  if (family === 'point') return POI_LOOKS[poiCategory(tags)];
  if (family === 'line') return lineLook(tags);
  return areaLook(tags);
}

/** Width in CSS pixels of a line look at a (fractional) zoom. */
export function lineWidth(stops: WidthStops, zoom: number): number {
  const first = stops[0]!;
  if (zoom <= first[0]) return first[1];
  for (let i = 1; i < stops.length; i++) {
    const [z1, w1] = stops[i]!;
    if (zoom <= z1) {
      const [z0, w0] = stops[i - 1]!;
      return w0 + ((w1 - w0) * (zoom - z0)) / (z1 - z0);
    }
  }
  return stops[stops.length - 1]![1];
}

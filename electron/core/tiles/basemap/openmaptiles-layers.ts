/**
 * Which OpenMapTiles layers an OSM feature goes into, with the attributes the style uses and the
 * lowest zoom it appears at (a trimmed OpenMapTiles: the classes and zooms of its transportation,
 * building, water, waterway, landuse, landcover, park, boundary, place and poi layers).
 */
import type { Geometry, Position } from 'geojson';

/** One OSM feature as the extract readers yield it. */
export interface OsmFeature {
  type: 'node' | 'way' | 'relation';
  osmId: string;
  tags: Record<string, string | number | boolean>;
  geom: Geometry;
}

export type OmtLayer =
  | 'transportation'
  | 'transportation_name'
  | 'building'
  | 'water'
  | 'waterway'
  | 'landuse'
  | 'landcover'
  | 'park'
  | 'boundary'
  | 'place'
  | 'poi';

/** A feature for one layer: its attributes, its geometry, and the first zoom that shows it. */
export interface LayerFeature {
  layer: OmtLayer;
  minzoom: number;
  props: Record<string, string | number>;
  geom: Geometry;
}

/** Every layer with its attribute names, for the MBTiles `json` metadata row. */
export const OMT_LAYER_FIELDS: Record<OmtLayer, string[]> = {
  transportation: ['class', 'subclass', 'brunnel', 'oneway', 'ramp', 'service', 'layer'],
  transportation_name: ['name', 'name_en', 'class', 'subclass', 'ref'],
  building: ['render_height'],
  water: ['class', 'intermittent'],
  waterway: ['class', 'name', 'brunnel'],
  landuse: ['class'],
  landcover: ['class', 'subclass'],
  park: ['class', 'name'],
  boundary: ['admin_level', 'maritime'],
  place: ['class', 'name', 'name_en', 'rank'],
  poi: ['class', 'subclass', 'name', 'name_en', 'rank'],
};

const ROADS: Record<string, [cls: string, minzoom: number]> = {
  motorway: ['motorway', 4],
  trunk: ['trunk', 5],
  primary: ['primary', 7],
  secondary: ['secondary', 9],
  tertiary: ['tertiary', 11],
  unclassified: ['minor', 12],
  residential: ['minor', 12],
  living_street: ['minor', 12],
  road: ['minor', 12],
  service: ['service', 13],
  track: ['track', 13],
  pedestrian: ['path', 13],
  footway: ['path', 13],
  path: ['path', 13],
  cycleway: ['path', 13],
  bridleway: ['path', 13],
  steps: ['path', 13],
  busway: ['busway', 12],
  raceway: ['raceway', 12],
};
const RAILS: Record<string, [cls: string, minzoom: number]> = {
  rail: ['rail', 9],
  narrow_gauge: ['rail', 11],
  preserved: ['rail', 11],
  funicular: ['rail', 12],
  light_rail: ['transit', 11],
  subway: ['transit', 12],
  tram: ['transit', 12],
  monorail: ['transit', 12],
};
const WATER: Record<string, string> = { water: 'lake', bay: 'ocean', strait: 'ocean' };
const WATERWAYS: Record<string, number> = { river: 9, canal: 11, stream: 13, drain: 14, ditch: 14 };
const LANDUSE = new Set([
  'residential',
  'commercial',
  'industrial',
  'retail',
  'railway',
  'cemetery',
  'military',
  'quarry',
  'garages',
  'construction',
  'brownfield',
  'religious',
  'farmyard',
]);
const LANDUSE_AMENITY = new Set(['school', 'university', 'college', 'kindergarten', 'hospital', 'stadium']);
const LANDCOVER: Record<string, string> = {
  wood: 'wood',
  forest: 'wood',
  scrub: 'scrub',
  heath: 'scrub',
  grassland: 'grass',
  grass: 'grass',
  meadow: 'grass',
  village_green: 'grass',
  recreation_ground: 'grass',
  allotments: 'farmland',
  farmland: 'farmland',
  orchard: 'farmland',
  vineyard: 'farmland',
  wetland: 'wetland',
  sand: 'sand',
  beach: 'sand',
  bare_rock: 'rock',
  scree: 'rock',
  cliff: 'rock',
  glacier: 'ice',
};
const PLACES: Record<string, [rank: number, minzoom: number]> = {
  country: [1, 0],
  state: [2, 3],
  city: [3, 4],
  town: [4, 7],
  village: [5, 10],
  suburb: [6, 11],
  quarter: [7, 12],
  island: [6, 11],
  neighbourhood: [8, 13],
  hamlet: [8, 13],
  locality: [9, 14],
  isolated_dwelling: [9, 14],
};
const POI_KEYS = ['amenity', 'shop', 'tourism', 'leisure', 'historic', 'railway', 'office', 'sport', 'craft'];
const POI_RAILWAY = new Set(['station', 'halt', 'tram_stop', 'subway_entrance']);
const MAJOR_POI = new Set(['hospital', 'station', 'museum', 'townhall', 'university', 'stadium', 'attraction']);

const str = (v: string | number | boolean | undefined): string | undefined =>
  v === undefined || v === '' ? undefined : String(v);
const isArea = (g: Geometry) => g.type === 'Polygon' || g.type === 'MultiPolygon';
const isLine = (g: Geometry) => g.type === 'LineString' || g.type === 'MultiLineString';
const isPoint = (g: Geometry) => g.type === 'Point';

/** The name attributes: `name`, and `name_en` when it differs. */
function names(tags: OsmFeature['tags']): Record<string, string> {
  const out: Record<string, string> = {};
  const name = str(tags.name);
  if (name) out.name = name;
  const en = str(tags['name:en']);
  if (en && en !== name) out.name_en = en;
  return out;
}

/** All the layer features of one OSM feature (none when no layer wants it). */
export function toLayerFeatures(f: OsmFeature): LayerFeature[] {
  const out: LayerFeature[] = [];
  const t = f.tags;
  const g = f.geom;
  if (isLine(g)) transportation(t, g, out);
  if (isArea(g)) areas(t, g, out);
  if (isLine(g) && str(t.waterway) && WATERWAYS[String(t.waterway)] !== undefined) {
    const brunnel =
      str(t.tunnel) && t.tunnel !== 'no' ? 'tunnel' : str(t.bridge) && t.bridge !== 'no' ? 'bridge' : undefined;
    const props = { class: String(t.waterway), ...names(t), ...(brunnel ? { brunnel } : {}) };
    out.push({ layer: 'waterway', minzoom: WATERWAYS[String(t.waterway)]!, props, geom: g });
  }
  if (t.boundary === 'administrative' && (isArea(g) || isLine(g))) boundary(t, g, out);
  if (isPoint(g) && str(t.place) && PLACES[String(t.place)] && str(t.name)) {
    const [rank, minzoom] = PLACES[String(t.place)]!;
    out.push({ layer: 'place', minzoom, props: { class: String(t.place), ...names(t), rank }, geom: g });
  }
  poi(t, g, out);
  return out;
}

function transportation(t: OsmFeature['tags'], g: Geometry, out: LayerFeature[]): void {
  const highway = str(t.highway);
  const railway = str(t.railway);
  let hit: [string, number] | undefined;
  let subclass: string | undefined;
  let ramp = false;
  if (highway) {
    const base = highway.replace(/_link$/, '');
    ramp = base !== highway;
    hit = ROADS[base];
    if (hit && (hit[0] === 'path' || hit[0] === 'minor' || hit[0] === 'service')) subclass = highway;
    if (hit && ramp) hit = [hit[0], Math.max(hit[1], 9)];
  } else if (railway && RAILS[railway]) {
    hit = RAILS[railway];
    subclass = railway;
  } else if (t.route === 'ferry') hit = ['ferry', 10];
  if (!hit) return;
  const [cls, minzoom] = hit;
  const brunnel = t.bridge && t.bridge !== 'no' ? 'bridge' : t.tunnel && t.tunnel !== 'no' ? 'tunnel' : undefined;
  const props: Record<string, string | number> = { class: cls };
  if (subclass) props.subclass = subclass;
  if (brunnel) props.brunnel = brunnel;
  if (ramp) props.ramp = 1;
  if (t.oneway === 'yes' || t.oneway === '1' || t.oneway === true) props.oneway = 1;
  if (str(t.service)) props.service = String(t.service);
  const layer = Number(t.layer);
  if (Number.isInteger(layer) && layer !== 0) props.layer = layer;
  out.push({ layer: 'transportation', minzoom, props, geom: g });
  const label = names(t);
  const ref = str(t.ref);
  if (label.name || ref) {
    const nameProps = { ...label, class: cls, ...(subclass ? { subclass } : {}), ...(ref ? { ref } : {}) };
    out.push({ layer: 'transportation_name', minzoom: Math.max(minzoom, 8), props: nameProps, geom: g });
  }
}

function areas(t: OsmFeature['tags'], g: Geometry, out: LayerFeature[]): void {
  const building = str(t.building) ?? str(t['building:part']);
  if (building && building !== 'no') {
    const height = parseFloat(String(t.height ?? ''));
    const levels = parseFloat(String(t['building:levels'] ?? ''));
    const h = Number.isFinite(height) ? height : Number.isFinite(levels) ? levels * 3.66 : undefined;
    out.push({
      layer: 'building',
      minzoom: 13,
      props: h !== undefined ? { render_height: Math.round(h) } : {},
      geom: g,
    });
  }
  const natural = str(t.natural);
  const water =
    (natural && WATER[natural]) ??
    (t.waterway === 'riverbank' ? 'river' : undefined) ??
    (t.landuse === 'reservoir' || t.landuse === 'basin' ? 'lake' : undefined) ??
    (t.waterway === 'dock' ? 'dock' : undefined) ??
    (t.leisure === 'swimming_pool' ? 'swimming_pool' : undefined);
  if (water) {
    const props: Record<string, string | number> = { class: water };
    if (t.intermittent === 'yes') props.intermittent = 1;
    out.push({ layer: 'water', minzoom: 6, props, geom: g });
  }
  const landuse = str(t.landuse);
  const amenity = str(t.amenity);
  const luClass =
    landuse && LANDUSE.has(landuse) ? landuse : amenity && LANDUSE_AMENITY.has(amenity) ? amenity : undefined;
  if (luClass)
    out.push({ layer: 'landuse', minzoom: luClass === 'residential' ? 8 : 10, props: { class: luClass }, geom: g });
  const cover = [natural, landuse, str(t.leisure)].find((v) => v && LANDCOVER[v]);
  if (cover)
    out.push({ layer: 'landcover', minzoom: 9, props: { class: LANDCOVER[cover]!, subclass: cover }, geom: g });
  const park =
    t.leisure === 'park' || t.leisure === 'nature_reserve' || t.leisure === 'garden'
      ? String(t.leisure)
      : t.boundary === 'national_park' || t.boundary === 'protected_area'
        ? String(t.boundary)
        : undefined;
  if (park) out.push({ layer: 'park', minzoom: 10, props: { class: park, ...names(t) }, geom: g });
}

function boundary(t: OsmFeature['tags'], g: Geometry, out: LayerFeature[]): void {
  const level = Number(t.admin_level);
  if (!Number.isInteger(level) || level < 2 || level > 10) return;
  const minzoom = level <= 2 ? 0 : level <= 4 ? 4 : level <= 6 ? 8 : 10;
  const props: Record<string, string | number> = { admin_level: level };
  if (t.maritime === 'yes') props.maritime = 1;
  // OpenMapTiles draws boundaries as lines: an area's rings become its lines.
  out.push({ layer: 'boundary', minzoom, props, geom: isArea(g) ? ringsAsLines(g) : g });
}

function poi(t: OsmFeature['tags'], g: Geometry, out: LayerFeature[]): void {
  if (!str(t.name)) return;
  const key = POI_KEYS.find((k) => str(t[k]) && (k !== 'railway' || POI_RAILWAY.has(String(t[k]))));
  if (!key) return;
  const subclass = String(t[key]);
  const at = isPoint(g) ? g : isArea(g) ? centre(g) : undefined;
  if (!at) return;
  const major = MAJOR_POI.has(subclass);
  const props = { class: key === 'railway' ? 'railway' : subclass, subclass, ...names(t), rank: major ? 1 : 10 };
  out.push({ layer: 'poi', minzoom: major ? 12 : 14, props, geom: at });
}

function ringsAsLines(g: Geometry): Geometry {
  const polygons: Position[][][] =
    g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  return { type: 'MultiLineString', coordinates: polygons.flat() };
}

/** A label point for an area: the centre of its largest outer ring's bounding box. */
function centre(g: Geometry): Geometry | undefined {
  const rings =
    g.type === 'Polygon' ? [g.coordinates[0]] : g.type === 'MultiPolygon' ? g.coordinates.map((p) => p[0]) : [];
  let best: [number, number, number, number] | undefined;
  let bestSize = -1;
  for (const ring of rings) {
    if (!ring?.length) continue;
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x = 0, y = 0] of ring) [w, s, e, n] = [Math.min(w, x), Math.min(s, y), Math.max(e, x), Math.max(n, y)];
    const size = (e - w) * (n - s);
    if (size > bestSize) [best, bestSize] = [[w, s, e, n], size];
  }
  return best ? { type: 'Point', coordinates: [(best[0] + best[2]) / 2, (best[1] + best[3]) / 2] } : undefined;
}

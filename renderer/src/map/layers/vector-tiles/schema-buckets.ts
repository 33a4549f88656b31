/**
 * Sorts vector-tile features into the style's buckets (water, wood, building, road:primary, …) and
 * label kinds, for the two schemas a basemap may follow: OpenMapTiles (tilemaker, MapTiler, the
 * app's own builder) and Protomaps (layer names `earth`, `roads`, `places`, … with `kind`).
 * Protomaps is mapped onto the OpenMapTiles classes, so one style draws both.
 */

export type VectorSchema = 'openmaptiles' | 'protomaps';

export interface FeatureKind {
  bucket: string;
}

export type LabelKind =
  | 'country'
  | 'city'
  | 'town'
  | 'village'
  | 'suburb'
  | 'neighbourhood'
  | 'road-major'
  | 'road-minor'
  | 'road-path'
  | 'poi'
  | 'water'
  | 'housenumber';

export interface LabelInfo {
  kind: LabelKind;
  text: string;
  rank: number;
  /** POI category for its dot colour (food, shop, health, transport, culture, leisure, education, other). */
  category?: string;
  /** Zoom from which this label shows, when it depends on the feature (POIs by importance). */
  minZoom?: number;
}

type Props = Record<string, string | number | boolean>;
type GeomType = 1 | 2 | 3;

const ROAD_CLASSES = new Set([
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'minor',
  'service',
  'track',
  'path',
]);
const WOOD = new Set(['wood', 'forest']);
const GRASS = new Set([
  'grass',
  'grassland',
  'meadow',
  'scrub',
  'heath',
  'park',
  'garden',
  'village_green',
  'recreation_ground',
]);
const LANDUSE: Record<string, string> = {
  residential: 'residential',
  suburb: 'residential',
  neighbourhood: 'residential',
  commercial: 'commercial',
  retail: 'commercial',
  industrial: 'industrial',
  railway: 'industrial',
  quarry: 'industrial',
  cemetery: 'cemetery',
  grave_yard: 'cemetery',
  hospital: 'hospital',
  school: 'school',
  university: 'school',
  college: 'school',
  kindergarten: 'school',
  library: 'school',
  stadium: 'sport',
  pitch: 'sport',
  playground: 'sport',
  track: 'sport',
  zoo: 'park',
  theme_park: 'park',
  farmland: 'farmland',
  farm: 'farmland',
  orchard: 'farmland',
  vineyard: 'farmland',
  military: 'industrial',
};
const LANDCOVER: Record<string, string> = {
  sand: 'sand',
  beach: 'sand',
  barren: 'sand',
  wetland: 'wetland',
  ice: 'ice',
  glacier: 'ice',
  farmland: 'farmland',
  rock: 'sand',
};
const PLACE_KINDS: Record<string, LabelKind> = {
  country: 'country',
  state: 'country',
  city: 'city',
  town: 'town',
  village: 'village',
  hamlet: 'neighbourhood',
  suburb: 'suburb',
  quarter: 'suburb',
  neighbourhood: 'neighbourhood',
  island: 'village',
  islet: 'neighbourhood',
  locality: 'neighbourhood',
};
const PLACE_RANK: Record<LabelKind, number> = {
  country: 0,
  city: 1,
  town: 2,
  village: 3,
  suburb: 4,
  neighbourhood: 5,
  'road-major': 10,
  'road-minor': 12,
  'road-path': 14,
  poi: 20,
  water: 8,
  housenumber: 40,
};
const POI_CATEGORIES: Record<string, string> = {
  restaurant: 'food',
  cafe: 'food',
  bar: 'food',
  pub: 'food',
  fast_food: 'food',
  ice_cream: 'food',
  beer: 'food',
  bakery: 'shop',
  shop: 'shop',
  grocery: 'shop',
  clothing_store: 'shop',
  alcohol_shop: 'shop',
  hospital: 'health',
  pharmacy: 'health',
  doctors: 'health',
  clinic: 'health',
  dentist: 'health',
  bus: 'transport',
  railway: 'transport',
  station: 'transport',
  entrance: 'transport',
  harbor: 'transport',
  ferry_terminal: 'transport',
  parking: 'transport',
  museum: 'culture',
  attraction: 'culture',
  art_gallery: 'culture',
  theatre: 'culture',
  cinema: 'culture',
  monument: 'culture',
  historic: 'culture',
  castle: 'culture',
  place_of_worship: 'culture',
  town_hall: 'culture',
  park: 'leisure',
  garden: 'leisure',
  leisure: 'leisure',
  stadium: 'leisure',
  playground: 'leisure',
  zoo: 'leisure',
  school: 'education',
  college: 'education',
  library: 'education',
  university: 'education',
  lodging: 'lodging',
  hotel: 'lodging',
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** The feature's name: `name`, else the Latin or English one tilemaker and Protomaps write. */
export function nameOf(p: Props): string {
  return str(p.name) || str(p['name:latin']) || str(p.name_en) || str(p['name:en']) || str(p.name_int);
}

function landBucket(cls: string, subclass: string): string | null {
  if (WOOD.has(cls) || WOOD.has(subclass)) return 'wood';
  if (cls === 'park' || subclass === 'park' || subclass === 'garden') return 'park';
  if (GRASS.has(cls) || GRASS.has(subclass)) return 'grass';
  return LANDUSE[cls] ?? LANDCOVER[cls] ?? null;
}

function roadBucket(cls: string, brunnel: string): string | null {
  if (cls === 'rail' || cls === 'transit') return brunnel === 'tunnel' ? null : 'rail';
  if (cls === 'ferry') return 'ferry';
  const base = cls.replace(/_construction$/, '');
  if (!ROAD_CLASSES.has(base)) return null;
  return brunnel === 'tunnel' ? 'tunnel' : `road:${base}`;
}

/** OpenMapTiles layer + class → bucket. */
function omtBucket(layer: string, type: GeomType, p: Props): string | null {
  const cls = str(p.class);
  switch (layer) {
    case 'water':
      return type === 3 ? 'water' : null;
    case 'waterway':
      return type === 2 ? (cls === 'river' || cls === 'canal' ? 'waterway:river' : 'waterway:stream') : null;
    case 'landcover':
    case 'landuse':
      return type === 3 ? landBucket(cls, str(p.subclass)) : null;
    case 'park':
      return type === 3 ? 'park' : null;
    case 'building':
      return type === 3 ? 'building' : null;
    case 'aeroway':
      return type === 3 ? 'aeroway' : null;
    case 'transportation':
      if (type === 3) return cls === 'pier' ? 'pier' : null;
      return type === 2 ? roadBucket(cls, str(p.brunnel)) : null;
    case 'boundary': {
      if (type !== 2 || num(p.maritime, 0) === 1) return null;
      const level = num(p.admin_level, 10);
      return level <= 2 ? 'boundary:country' : level <= 4 ? 'boundary:state' : 'boundary:local';
    }
    default:
      return null;
  }
}

/** Protomaps roads `kind`/`kind_detail` → OpenMapTiles road class. */
function protomapsRoadClass(kind: string, detail: string): string {
  switch (kind) {
    case 'highway':
      return 'motorway';
    case 'major_road':
      return detail === 'trunk' || detail === 'secondary' ? detail : 'primary';
    case 'medium_road':
      return 'tertiary';
    case 'minor_road':
      return detail === 'service' ? 'service' : 'minor';
    case 'path':
      return 'path';
    case 'rail':
      return 'rail';
    case 'ferry':
      return 'ferry';
    default:
      return kind;
  }
}

/** Protomaps layers mapped to the OpenMapTiles equivalents, then bucketed the same way. */
function protomapsAsOmt(layer: string, p: Props): { layer: string; props: Props } | null {
  const kind = str(p.kind);
  const detail = str(p.kind_detail);
  switch (layer) {
    case 'earth':
      return { layer: 'earth', props: p };
    case 'water':
      return { layer: 'water', props: { class: kind } };
    case 'landuse':
    case 'landcover':
    case 'natural':
      return { layer: 'landuse', props: { class: kind, subclass: detail } };
    case 'buildings':
      return { layer: 'building', props: p };
    case 'roads':
    case 'transit':
      return {
        layer: 'transportation',
        props: {
          class: protomapsRoadClass(kind, detail),
          brunnel: p.is_tunnel ? 'tunnel' : p.is_bridge ? 'bridge' : '',
        },
      };
    case 'boundaries':
      return { layer: 'boundary', props: { admin_level: num(p.kind_detail, num(p.admin_level, 4)) } };
    default:
      return null;
  }
}

/** The style bucket a feature belongs to, or null when the basemap does not draw it. */
export function bucketOf(schema: VectorSchema, layer: string, type: GeomType, p: Props): FeatureKind | null {
  if (schema === 'protomaps') {
    const mapped = protomapsAsOmt(layer, p);
    if (!mapped) return null;
    if (mapped.layer === 'earth') return type === 3 ? { bucket: 'earth' } : null;
    if (mapped.layer === 'water' && type === 2) return { bucket: 'waterway:stream' };
    const bucket = omtBucket(mapped.layer, type, mapped.props);
    return bucket ? { bucket } : null;
  }
  const bucket = omtBucket(layer, type, p);
  return bucket ? { bucket } : null;
}

function roadLabelKind(cls: string): LabelKind | null {
  if (['motorway', 'trunk', 'primary', 'secondary'].includes(cls)) return 'road-major';
  if (['tertiary', 'minor', 'service'].includes(cls)) return 'road-minor';
  if (cls === 'path' || cls === 'track') return 'road-path';
  return null;
}

/**
 * A POI label. OpenMapTiles ranks run from 1 (most important) to 25 (tilemaker's catch-all for any
 * named building), so the least important show only close in.
 */
function poiLabel(cls: string, subclass: string, rank: number, text: string): LabelInfo {
  const category = POI_CATEGORIES[cls] ?? POI_CATEGORIES[subclass] ?? 'other';
  const minZoom = rank <= 6 ? 15 : rank <= 20 ? 16 : rank <= 24 ? 17 : 18;
  return { kind: 'poi', text, rank: PLACE_RANK.poi + rank, category, minZoom };
}

/** The label a feature carries (its name, or a house number), or null. */
export function labelOf(schema: VectorSchema, layer: string, type: GeomType, p: Props): LabelInfo | null {
  if (layer === 'housenumber' && type === 1) {
    const text = str(p.housenumber);
    return text ? { kind: 'housenumber', text, rank: PLACE_RANK.housenumber } : null;
  }
  const text = nameOf(p);
  if (!text) return null;
  const cls = str(p.class);
  const kind = str(p.kind);
  const detail = str(p.kind_detail);
  if (schema === 'openmaptiles') {
    if (layer === 'place' && type === 1) {
      const k = PLACE_KINDS[cls];
      return k ? { kind: k, text, rank: PLACE_RANK[k] + num(p.rank, 0) / 100 } : null;
    }
    if (layer === 'transportation_name' && type === 2) {
      const k = roadLabelKind(cls);
      return k ? { kind: k, text, rank: PLACE_RANK[k] } : null;
    }
    if ((layer === 'poi' || layer === 'mountain_peak') && type === 1)
      return poiLabel(cls, str(p.subclass), num(p.rank, 30), text);
    if (layer === 'water_name') return { kind: 'water', text, rank: PLACE_RANK.water };
    return null;
  }
  if (layer === 'places' && type === 1) {
    const k = PLACE_KINDS[kind === 'locality' ? detail || 'town' : kind] ?? PLACE_KINDS[kind];
    return k ? { kind: k, text, rank: PLACE_RANK[k] + (20 - num(p.population_rank, 0)) / 100 } : null;
  }
  if (layer === 'roads' && type === 2) {
    const k = roadLabelKind(protomapsRoadClass(kind, detail));
    return k ? { kind: k, text, rank: PLACE_RANK[k] } : null;
  }
  // Protomaps gives each POI the zoom it first appears at; 14 and below are the important ones.
  if (layer === 'pois' && type === 1) return poiLabel(kind, detail, Math.max(1, (num(p.min_zoom, 16) - 13) * 6), text);
  if (layer === 'water' && (type === 1 || type === 3)) return { kind: 'water', text, rank: PLACE_RANK.water };
  return null;
}

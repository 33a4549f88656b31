/**
 * When a closed way is an area (Polygon) rather than a line: `area=yes/no` decides first; otherwise
 * the keys and key=value pairs below, which are GDAL's `closed_ways_are_polygons` list (osmconf.ini)
 * plus the common additions written down in docs/osm-import.md (water, landcover, riverbanks…).
 * Closed highways and coastlines stay lines unless `area=yes`.
 */
import type { OsmTags } from './osm-model.js';

/** Any value of these keys makes a closed way an area (unless listed in NOT_AREA). */
const AREA_KEYS = new Set([
  // GDAL osmconf.ini closed_ways_are_polygons
  'aeroway',
  'amenity',
  'boundary',
  'building',
  'craft',
  'geological',
  'historic',
  'landuse',
  'leisure',
  'military',
  'natural',
  'office',
  'place',
  'shop',
  'sport',
  'tourism',
  // common additions (osm2pgsql, iD)
  'building:part',
  'landcover',
  'water',
  'wetland',
  'area:highway',
  'indoor',
  'ruins',
]);

/** key=value pairs that make a closed way an area although their key alone does not. */
const AREA_PAIRS = new Set([
  'highway=platform',
  'public_transport=platform',
  'railway=platform',
  'railway=station',
  'waterway=riverbank',
  'waterway=dock',
  'waterway=boatyard',
  'waterway=dam',
  'man_made=pier',
  'man_made=bridge',
  'man_made=wastewater_plant',
  'man_made=water_works',
  'power=plant',
  'power=substation',
  'power=generator',
]);

/** key=value pairs that stay lines even under an area key. */
const NOT_AREA = new Set(['natural=coastline', 'natural=tree_row', 'natural=cliff', 'natural=ridge', 'natural=arete']);

/** True when a closed way with these tags is an area. */
export function isArea(tags: OsmTags): boolean {
  const area = tags.area;
  if (area === 'yes') return true;
  if (area === 'no') return false;
  // A closed highway is a loop road or a pedestrian square drawn as a line, whatever else it carries.
  if (tags.highway !== undefined && !AREA_PAIRS.has(`highway=${tags.highway}`)) return false;
  for (const key in tags) {
    const pair = `${key}=${tags[key]}`;
    if (NOT_AREA.has(pair)) continue;
    if (AREA_KEYS.has(key) || AREA_PAIRS.has(pair)) return true;
  }
  return false;
}

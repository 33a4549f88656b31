/**
 * Test input for the basemap builder until (and beside) our own OSM reader: GDAL's OSM driver reads
 * the extract (`ogr2ogr -f GeoJSONSeq`, layers points, lines, multipolygons) and each GDAL feature
 * becomes the `{ type, osmId, tags, geom }` shape the builder takes (GDAL's `other_tags` hstore
 * column unfolded into tags).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Geometry } from 'geojson';
import type { OsmFeature } from '../../electron/core/tiles/basemap/openmaptiles-layers.js';

const LAYERS = ['points', 'lines', 'multipolygons'] as const;
const GDAL_COLUMNS = new Set(['osm_id', 'osm_way_id', 'other_tags', 'z_order']);

/** Runs ogr2ogr into `dir` and returns every feature of the three layers. */
export function readWithGdal(extract: string, dir: string): OsmFeature[] {
  const out: OsmFeature[] = [];
  for (const layer of LAYERS) {
    const file = join(dir, `${layer}.geojsonl`);
    execFileSync('ogr2ogr', ['-f', 'GeoJSONSeq', file, extract, layer], { stdio: 'ignore' });
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const f = JSON.parse(line) as { properties: Record<string, string | null>; geometry: Geometry | null };
      if (!f.geometry) continue;
      const p = f.properties;
      const tags: Record<string, string> = parseHstore(p.other_tags ?? '');
      for (const [k, v] of Object.entries(p)) if (!GDAL_COLUMNS.has(k) && v !== null) tags[k] = String(v);
      const type = layer === 'points' ? 'node' : layer === 'lines' || p.osm_way_id ? 'way' : 'relation';
      out.push({ type, osmId: String(p.osm_id ?? p.osm_way_id), tags, geom: f.geometry });
    }
  }
  return out;
}

/** GDAL's `"k"=>"v","k2"=>"v2"` (quotes inside values escaped with a backslash). */
function parseHstore(text: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"/g))
    tags[m[1]!.replace(/\\(.)/g, '$1')] = m[2]!.replace(/\\(.)/g, '$1');
  return tags;
}

export async function* iterate<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

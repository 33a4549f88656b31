/**
 * Which published layer schema a vector basemap follows, read from its layer names, so the renderer
 * can draw it with the matching style: OpenMapTiles (tilemaker, OpenMapTiles, MapTiler) or Protomaps.
 */
import type { TileLayer } from '../../../contract/methods/tiles.js';

export type VectorSchema = NonNullable<TileLayer['vector_schema']>;

// Layer names only one of the two schemas uses (both have `water` and `boundaries`/`boundary` differ).
const OPENMAPTILES = ['transportation', 'transportation_name', 'building', 'waterway', 'landcover', 'place', 'poi'];
const PROTOMAPS = ['roads', 'buildings', 'places', 'pois', 'landuse', 'natural', 'physical_line', 'boundaries'];

/** The schema most of the layer ids belong to; null when neither is recognised. */
export function detectVectorSchema(layerIds: readonly string[]): VectorSchema | null {
  const ids = new Set(layerIds);
  const omt = OPENMAPTILES.filter((id) => ids.has(id)).length;
  const pm = PROTOMAPS.filter((id) => ids.has(id)).length;
  if (omt === 0 && pm === 0) return null;
  return omt >= pm ? 'openmaptiles' : 'protomaps';
}

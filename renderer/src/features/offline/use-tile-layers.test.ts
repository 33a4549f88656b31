import { describe, expect, it } from 'vitest';
import type { TileLayer } from '../../../../electron/contract/methods/tiles.js';
import { chosenLayer } from './use-tile-layers.js';

const layer = (id: string, kind: TileLayer['kind']): TileLayer => ({
  id,
  kind,
  name: id,
  attribution: '',
  min_zoom: 0,
  max_zoom: 19,
  bounds: null,
  format: kind === 'world' ? null : kind === 'vector' ? 'pbf' : 'png',
  vector_schema: kind === 'vector' ? 'openmaptiles' : null,
  allow_bulk_download: false,
  offline: kind !== 'online',
  size_bytes: null,
  origin: null,
  source: kind === 'world' ? 'bundled' : kind === 'online' ? 'online' : 'file',
  failed_tiles: 0,
  last_error: null,
});
const layers = [
  layer('world', 'world'),
  layer('online', 'online'),
  layer('mbtiles-1', 'mbtiles'),
  layer('vector-1', 'vector'),
];

describe('chosenLayer', () => {
  it('draws the chosen raster or vector layer', () => {
    expect(chosenLayer(layers, 'mbtiles-1')?.id).toBe('mbtiles-1');
    expect(chosenLayer(layers, 'vector-1')?.id).toBe('vector-1');
    expect(chosenLayer(layers, 'online')?.id).toBe('online');
  });
  it('draws no raster layer for the world layer or a layer main no longer offers', () => {
    expect(chosenLayer(layers, 'world')).toBeNull();
    expect(chosenLayer(layers, 'mbtiles-gone')).toBeNull();
    expect(chosenLayer([], 'online')).toBeNull();
  });
});

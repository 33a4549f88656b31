import { describe, expect, it } from 'vitest';
import type { DataSource } from '../../../../electron/contract/domain.js';
import { planWatch, upstreamRef } from './watch-upstream.js';

const source = (id: string, type: DataSource['type'], watch?: string[]): DataSource => ({
  id,
  name: `S ${id}`,
  description: '',
  type,
  connection_info: watch ? { watch } : {},
  is_active: true,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
});

describe('watch upstream', () => {
  it('offers itself only for objects with OSM identity', () => {
    expect(upstreamRef({ type: 'way', osm_id: '33748706' })).toBe('way/33748706');
    expect(upstreamRef({ type: 'node', osm_id: 'sim-ship-3' })).toBeUndefined();
    expect(upstreamRef({ type: 'node', osm_id: '-12' })).toBeUndefined();
  });

  it('finds the source already watching, else adds to the first osm_api source, else creates one', () => {
    const overpass = source('o', 'overpass');
    const api = source('a', 'osm_api', ['node/1']);
    expect(planWatch([overpass, api], 'node/1')).toEqual({ kind: 'already', source: api });
    expect(planWatch([overpass, api], 'way/2')).toEqual({ kind: 'add', source: api, watch: ['node/1', 'way/2'] });
    expect(planWatch([overpass], 'way/2')).toEqual({ kind: 'create', watch: ['way/2'] });
    const full = source(
      'f',
      'osm_api',
      Array.from({ length: 500 }, (_, i) => `node/${i + 1}`),
    );
    expect(planWatch([full], 'way/2')).toEqual({ kind: 'full', source: full });
  });
});

import { describe, expect, it } from 'vitest';
import type { DataSource } from '../../../../electron/contract/domain.js';
import { isOsmFileName, osmSources, reportSummary } from './import-summary.js';

const report = { source_id: 's', format: 'osmpbf' as const, skipped_reasons: [], deleted: 0 };

describe('import summary', () => {
  it('says only the total for a first import, and the breakdown and deletions for a re-import', () => {
    expect(reportSummary({ ...report, imported: 1016, skipped: 9, created: 1016, updated: 0, unchanged: 0 })).toBe(
      'imported 1,016, skipped 9',
    );
    expect(
      reportSummary({ ...report, imported: 1016, skipped: 9, created: 1, updated: 1, unchanged: 1014, deleted: 2 }),
    ).toBe('imported 1,016 (1 new, 1 changed, 1,014 unchanged), 2 marked deleted, skipped 9');
  });

  it('offers only file sources that hold OSM data', () => {
    const source = (id: string, type: DataSource['type'], format?: string): DataSource => ({
      id,
      name: id,
      description: '',
      type,
      connection_info: format ? { path: `${id}.x`, format } : {},
      is_active: false,
      created_at: '2026-03-20T09:00:00Z',
      updated_at: '2026-03-20T09:00:00Z',
    });
    const list = [
      source('pbf', 'file', 'osmpbf'),
      source('xml', 'file', 'osm'),
      source('overpass', 'file', 'overpass'),
      source('csv', 'file', 'csv'),
      source('feed', 'websocket'),
    ];
    expect(osmSources(list).map((s) => s.id)).toEqual(['pbf', 'xml', 'overpass']);
  });

  it('tells OSM extracts by name', () => {
    for (const name of ['monaco.osm.pbf', 'a.OSM', 'b.osm.gz', 'c.osm.bz2', 'd.pbf'])
      expect(isOsmFileName(name)).toBe(true);
    for (const name of ['a.geojson', 'b.gz', 'c.gpx', 'osm.csv']) expect(isOsmFileName(name)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { DataSource } from '../../../../electron/contract/domain.js';
import { basemapStatus, isOsmFileName, osmSources, reportSummary } from './import-summary.js';

const report = { source_id: 's', format: 'osmpbf' as const, skipped_reasons: [], deleted: 0 };

describe('import summary', () => {
  it('follows the basemap an import started: building, then ready, failed or cancelled', () => {
    const r = { ...report, imported: 1, skipped: 0, created: 1, updated: 0, unchanged: 0 };
    const started = { ...r, basemap: { job_id: 'j1', layer_id: 'basemap-monaco' } };
    const event = (phase: 'tiling' | 'done' | 'failed' | 'cancelled', error?: string) => ({
      job_id: 'j1',
      layer_id: 'basemap-monaco',
      phase,
      features: 10,
      tiles: 3,
      finished: phase !== 'tiling',
      ...(error ? { error } : {}),
    });
    expect(basemapStatus(r, undefined)).toBeNull();
    expect(basemapStatus(started, undefined)).toEqual({ text: 'offline basemap: building…', failed: false });
    expect(basemapStatus(started, event('tiling'))).toEqual({ text: 'offline basemap: building…', failed: false });
    expect(basemapStatus(started, event('done'))).toEqual({ text: 'offline basemap: ready', failed: false });
    expect(basemapStatus(started, event('cancelled'))).toEqual({ text: 'offline basemap: cancelled', failed: true });
    expect(basemapStatus(started, event('failed', "The basemap could not be built from 'm.osm.pbf': boom."))).toEqual({
      text: "offline basemap: The basemap could not be built from 'm.osm.pbf': boom.",
      failed: true,
    });
  });

  it("shows main's basemap refusal for an OSM extract, not for another file a dialog import asked about", () => {
    const r = { ...report, imported: 1, skipped: 0, created: 1, updated: 0, unchanged: 0 };
    expect(basemapStatus({ ...r, basemap_error: 'No basemap was built: x.' }, undefined)).toEqual({
      text: 'offline basemap: No basemap was built: x.',
      failed: true,
    });
    expect(basemapStatus({ ...r, format: 'geojson', basemap_error: 'No basemap was built: y.' }, undefined)).toBeNull();
  });

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

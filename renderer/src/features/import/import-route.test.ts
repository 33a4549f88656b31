import { describe, expect, it } from 'vitest';
import { importUrl, isBinaryImport, newJobId, shouldStream, STREAM_ABOVE_BYTES, toBase64 } from './import-route.js';

describe('import route', () => {
  it('reads KMZ, OSM PBF and packed files as base64 and everything else as text', () => {
    expect(isBinaryImport('field.KMZ')).toBe(true);
    expect(isBinaryImport('monaco.osm.pbf')).toBe(true);
    expect(isBinaryImport('monaco.osm.bz2')).toBe(true);
    expect(isBinaryImport('monaco.osm.gz')).toBe(true);
    expect(isBinaryImport('monaco.osm')).toBe(false);
    expect(isBinaryImport('track.gpx')).toBe(false);
    expect(isBinaryImport('a.kmz.geojson')).toBe(false);
  });
  it('streams large files in the headless twin only', () => {
    expect(shouldStream(STREAM_ABOVE_BYTES + 1, false)).toBe(true);
    expect(shouldStream(STREAM_ABOVE_BYTES + 1, true)).toBe(false);
    expect(shouldStream(STREAM_ABOVE_BYTES, false)).toBe(false);
  });
  it('builds the hub URL with the name and token encoded', () => {
    expect(importUrl('my file&.geojson', 't0k')).toBe('./api/import?name=my+file%26.geojson&token=t0k');
    expect(importUrl('a.gpx', '')).toBe('./api/import?name=a.gpx');
    expect(importUrl('a.gpx', 't', 'job-1')).toBe('./api/import?name=a.gpx&job_id=job-1&token=t');
    expect(importUrl('m.osm.pbf', 't', 'job-3', undefined, true)).toBe(
      './api/import?name=m.osm.pbf&job_id=job-3&basemap=1&token=t',
    );
    expect(importUrl('b.osm.pbf', 't', 'job-2', 'src-1')).toBe(
      './api/import?name=b.osm.pbf&job_id=job-2&source_id=src-1&token=t',
    );
  });
  it('makes job ids the hub accepts', () => {
    const ids = new Set(Array.from({ length: 50 }, newJobId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
  it('encodes bytes as base64 across chunk boundaries', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});

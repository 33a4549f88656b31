import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGeofenceFile, type GeofenceCandidate } from './geofence-import.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures');
const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

async function readAll(name: string, content: string): Promise<GeofenceCandidate[]> {
  const out: GeofenceCandidate[] = [];
  for await (const c of readGeofenceFile(name, content)) out.push(c);
  return out;
}

const fences = (all: GeofenceCandidate[]) =>
  all.filter((c) => !('skip' in c)) as Extract<GeofenceCandidate, { area: unknown }>[];

describe('readGeofenceFile', () => {
  it('takes Polygons from a GeoJSON FeatureCollection, named from their name property (OSM marina with its rings)', async () => {
    const [fence, ...rest] = await readAll('port.geojson', fixture('geofences/monaco-port-hercule.geojson'));
    expect(rest.filter((c) => 'area' in c)).toHaveLength(0);
    expect(fence).toMatchObject({ index: 0, name: 'Port Hercule de Monaco' });
    const area = (fence as Extract<GeofenceCandidate, { area: unknown }>).area;
    expect(area.geometry.type).toBe('Polygon');
    const [minLon, minLat, maxLon, maxLat] = area.bbox;
    expect(minLon).toBeLessThan(maxLon);
    expect([minLon, minLat, maxLon, maxLat].every(Number.isFinite)).toBe(true);
    expect(minLon).toBeGreaterThan(7.41);
    expect(maxLat).toBeLessThan(43.74);
  });

  it('keeps a MultiPolygon across the antimeridian (Fiji, Natural Earth) with a bbox whose minLon > maxLon', async () => {
    const [fiji] = fences(await readAll('fiji.geojson', fixture('geofences/fiji-110m.geojson')));
    expect(fiji!.name).toBe('Fiji');
    expect(fiji!.area.geometry.type).toBe('MultiPolygon');
    expect(fiji!.area.bbox[0]).toBeGreaterThan(fiji!.area.bbox[2]);
  });

  it('names a bare geometry or an unnamed feature "<file name> <n>", and keeps MultiPolygon holes', async () => {
    const [polygon] = fences(await readAll('zones.geojson', fixture('geojson/polygon.geojson')));
    expect(polygon!.name).toBe('zones 1');
    const [multi] = fences(await readAll('harbours.json', fixture('geojson/multipolygon.geojson')));
    expect(multi!.name).toBe('harbours 1');
    expect(multi!.area.geometry.type === 'MultiPolygon' && multi!.area.geometry.coordinates[1]).toHaveLength(2);
  });

  it('takes KML Placemark Polygons with innerBoundaryIs holes, named from <name>, and skips points and lines', async () => {
    const all = await readAll('kmlsamples.kml', fixture('kml/kmlsamples.kml'));
    const byName = new Map(fences(all).map((c) => [c.name, c.area.geometry]));
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining(['Building 40', 'Building 41', 'Building 42', 'Building 43', 'The Pentagon']),
    );
    const pentagon = byName.get('The Pentagon')!;
    expect(pentagon.type === 'Polygon' && pentagon.coordinates.length).toBe(2);
    const skipped = all.filter((c) => 'skip' in c);
    expect(skipped.length).toBeGreaterThanOrEqual(10);
    expect(skipped).toContainEqual({
      index: 0,
      skip: "Field 'geometry' must be a Polygon or MultiPolygon, got a Point.",
    });
  });

  it('joins a KML MultiGeometry of Polygons into one MultiPolygon', async () => {
    // Two real building outlines of kmlsamples.kml (Building 41 and 42) as one placemark.
    const polygons = fences(await readAll('kmlsamples.kml', fixture('kml/kmlsamples.kml')))
      .filter((c) => c.name === 'Building 41' || c.name === 'Building 42')
      .map((c) => c.area.geometry);
    const ring = (g: (typeof polygons)[number]) =>
      g.type === 'Polygon' ? g.coordinates[0]!.map((p) => p.join(',')).join(' ') : '';
    const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><MultiGeometry>
${polygons.map((g) => `<Polygon><outerBoundaryIs><LinearRing><coordinates>${ring(g)}</coordinates></LinearRing></outerBoundaryIs></Polygon>`).join('\n')}
</MultiGeometry></Placemark></Document></kml>`;
    const [campus] = fences(await readAll('campus.kml', kml));
    expect(campus!.name).toBe('campus 1');
    expect(campus!.area.geometry.type).toBe('MultiPolygon');
    expect(campus!.area.geometry.coordinates).toHaveLength(2);
  });

  it('refuses a file that is not GeoJSON or KML, and a broken one, naming the file', async () => {
    await expect(readAll('track.gpx', fixture('gpx/test_trk2.gpx'))).rejects.toThrow(
      "File 'track.gpx' must be GeoJSON or KML to import geofences, got gpx.",
    );
    await expect(readAll('broken.geojson', '{"type":"FeatureCollection","features":[')).rejects.toThrow(
      /^File 'broken.geojson' cannot be imported: /,
    );
  });
});

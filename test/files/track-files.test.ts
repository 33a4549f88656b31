/**
 * Tracks as files on a real headless server (real hub, real SQLite store, real import worker):
 * real GPX and KML tracks imported as one object with its history, `GET /api/objects/{id}/track`
 * in every format read back by GDAL, time-window exports read back by GDAL, and the lossless
 * round trip import → export → import of positions and times.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OsmObject, Track } from '../../electron/contract/domain.js';
import { startServer, type RunningServer } from '../../electron/headless/serve.js';

const hasGdal = spawnSync('ogrinfo', ['--version']).status === 0;
const TOKEN = 'track-test-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };
const FIXTURES = join(import.meta.dirname, '../fixtures');
const ctx = { clientId: 't', principal: { kind: 'app' as const }, push() {}, onClose() {} };

let server: RunningServer;
let base: string;
let dir: string;

type GdalFeature = { properties: Record<string, unknown>; geometry: { type: string; coordinates: number[][] } | null };

/** A layer of a file as GDAL reads it, converted to GeoJSON by ogr2ogr (no warning allowed). */
function gdalRead(path: string, layer?: string): GdalFeature[] {
  const result = spawnSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', path, ...(layer ? [layer] : [])], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stderr, 'GDAL warnings').not.toMatch(/Warning|ERROR/);
  return (JSON.parse(result.stdout) as { features: GdalFeature[] }).features;
}

async function importFile(rel: string, name = rel.split('/').pop()!): Promise<Record<string, unknown>> {
  const body = readFileSync(join(FIXTURES, rel));
  return importBody(name, body);
}

async function importBody(name: string, body: Uint8Array | string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}/api/import?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: auth,
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  expect(res.status, JSON.stringify(json)).toBe(200);
  return json;
}

async function objectsOf(sourceId: string): Promise<OsmObject[]> {
  const res = await fetch(`${base}/api/objects?source_id=${sourceId}&limit=1000`, { headers: auth });
  return ((await res.json()) as { items: OsmObject[] }).items;
}

async function trackOf(id: string): Promise<Track> {
  const reply = await server.core.dispatcher.dispatch('objects.track', { id, limit: 1_000_000 }, ctx);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.result as Track;
}

/** Saves a response body under `name` in the test folder and returns its path. */
async function save(res: Response, name: string): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, Buffer.from(await res.arrayBuffer()));
  return path;
}

/** GDAL's reading of a GPX file's track points: [lon, lat], time (ms), elevation. */
function gpxPoints(path: string): Array<{ position: number[]; time: number; ele: number | null }> {
  return gdalRead(path, 'track_points').map((f) => ({
    position: f.geometry!.coordinates as unknown as number[],
    time: Date.parse(f.properties.time as string),
    ele: (f.properties.ele as number | undefined) ?? null,
  }));
}

const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

/** A track's positions as [lon, lat] pairs, to compare with what a file or GDAL holds. */
const positionsOf = (t: Track): number[][] => t.lon.map((lon, i) => [lon, t.lat[i]!]);

let ride: OsmObject;
let static1: OsmObject;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tracks-'));
  server = await startServer({ port: 0, dataDir: dir, token: TOKEN, env: {} });
  base = new URL(server.url).origin;
  const report = await importFile('gpx/route-1.1.gpx');
  ride = (await objectsOf(report.source_id as string))[0]!;
  const point = await importBody(
    'buoy.geojson',
    JSON.stringify({
      type: 'Feature',
      properties: { osm_id: 'buoy-1', name: 'Buoy', observed_at: '2014-05-10T08:00:00Z' },
      geometry: { type: 'Point', coordinates: [0.74, 51.38] },
    }),
  );
  static1 = (await objectsOf(point.source_id as string))[0]!;
}, 120_000);
afterAll(async () => server?.stop());

describe('track import', () => {
  it('imports a real 7,745-point GPX track as one object whose history is every point GDAL reads', async () => {
    const t = await trackOf(ride.id);
    expect(ride).toMatchObject({ type: 'node', geom: { type: 'Point' } });
    const gdal = hasGdal ? gpxPoints(join(FIXTURES, 'gpx/route-1.1.gpx')) : [];
    expect(t.times).toHaveLength(7745);
    if (hasGdal) {
      expect(t.times).toEqual(gdal.map((p) => p.time));
      expect(positionsOf(t)).toEqual(gdal.map((p) => [round7(p.position[0]!), round7(p.position[1]!)]));
      expect(t.altitude).toEqual(gdal.map((p) => p.ele));
    }
    // The object is where the track ends.
    expect(ride.geom).toEqual({ type: 'Point', coordinates: positionsOf(t).at(-1) });
    expect(ride.observed_at).toBe(new Date(t.times.at(-1)!).toISOString());
  });

  it('reports a track as one imported object and counts its positions', async () => {
    const report = await importFile('tracks/togeojson-multitrackgpx.gpx');
    expect(report).toMatchObject({ imported: 3, tracks: 3, positions: 117, skipped: 0 });
    const objects = await objectsOf(report.source_id as string);
    const lengths = await Promise.all(objects.map(async (o) => (await trackOf(o.id)).times.length));
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(117);
  });

  it('imports a KML gx:Track (Google KML reference sample) with its times and altitudes', async () => {
    const report = await importFile('tracks/togeojson-gxtrack.kml');
    expect(report).toMatchObject({ imported: 1, tracks: 1, positions: 7 });
    const [o] = await objectsOf(report.source_id as string);
    const t = await trackOf(o!.id);
    expect(t.times.map((ms) => new Date(ms).toISOString())).toEqual([
      '2010-05-28T02:02:09.000Z',
      '2010-05-28T02:02:35.000Z',
      '2010-05-28T02:02:44.000Z',
      '2010-05-28T02:02:53.000Z',
      '2010-05-28T02:02:54.000Z',
      '2010-05-28T02:02:55.000Z',
      '2010-05-28T02:02:56.000Z',
    ]);
    expect(positionsOf(t)[0]).toEqual([-122.207881, 37.371915]);
    expect(t.altitude).toEqual([156, 152, 147, 142.199997, 141.800003, 141.199997, 140.199997]);
  });

  it("keeps Strava's per-point heart-rate extensions out of the tags", async () => {
    const report = await importFile('tracks/togeojson-run_gpxtpx.gpx');
    expect(report).toMatchObject({ imported: 1, tracks: 1 });
    const [o] = await objectsOf(report.source_id as string);
    expect(Object.keys(o!.tags).filter((k) => k.startsWith('gpxtpx'))).toEqual([]);
    expect(o!.tags.name).toBe('Greeting SF with a dumb, dumb route');
  });
});

describe.runIf(hasGdal)('GET /api/objects/{id}/track', () => {
  it.each([
    ['gpx', 'application/gpx+xml'],
    ['kml', 'application/vnd.google-earth.kml+xml'],
    ['geojson', 'application/geo+json'],
  ] as const)('answers %s that GDAL reads with every position', async (format, type) => {
    const res = await fetch(`${base}/api/objects/${ride.id}/track?format=${format}&token=${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="track-${ride.osm_id}.${format}"`);
    const path = await save(res, `route.${format}`);
    const t = await trackOf(ride.id);
    if (format === 'gpx') {
      const points = gpxPoints(path);
      expect(points.map((p) => p.time)).toEqual(t.times);
      expect(points.map((p) => p.position)).toEqual(positionsOf(t));
    } else {
      const [f] = gdalRead(path);
      expect(f!.geometry!.type).toBe('LineString');
      expect(f!.geometry!.coordinates.map((c) => c.slice(0, 2))).toEqual(positionsOf(t));
      if (format === 'kml') {
        expect(Date.parse(f!.properties.begin as string)).toBe(t.times[0]);
        expect(Date.parse(f!.properties.end as string)).toBe(t.times.at(-1));
      }
    }
  });

  it('answers only the positions in the window (both ends included)', async () => {
    const all = await trackOf(ride.id);
    const from = new Date(all.times[100]!).toISOString();
    const to = new Date(all.times[199]!).toISOString();
    const res = await fetch(`${base}/api/objects/${ride.id}/track?from=${from}&to=${to}`, { headers: auth });
    const f = (await res.json()) as { geometry: { coordinates: number[][] }; properties: Record<string, unknown> };
    expect(f.geometry.coordinates).toHaveLength(100);
    const times = (f.properties.coordinateProperties as { times: string[] }).times;
    expect([times[0], times.at(-1)]).toEqual([from, to]);
  });

  it.each([
    ['format=shp', 400, "Query parameter 'format' must be one of geojson, gpx, kml, got 'shp'."],
    [
      'from=yesterday',
      400,
      "Query parameter 'from' must be an ISO time such as 2026-03-10T12:00:00Z, got 'yesterday'.",
    ],
    [
      'from=2014-05-11T00:00:00Z&to=2014-05-10T00:00:00Z',
      400,
      "Query parameter 'from' (2014-05-11T00:00:00Z) must not be later than 'to' (2014-05-10T00:00:00Z).",
    ],
    ['limit=-1', 400, "Query parameter 'limit' must be a positive integer, got '-1'."],
  ])('refuses %s with one sentence', async (query, status, message) => {
    const res = await fetch(`${base}/api/objects/${ride.id}/track?${query}`, { headers: auth });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(message);
  });

  it('answers 404 for an unknown object and 401 without the app token', async () => {
    const missing = await fetch(`${base}/api/objects/no-such-object/track`, { headers: auth });
    expect(missing.status).toBe(404);
    const anonymous = await fetch(`${base}/api/objects/${ride.id}/track`);
    expect(anonymous.status).toBe(401);
  });

  it('says when the window held more positions than the limit (the newest are sent)', async () => {
    const res = await fetch(`${base}/api/objects/${ride.id}/track?limit=10`, { headers: auth });
    expect(res.headers.get('x-track-truncated')).toBe('true');
    const all = await trackOf(ride.id);
    const f = (await res.json()) as { properties: { coordinateProperties: { times: string[] } } };
    expect(f.properties.coordinateProperties.times.at(-1)).toBe(new Date(all.times.at(-1)!).toISOString());
    expect(f.properties.coordinateProperties.times).toHaveLength(10);
  });
});

describe.runIf(hasGdal)('exports with a time window', () => {
  const window = (t: Track) =>
    `from=${new Date(t.times[1000]!).toISOString()}&to=${new Date(t.times[2999]!).toISOString()}`;

  it('GPX: the moving object is a trk of the positions in the window, the static one a waypoint', async () => {
    const t = await trackOf(ride.id);
    const res = await fetch(
      `${base}/api/export.gpx?source_id=${ride.source_id}&source_id=${static1.source_id}&${window(t)}`,
      {
        headers: auth,
      },
    );
    expect(res.status).toBe(200);
    const path = await save(res, 'window.gpx');
    const points = gpxPoints(path);
    expect(points).toHaveLength(2000);
    expect(points.map((p) => p.time)).toEqual(t.times.slice(1000, 3000));
    expect(gdalRead(path, 'tracks')).toHaveLength(1);
    const waypoints = gdalRead(path, 'waypoints');
    expect(waypoints).toHaveLength(1);
    expect(waypoints[0]!.properties.name).toBe('Buoy');
  });

  it('KML: a gx:Track that LIBKML reads as one line, and a point', async () => {
    const t = await trackOf(ride.id);
    const res = await fetch(
      `${base}/api/export.kml?source_id=${ride.source_id}&source_id=${static1.source_id}&${window(t)}`,
      {
        headers: auth,
      },
    );
    const features = gdalRead(await save(res, 'window.kml'));
    expect(features.map((f) => f.geometry!.type).sort()).toEqual(['LineString', 'Point']);
    const line = features.find((f) => f.geometry!.type === 'LineString')!;
    expect(line.geometry!.coordinates).toHaveLength(2000);
    expect(Date.parse(line.properties.begin as string)).toBe(t.times[1000]);
    expect(Date.parse(line.properties.end as string)).toBe(t.times[2999]);
  });

  it('GeoJSON and GeoJSONSeq: a LineString with times and a Point', async () => {
    const t = await trackOf(ride.id);
    for (const ext of ['geojson', 'geojsonl']) {
      const res = await fetch(
        `${base}/api/export.${ext}?source_id=${ride.source_id}&source_id=${static1.source_id}&${window(t)}`,
        { headers: auth },
      );
      const features = gdalRead(await save(res, `window.${ext}`));
      expect(features.map((f) => f.geometry!.type).sort(), ext).toEqual(['LineString', 'Point']);
      const line = features.find((f) => f.geometry!.type === 'LineString')!;
      expect(line.geometry!.coordinates.map((c) => c.slice(0, 2))).toEqual(positionsOf(t).slice(1000, 3000));
      const cp = line.properties.coordinateProperties;
      const times = (typeof cp === 'string' ? JSON.parse(cp) : cp) as { times: string[] };
      expect(times.times.map(Date.parse)).toEqual(t.times.slice(1000, 3000));
    }
  });

  it('CSV: one row per position with its time, and one row for the static object', async () => {
    const t = await trackOf(ride.id);
    const res = await fetch(
      `${base}/api/export.csv?source_id=${ride.source_id}&source_id=${static1.source_id}&${window(t)}`,
      {
        headers: auth,
      },
    );
    const rows = gdalRead(await save(res, 'window.csv'));
    expect(rows).toHaveLength(2001);
    const mine = rows.filter((r) => r.properties.id === ride.id);
    expect(mine.map((r) => Date.parse(r.properties.observed_at as string))).toEqual(t.times.slice(1000, 3000));
    expect(mine.map((r) => Number(r.properties.altitude))).toEqual(t.altitude.slice(1000, 3000));
  });

  it('keeps an object with fewer than two positions in the window as it is now', async () => {
    const t = await trackOf(ride.id);
    const only = new Date(t.times[5]!).toISOString();
    const res = await fetch(`${base}/api/export.geojson?source_id=${ride.source_id}&from=${only}&to=${only}`, {
      headers: auth,
    });
    const fc = (await res.json()) as { features: Array<{ geometry: unknown; properties: Record<string, unknown> }> };
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]!.geometry).toEqual(ride.geom);
  });

  it('refuses a window that ends before it starts, before any byte is sent', async () => {
    const res = await fetch(`${base}/api/export.gpx?from=2014-05-11T00:00:00Z&to=2014-05-10T00:00:00Z`, {
      headers: auth,
    });
    expect(res.status).toBe(400);
  });

  it('files.exportUrl carries the window into the URL', async () => {
    const reply = await server.core.dispatcher.dispatch(
      'files.exportUrl',
      {
        format: 'gpx',
        filter: { source_ids: [ride.source_id] },
        from: '2014-05-10T07:20:55Z',
        to: '2014-05-10T07:21:04Z',
      },
      ctx,
    );
    if (!reply.ok) throw new Error(reply.error.message);
    const { url } = reply.result as { url: string };
    const points = gpxPoints(await save(await fetch(url, { headers: auth }), 'url.gpx'));
    expect(points).toHaveLength(10);
  });
});

describe('round trip: import → export → import', () => {
  it.each(['gpx', 'kml', 'geojson'] as const)('%s keeps every position and time exactly', async (format) => {
    const before = await trackOf(ride.id);
    const res = await fetch(`${base}/api/objects/${ride.id}/track?format=${format}`, { headers: auth });
    const report = await importBody(`again.${format}`, Buffer.from(await res.arrayBuffer()));
    expect(report).toMatchObject({ imported: 1, tracks: 1, positions: before.times.length });
    const [again] = await objectsOf(report.source_id as string);
    expect(again!.osm_id).toBe(ride.osm_id);
    const after = await trackOf(again!.id);
    expect(after.times).toEqual(before.times);
    expect(positionsOf(after)).toEqual(positionsOf(before));
    expect(after.altitude).toEqual(before.altitude);
    expect(after.speed).toEqual(before.speed);
    expect(after.heading).toEqual(before.heading);
  });

  it('keeps speed and heading through GPX and GeoJSON', async () => {
    const t0 = Date.parse('2026-03-10T08:00:00Z');
    const features = {
      type: 'Feature',
      properties: {
        osm_id: 'ferry',
        name: 'Ferry',
        coordinateProperties: {
          times: [0, 1, 2, 3].map((i) => new Date(t0 + i * 1500).toISOString()),
          speeds: [5.5, null, 6.25, 7],
          headings: [90, 91.5, null, 93],
        },
      },
      geometry: {
        type: 'MultiLineString',
        coordinates: [
          [
            [7.4251234, 43.7351234],
            [7.4252234, 43.7352234],
          ],
          [
            [7.4253234, 43.7353234],
            [7.4254234, 43.7354234],
          ],
        ],
      },
    };
    const first = await importBody('ferry.geojson', JSON.stringify(features));
    expect(first).toMatchObject({ tracks: 1, positions: 4 });
    const [ferry] = await objectsOf(first.source_id as string);
    const before = await trackOf(ferry!.id);
    expect(before.speed).toEqual([5.5, null, 6.25, 7]);
    expect(before.heading).toEqual([90, 91.5, null, 93]);
    for (const format of ['gpx', 'geojson'] as const) {
      const res = await fetch(`${base}/api/objects/${ferry!.id}/track?format=${format}`, { headers: auth });
      const report = await importBody(`ferry-again.${format}`, Buffer.from(await res.arrayBuffer()));
      const [again] = await objectsOf(report.source_id as string);
      const after = await trackOf(again!.id);
      expect({ ...after, id: '' }, format).toEqual({ ...before, id: '' });
    }
  });
});

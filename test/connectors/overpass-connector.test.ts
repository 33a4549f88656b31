// The overpass connector against a local server replaying real Overpass answers: osmtogeojson's
// recorded map.json (nodes, ways, multipolygons with full metadata), a later answer of the same
// query (one way's new version, one node gone; see fixtures/SOURCES.md), the public instance's
// real HTTP 429 page and /api/status texts, and an answer Overpass cut short with a runtime error.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, waitFor, type Harness } from './harness.js';

const fixtures = join(__dirname, '..', 'fixtures');
const read = (path: string) => readFileSync(join(fixtures, path), 'utf8');
const MAP = read('osm/map.json');
const MAP_NEXT = read('osm-live/overpass-map-next.json');
const RATE_LIMITED = read('osm-live/overpass-429.html');
const STATUS_FREE = read('osm-live/overpass-status-free.txt');
const STATUS_BUSY = read('osm-live/overpass-status-busy.txt');
const OUT_OF_MEMORY = read('osm-live/overpass-remark-out-of-memory.json');
const BAD_QUERY = read('osm-live/overpass-400.html');

type Reply = { status: number; body: string; type?: string };
const json = (body: string): Reply => ({ status: 200, body, type: 'application/json' });
const tooMany: Reply = { status: 429, body: RATE_LIMITED, type: 'text/html; charset=utf-8' };

describe('overpass connector', () => {
  let h: Harness;
  let server: http.Server;
  let base: string;
  /** Replies in order; the last one repeats. */
  let queries: Reply[];
  let statuses: string[];
  const seen: Array<{ path: string; data: string | null; agent: string | undefined }> = [];

  const next = <T>(list: T[]): T => (list.length > 1 ? list.shift()! : list[0]!);

  beforeEach(async () => {
    h = await createHarness();
    seen.length = 0;
    queries = [json(MAP)];
    statuses = [STATUS_FREE];
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ path: url.pathname, data: url.searchParams.get('data'), agent: req.headers['user-agent'] });
      if (url.pathname === '/api/status') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(next(statuses));
        return;
      }
      const reply = next(queries);
      res.writeHead(reply.status, { 'content-type': reply.type ?? 'text/plain' }).end(reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await h.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const createOverpass = () =>
    h.createSource('overpass', {
      url: `${base}/api/interpreter`,
      query: '[out:json][timeout:25];(nwr({{bbox}}););out meta;>;out meta;',
      bbox: [11.25, 46.45, 11.26, 46.46],
      interval_ms: 1000,
      contact: 'analyst@example.org',
      backoff: { initial_ms: 100, max_ms: 300, factor: 2, jitter: 0 },
    });
  const find = (sourceId: string, type: 'node' | 'way' | 'relation', id: string) =>
    h.store.findObjectByKey(sourceId, type, id);

  it('stores the answer as the import builds it, then diffs the next: new version → history, gone → osm:deleted=yes', async () => {
    const source = await createOverpass();
    await waitFor(async () => (await h.countObjects(source.id)) === 23, 'the 23 objects of the first answer');
    const status = h.runtime.status(source.id)[0];
    expect(status?.answer_summary).toBe('96 elements, data as of 2014-03-13T12:44:02Z');
    expect(status?.state).toBe('polling');

    const church = await find(source.id, 'way', '33748706');
    expect(church?.geom.type).toBe('Polygon');
    expect(church?.tags).toMatchObject({
      amenity: 'place_of_worship',
      name: 'Pfarrkirche Sankt Michael',
      'osm:version': 3,
      'osm:user': 'tyr_asd',
      'osm:uid': 115612,
      'osm:changeset': 15520809,
    });
    expect(church?.observed_at).toBe('2013-03-27T21:58:57.000Z');
    const multipolygon = await find(source.id, 'relation', '121733');
    expect(multipolygon?.geom.type).toBe('Polygon');

    // The next answer: a 429 first (no Retry-After, as the public instance sends it), then
    // /api/status says no slot is free for 380 s (the wait is capped by backoff.max_ms), then it is.
    queries = [tooMany, json(MAP_NEXT)];
    statuses = [STATUS_FREE, STATUS_BUSY, STATUS_FREE];
    const limited = await waitFor(
      () => h.statuses.find((s) => s.source_id === source.id && /HTTP 429/.test(s.last_error ?? '')),
      'backoff after the 429',
    );
    expect(limited.state).toBe('backoff');
    expect(limited.last_error).toBe(`Overpass at ${base}/api/interpreter answered HTTP 429 (rate limit).`);
    const busy = await waitFor(
      () => h.statuses.find((s) => s.source_id === source.id && /no free slot/.test(s.last_error ?? '')),
      'a wait for a slot',
    );
    expect(busy.last_error).toBe(
      `Overpass at ${base}/api/interpreter has no free slot for this address; one frees in 380 s.`,
    );

    const wall = await waitFor(async () => {
      const w = await find(source.id, 'way', '33748708');
      return w?.tags['osm:version'] === 4 ? w : undefined;
    }, 'way 33748708 v4');
    expect(wall.tags).toMatchObject({ barrier: 'wall', height: '2', 'osm:user': 'tyr_asd' });
    expect(wall.observed_at).toBe('2014-03-18T10:15:00.000Z');
    const history = await h.store.history(wall.id, { ascending: true });
    expect(history.map((e) => [e.observed_at, e.tags?.['osm:version'], e.tags?.['osm:user']])).toEqual([
      ['2013-11-02T18:28:24.000Z', 3, 'Skombi'],
      ['2014-03-18T10:15:00.000Z', 4, 'tyr_asd'],
    ]);
    const [change] = await h.store.tagChanges(wall.id, 1);
    expect(change).toMatchObject({
      at: '2014-03-18T10:15:00.000Z',
      set: { height: '2', 'osm:version': 4, 'osm:user': 'tyr_asd', 'osm:changeset': 21200000 },
      previous: { 'osm:version': 3, 'osm:user': 'Skombi', 'osm:changeset': 18679226 },
      removed: [],
      origin: 'source',
    });

    const fountain = await waitFor(async () => {
      const n = await find(source.id, 'node', '2281802897');
      return n?.tags['osm:deleted'] === 'yes' ? n : undefined;
    }, 'node 2281802897 marked deleted');
    expect(fountain.observed_at).toBe('2014-03-20T08:00:00.000Z');
    expect(fountain.tags).toMatchObject({ amenity: 'fountain', 'osm:version': 1 });
    expect(await h.countObjects(source.id)).toBe(23);
    expect(await h.store.history(church!.id)).toHaveLength(1);
    await waitFor(
      () => h.runtime.status(source.id)[0]?.answer_summary === '95 elements, data as of 2014-03-20T08:00:00Z',
      'the second answer in the status',
    );
    expect(h.runtime.status(source.id)[0]).toMatchObject({ state: 'polling', last_error: null });

    const query = seen.find((r) => r.path === '/api/interpreter');
    expect(query?.data).toBe('[out:json][timeout:25];(nwr(46.45,11.25,46.46,11.26););out meta;>;out meta;');
    expect(query?.agent).toBe('OSM-Object-Tracker (live source overpass; contact: analyst@example.org)');
    // Every query was preceded by a look at the slots.
    const paths = seen.map((r) => r.path);
    expect(paths[0]).toBe('/api/status');
    expect(paths.filter((p, i) => p === '/api/interpreter' && paths[i - 1] !== '/api/status')).toEqual([]);
    await h.deleteSource(source.id);
  });

  it('backs off on an answer Overpass cut short (runtime error remark) without marking anything deleted', async () => {
    const source = await createOverpass();
    await waitFor(async () => (await h.countObjects(source.id)) === 23, 'the first answer');
    queries = [json(OUT_OF_MEMORY), json(MAP)];
    const cut = await waitFor(
      () => h.statuses.find((s) => s.source_id === source.id && s.state === 'backoff'),
      'backoff on the cut answer',
    );
    expect(cut.last_error).toBe(
      `The answer of Overpass at ${base}/api/interpreter was not used: Overpass reported 'runtime error: Query run out of memory using about 2048 MB of RAM.'.`,
    );
    await waitFor(() => h.runtime.status(source.id)[0]?.state === 'polling', 'polling again');
    const marked = await h.store.countObjects({ source_ids: [source.id], text: '"osm:deleted"=yes' });
    expect(marked).toBe(0);
    expect((await find(source.id, 'node', '2281802897'))?.tags['osm:deleted']).toBeUndefined();
    await h.deleteSource(source.id);
  });

  it("says what Overpass found wrong in a query it refused (HTTP 400, the instance's real error page)", async () => {
    queries = [{ status: 400, body: BAD_QUERY, type: 'text/html; charset=utf-8' }];
    const source = await createOverpass();
    const refused = await waitFor(
      () => h.statuses.find((s) => s.source_id === source.id && s.state === 'backoff'),
      'backoff on the 400',
    );
    expect(refused.last_error).toBe(
      `Overpass at ${base}/api/interpreter refused the query (HTTP 400): line 1: parse error: Unknown type "this".`,
    );
    expect(await h.countObjects(source.id)).toBe(0);
    await h.deleteSource(source.id);
  });

  it("keeps an analyst's tag edit when upstream changes the same element, with the feed's value beside it", async () => {
    const source = await createOverpass();
    const wall = await waitFor(() => find(source.id, 'way', '33748708'), 'way 33748708');
    queries = [json(MAP)];
    // A hand edit through the one ingest path, as the detail panel's edit sends it, made between
    // the two upstream versions (the recorded answers are from 2014).
    const editedAt = Date.parse('2014-03-15T09:00:00Z');
    const [edited] = await h.ingest.submit(
      [{ op: 'patch', objectId: wall.id, tags: { barrier: 'fence' }, tagsMode: 'merge', observedAt: editedAt }],
      { channel: 'api' },
    );
    expect(edited?.status).toBe('updated');
    queries = [json(MAP_NEXT)];
    const after = await waitFor(async () => {
      const w = await find(source.id, 'way', '33748708');
      return w?.tags['osm:version'] === 4 ? w : undefined;
    }, 'upstream v4');
    expect(after.tags).toMatchObject({ barrier: 'fence', height: '2', 'osm:user': 'tyr_asd' });
    expect(after.overrides).toEqual({ barrier: { value: 'fence', feed: 'wall' } });
    await h.deleteSource(source.id);
  });

  it("fills {{bbox}} from a geofence's bounding box when bbox names a geofence, and says when it does not exist", async () => {
    const fence = await h.store.rules.createGeofence({
      name: 'Eppan centre',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [11.25, 46.45],
            [11.26, 46.45],
            [11.26, 46.46],
            [11.25, 46.46],
            [11.25, 46.45],
          ],
        ],
      },
      bbox: [11.25, 46.45, 11.26, 46.46],
      objectId: null,
    });
    const source = await h.createSource('overpass', {
      url: `${base}/api/interpreter`,
      query: '[out:json];nwr({{bbox}});out meta;',
      bbox: fence.id,
      status_check: false,
    });
    await waitFor(async () => (await h.countObjects(source.id)) === 23, 'the answer stored');
    expect(seen.find((r) => r.path === '/api/interpreter')?.data).toBe(
      '[out:json];nwr(46.45,11.25,46.46,11.26);out meta;',
    );
    const missing = await h.createSource('overpass', {
      url: `${base}/api/interpreter`,
      query: '[out:json];nwr({{bbox}});out meta;',
      bbox: 'no-such-fence',
    });
    const failed = await waitFor(
      () => h.statuses.find((s) => s.source_id === missing.id && s.state === 'backoff'),
      'backoff on the missing geofence',
    );
    expect(failed.last_error).toBe(
      "Field 'connection_info.bbox' names geofence 'no-such-fence', which does not exist.",
    );
  });

  it('refuses bad settings with one sentence naming the field and the value', async () => {
    await expect(h.createSource('overpass', { query: 'node(1);out;' })).rejects.toThrow(
      "Field 'connection_info.query' must ask for JSON with '[out:json]' (the answer is read as Overpass JSON), got 'node(1);out;'.",
    );
    await expect(h.createSource('overpass', { query: '[out:json];node({{bbox}});out;' })).rejects.toThrow(
      "Field 'connection_info.bbox' is required when the query uses '{{bbox}}' ([west, south, east, north] or a geofence id).",
    );
    await expect(
      h.createSource('overpass', { query: '[out:json];node({{bbox}});out;', bbox: [11.26, 46.45, 11.25, 46.46] }),
    ).rejects.toThrow(
      "Field 'connection_info.bbox' must be [west, south, east, north] with west < east and south < north, got [11.26,46.45,11.25,46.46].",
    );
    await expect(h.createSource('overpass', { query: '[out:json];out;', url: 'ftp://overpass' })).rejects.toThrow(
      "Field 'connection_info.url' must use http:// or https://, got 'ftp://overpass'.",
    );
  });
});

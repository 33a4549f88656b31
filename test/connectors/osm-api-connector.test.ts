// The osm_api connector against a local server replaying real OSM API 0.6 answers: the osmapi
// library's recorded XML (node 123's eight-version history, a multi-fetch holding a deleted node,
// way 321 with its /full) and osm-api-js's recorded JSON (way 4305800016 and its /full), see
// fixtures/SOURCES.md. New versions land as history with their users, changesets and times.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, waitFor, type Harness } from './harness.js';

const read = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'osm-live', name), 'utf8');

describe('osm_api connector', () => {
  let h: Harness;
  let server: http.Server;
  let base: string;
  /** Answers by path and query; a missing one answers 404 (as the API does for what it lacks). */
  let routes: Record<string, string | { status: number; headers?: Record<string, string> }>;
  const requests: Array<{ url: string; agent: string | undefined }> = [];

  beforeEach(async () => {
    h = await createHarness();
    requests.length = 0;
    routes = {};
    server = http.createServer((req, res) => {
      requests.push({ url: req.url ?? '', agent: req.headers['user-agent'] });
      const route = routes[req.url ?? ''];
      if (route === undefined) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      else if (typeof route === 'string') {
        const json = (req.url ?? '').includes('.json');
        res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/xml' }).end(route);
      } else res.writeHead(route.status, route.headers).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await h.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const versions = async (sourceId: string, type: 'node' | 'way', id: string) => {
    const obj = await h.store.findObjectByKey(sourceId, type, id);
    if (!obj) return [];
    const history = await h.store.history(obj.id, { ascending: true });
    return history.map((e) => [
      e.tags?.['osm:version'],
      e.tags?.['osm:user'],
      e.tags?.['osm:changeset'],
      e.observed_at,
    ]);
  };

  it('stores each new version from the history (XML) with its user, changeset and time; backs off on 429', async () => {
    routes['/api/0.6/nodes?nodes=123,345'] = read('osmapi-node-get-with-version.xml');
    routes['/api/0.6/node/123/history'] = read('osmapi-node-history-v2.xml');
    routes['/api/0.6/ways?ways=321'] = read('osmapi-way-321.xml');
    routes['/api/0.6/way/321/history'] = read('osmapi-way-321.xml');
    routes['/api/0.6/way/321/full'] = read('osmapi-way-full.xml');
    const source = await h.createSource('osm_api', {
      url: base,
      watch: ['node/123', 'node/345', 'way/321'],
      format: 'xml',
      interval_ms: 1000,
      backoff: { initial_ms: 100, max_ms: 300, factor: 2, jitter: 0 },
    });
    await waitFor(async () => (await versions(source.id, 'node', '123')).length === 2, 'node 123 v1 and v2');
    const boundary = await waitFor(() => h.store.findObjectByKey(source.id, 'way', '321'), 'way 321');
    expect(boundary?.geom.type).toBe('Polygon');
    expect(boundary?.tags).toMatchObject({
      boundary: 'administrative',
      admin_level: '9',
      'osm:user': 'green525',
      'osm:version': 1,
    });
    expect(boundary?.observed_at).toBe('2009-09-14T23:23:18.000Z');

    // Upstream moves on: a 429 first (with Retry-After), then node 123 is at v8 and node 345 deleted.
    routes['/api/0.6/nodes?nodes=123,345'] = { status: 429, headers: { 'retry-after': '0' } };
    const limited = await waitFor(
      () => h.statuses.find((s) => s.source_id === source.id && s.state === 'backoff'),
      'backoff on 429',
    );
    expect(limited.last_error).toBe(
      `The OSM API at ${base}/ answered HTTP 429 for /api/0.6/nodes (rate limit); it asks to wait 0 s.`,
    );
    routes['/api/0.6/nodes?nodes=123,345'] = read('osmapi-nodes-get.xml');
    routes['/api/0.6/node/123/history'] = read('osmapi-node-history.xml');
    await waitFor(async () => (await versions(source.id, 'node', '123')).length === 8, 'node 123 v3…v8');
    expect(await versions(source.id, 'node', '123')).toEqual([
      [1, 'randomjunk', 25, '2009-09-04T14:59:31.000Z'],
      [2, 'randomjunk', 26, '2009-09-04T15:20:41.000Z'],
      [3, 'gravitystorm', 7283, '2010-09-01T18:31:11.000Z'],
      [4, 'schmerzbereiter', 13688, '2012-02-16T10:45:01.000Z'],
      [5, 'schmerzbereiter', 13688, '2012-02-16T10:47:38.000Z'],
      [6, 'freundchen', 15219, '2012-04-13T12:16:20.000Z'],
      [7, 'freundchen', 15220, '2012-04-13T12:39:08.000Z'],
      [8, 'freundchen', 15293, '2012-04-18T11:14:26.000Z'],
    ]);
    const school = await h.store.findObjectByKey(source.id, 'node', '123');
    expect(school?.geom).toEqual({ type: 'Point', coordinates: [-1.4857118, 51.8753146] });
    expect(school?.tags).toMatchObject({ amenity: 'school', name: 'Berolina & Schule', wheelchair: 'unknown' });
    const [renamed] = await h.store.tagChanges(school!.id, 1);
    expect(renamed).toMatchObject({
      at: '2012-04-18T11:14:26.000Z',
      set: {
        amenity: 'school',
        name: 'Berolina & Schule',
        wheelchair: 'unknown',
        'osm:version': 8,
        'osm:changeset': 15293,
      },
      previous: { name: 'blblbbl', 'osm:version': 7, 'osm:changeset': 15220 },
    });
    // Node 345 was deleted (v2 by guggis) before the source ever saw it drawn: reported, not invented.
    await waitFor(
      () => h.runtime.status(source.id)[0]?.answer_summary === '3 watched elements, 1 deleted upstream',
      'the summary',
    );
    const status = h.runtime.status(source.id)[0]!;
    expect(status.state).toBe('polling');
    expect(status.last_error).toBe('node/345 v2: there is no geometry to show it with.');
    expect(await h.store.findObjectByKey(source.id, 'node', '345')).toBeUndefined();
    expect(requests[0]?.agent).toBe('OSM-Object-Tracker (live source osm_api)');
    await h.deleteSource(source.id);
  });

  it('reads JSON answers, and stores the current version when the history is not available', async () => {
    routes['/api/0.6/ways.json?ways=4305800016'] = read('osm-api-js-way-4305800016.json');
    routes['/api/0.6/way/4305800016/full.json'] = read('osm-api-js-way-4305800016-full.json');
    const source = await h.createSource('osm_api', { url: `${base}/`, watch: ['way/4305800016'], interval_ms: 1000 });
    await waitFor(async () => (await versions(source.id, 'way', '4305800016')).length === 1, 'way 4305800016 v2');
    const building = await h.store.findObjectByKey(source.id, 'way', '4305800016');
    expect(building?.geom.type).toBe('Polygon');
    expect(building?.tags).toMatchObject({
      building: 'yes',
      'roof:colour': 'grey',
      'osm:version': 2,
      'osm:user': 'kylenz_testing',
      'osm:changeset': 227200,
    });
    expect(building?.observed_at).toBe('2021-12-16T09:29:15.000Z');
    await waitFor(() => h.runtime.status(source.id)[0]?.state === 'polling', 'polling');
    expect(h.runtime.status(source.id)[0]?.last_error).toBe(
      `The OSM API at ${base}/ answered HTTP 404 for /api/0.6/way/4305800016/history.json; only its current version was stored.`,
    );
    await h.deleteSource(source.id);
  });

  it('does not fetch a history again when the source restarts for a changed watch list', async () => {
    routes['/api/0.6/ways.json?ways=4305800016'] = read('osm-api-js-way-4305800016.json');
    routes['/api/0.6/way/4305800016/full.json'] = read('osm-api-js-way-4305800016-full.json');
    const info = { url: base, watch: ['way/4305800016'], interval_ms: 1000 };
    const source = await h.createSource('osm_api', info);
    await waitFor(async () => (await versions(source.id, 'way', '4305800016')).length === 1, 'way 4305800016 v2');
    const fulls = () => requests.filter((r) => r.url.includes('/full')).length;
    expect(fulls()).toBe(1);
    // "Watch upstream" adds node 1, which the API does not have: reported, and the way is not fetched again.
    await h.updateSource(source.id, { connectionInfo: { ...info, watch: ['way/4305800016', 'node/1'] } });
    await waitFor(
      () => requests.some((r) => r.url === '/api/0.6/node/1.json'),
      'node 1 fetched alone after the multi-fetch was refused',
    );
    await waitFor(
      () => h.runtime.status(source.id)[0]?.last_error?.startsWith('node/1 does not exist'),
      'node 1 reported',
    );
    expect(h.runtime.status(source.id)[0]?.last_error).toBe(`node/1 does not exist on the OSM API at ${base}/.`);
    expect(fulls()).toBe(1);
    await h.deleteSource(source.id);
  });

  it('refuses bad settings with one sentence naming the field and the value', async () => {
    await expect(h.createSource('osm_api', { watch: ['node/1', 'street/2'] })).rejects.toThrow(
      "Field 'connection_info.watch.1' must be 'node/ID', 'way/ID' or 'relation/ID', got 'street/2'.",
    );
    await expect(h.createSource('osm_api', { watch: ['way/2', 'way/2'] })).rejects.toThrow(
      'Field \'connection_info.watch\' must not name an element twice, got ["way/2","way/2"].',
    );
    await expect(h.createSource('osm_api', { watch: ['node/1'], format: 'pbf' })).rejects.toThrow(
      "Field 'connection_info.format' must be one of 'json', 'xml', got 'pbf'.",
    );
  });
});

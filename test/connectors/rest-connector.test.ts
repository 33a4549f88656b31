// The rest connector against a real local HTTP endpoint answering 200, 304, 500 and slowly.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHarness, nativeObject, waitFor, type Harness } from './harness.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface Endpoint {
  url: string;
  requests: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** Answers the n-th request with script[n], and 304 after the script runs out. */
async function startEndpoint(script: Handler[]): Promise<Endpoint> {
  const requests: http.IncomingHttpHeaders[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    const handler = script[requests.length - 1] ?? ((_q, r) => r.writeHead(304).end());
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/objects`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json =
  (body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

describe('rest connector', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('polls with conditional requests and keeps going after a 500 and a timeout, recording the error', async () => {
    const modified = new Date(Date.UTC(2026, 0, 1)).toUTCString();
    const slow: Handler = (_req, res) => {
      const t = setTimeout(() => json([])(_req, res), 2000);
      res.on('close', () => clearTimeout(t));
    };
    const endpoint = await startEndpoint([
      json([nativeObject('r1', 10, 53), nativeObject('r2', 10.1, 53.1)], { etag: '"v1"', 'last-modified': modified }),
      (_req, res) => res.writeHead(304).end(),
      (_req, res) => res.writeHead(500).end('boom'),
      slow,
      json([nativeObject('r3', 10.2, 53.2)], { etag: '"v2"' }),
    ]);
    const errors: string[] = [];
    h.runtime.onStatus((s) => {
      if (s.state === 'error' && s.last_error) errors.push(s.last_error);
    });
    const source = await h.createSource('rest', {
      url: endpoint.url,
      interval_s: 0.05,
      timeout_s: 0.3,
      headers: { authorization: 'Bearer feed-token' },
    });

    await waitFor(async () => (await h.countObjects(source.id)) === 3, 'all three objects');
    await waitFor(() => h.runtime.status(source.id)[0]?.last_error === null, 'error cleared after success');
    expect(h.runtime.status(source.id)[0]?.state).toBe('polling');
    expect(errors.some((e) => /HTTP 500/.test(e))).toBe(true);
    expect(errors.some((e) => /timed out after 0.3 s/.test(e))).toBe(true);
    const [r1, r2] = endpoint.requests;
    expect(r1?.authorization).toBe('Bearer feed-token');
    expect(r1?.['if-none-match']).toBeUndefined();
    expect(r2?.['if-none-match']).toBe('"v1"');
    expect(r2?.['if-modified-since']).toBe(modified);
    await waitFor(() => endpoint.requests.length >= 6, 'poll after the last change');
    expect(endpoint.requests[5]?.['if-none-match']).toBe('"v2"');
    await endpoint.close();
  });

  it('maps a JSON array with field paths, and reads GeoJSON', async () => {
    const endpoint = await startEndpoint([
      json({
        data: {
          vehicles: [
            { vid: 7, pos: { x: '8.5', y: 47.3 }, info: { name: 'Bus 7', speed: 12 } },
            { vid: 8, pos: { x: 'far', y: 47.3 } },
          ],
        },
      }),
    ]);
    const geo = await startEndpoint([
      json({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            id: 'g1',
            properties: { kind: 'drone' },
            geometry: { type: 'Point', coordinates: [3, 4] },
          },
        ],
      }),
    ]);
    const mapped = await h.createSource('rest', {
      url: endpoint.url,
      interval_s: 0.05,
      format: 'json-array',
      mapping: {
        items: 'data.vehicles',
        id: 'vid',
        lon: 'pos.x',
        lat: 'pos.y',
        tags: { name: 'info.name', speed: 'info.speed' },
      },
    });
    const geojson = await h.createSource('rest', { url: geo.url, interval_s: 0.05, format: 'geojson' });
    await waitFor(
      async () => (await h.countObjects(mapped.id)) === 1 && (await h.countObjects(geojson.id)) === 1,
      'mapped objects',
    );
    const bus = await h.store.findObjectByKey(mapped.id, 'node', '7');
    expect(bus?.tags).toEqual({ name: 'Bus 7', speed: 12 });
    expect(bus?.geom).toEqual({ type: 'Point', coordinates: [8.5, 47.3] });
    const status = await waitFor(() => h.runtime.status(mapped.id).find((s) => s.rejected === 1), 'bad item rejected');
    expect(status.last_error).toMatch(/pos\.x/);
    const drone = await h.store.findObjectByKey(geojson.id, 'node', 'g1');
    expect(drone?.tags).toEqual({ kind: 'drone' });
    await endpoint.close();
    await geo.close();
  });
});

// The aircraft_json connector against a local HTTP server serving readsb's aircraft.json, then
// the same file again, garbage, and an error: objects stored with the ADS-B mapping, the rest counted.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, waitFor, type Harness } from './harness.js';

const readsb = readFileSync(join(__dirname, '..', 'fixtures', 'adsb', 'readsb-dump1090-exporter-aircraft.json'));

describe('aircraft_json connector', () => {
  let h: Harness;
  let server: http.Server;
  let url: string;
  const answers: Array<(res: http.ServerResponse) => void> = [
    (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(readsb),
    (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(readsb),
    (res) => res.writeHead(200).end('\u0000garbage{'),
    (res) => res.writeHead(503).end('busy'),
  ];
  let requests = 0;

  beforeEach(async () => {
    h = await createHarness();
    requests = 0;
    server = http.createServer((_req, res) => {
      const answer = answers[Math.min(requests, answers.length - 1)]!;
      requests += 1;
      answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data/aircraft.json`;
  });
  afterEach(async () => {
    await h.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('stores aircraft with a position, counts garbage as rejected and keeps polling after an error', async () => {
    const source = await h.createSource('aircraft_json', { url, interval_ms: 100 });
    await waitFor(() => requests >= 4, 'four polls');
    const status = await waitFor(
      () => h.runtime.status(source.id).find((s) => s.state === 'error' && s.rejected === 1),
      'the garbage rejected and the 503 recorded',
    );
    expect(status.last_error).toMatch(/HTTP 503/);
    expect(await h.countObjects(source.id)).toBe(1);
    const plane = await h.store.findObjectByKey(source.id, 'node', '7c495b');
    expect(plane?.geom).toEqual({ type: 'Point', coordinates: [138.264509, -34.909653] });
    expect(plane?.tags).toMatchObject({ kind: 'aircraft', name: 'RXA4362', altitude: 2331.7, speed: 80.25 });
    expect(plane?.observed_at).toBe(new Date(1633214706600).toISOString());
    expect(h.statuses.some((s) => s.source_id === source.id && s.state === 'polling')).toBe(true);

    await h.deleteSource(source.id);
    const before = requests;
    await new Promise((r) => setTimeout(r, 300));
    expect(requests).toBe(before);
  });
});

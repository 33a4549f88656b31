// The opensky connector against a local token endpoint and states/all: OAuth2 client credentials
// (token fetched once, renewed after a 401), the bbox as lamin/lomin/lamax/lomax, HTTP 429 honoured
// through its X-Rate-Limit-Retry-After-Seconds header, and the FDX1869 vector stored.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../electron/core/connectors/opensky/opensky-connector.js';
import { createHarness, waitFor, type Harness } from './harness.js';

const fdx = readFileSync(join(__dirname, '..', 'fixtures', 'adsb', 'opensky-states-fdx1869.json'));

describe('opensky connector', () => {
  let h: Harness;
  let server: http.Server;
  let base: string;
  const tokenBodies: string[] = [];
  const apiRequests: Array<{ url: string; auth: string | undefined }> = [];

  beforeEach(async () => {
    h = await createHarness();
    tokenBodies.length = 0;
    apiRequests.length = 0;
    server = http.createServer((req, res) => {
      if (req.url === '/token') {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          tokenBodies.push(body);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ access_token: `t${tokenBodies.length}`, expires_in: 1800, token_type: 'Bearer' }));
        });
        return;
      }
      apiRequests.push({ url: req.url ?? '', auth: req.headers.authorization });
      const n = apiRequests.length;
      if (n === 1) res.writeHead(429, { 'x-rate-limit-retry-after-seconds': '1' }).end();
      else if (n === 2) res.writeHead(401).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(fdx);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await h.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('waits out a 429, renews the token after a 401 and stores the aircraft', async () => {
    const source = await h.createSource('opensky', {
      url: `${base}/api/states/all`,
      token_url: `${base}/token`,
      client_id: 'tracker-client',
      client_secret: 's3cret',
      bbox: [-122.5, 37, -121, 38],
      interval_ms: 1000,
    });
    const backoff = await waitFor(
      () => h.runtime.status(source.id).find((s) => s.state === 'backoff'),
      'backoff on 429',
    );
    expect(backoff.last_error).toBe('OpenSky answered HTTP 429 (rate limit); it asks to wait 1 s.');
    expect(backoff.next_retry_at).toBeTruthy();
    await waitFor(async () => (await h.countObjects(source.id)) === 1, 'the aircraft stored after the wait');
    const plane = await h.store.findObjectByKey(source.id, 'node', 'a086d8');
    expect(plane?.geom).toEqual({ type: 'Point', coordinates: [-121.8445, 37.2541] });
    expect(plane?.tags).toMatchObject({ kind: 'aircraft', name: 'FDX1869', 'opensky:origin_country': 'United States' });
    expect(plane?.observed_at).toBe(new Date(1507198218000).toISOString());
    expect(h.runtime.status(source.id)[0]?.state).toBe('polling');

    const query = new URL(apiRequests[0]!.url, base).searchParams;
    expect([query.get('lamin'), query.get('lomin'), query.get('lamax'), query.get('lomax')]).toEqual([
      '37',
      '-122.5',
      '38',
      '-121',
    ]);
    expect(apiRequests.map((r) => r.auth).slice(0, 3)).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t2']);
    expect(tokenBodies).toHaveLength(2);
    expect(new URLSearchParams(tokenBodies[0]).get('grant_type')).toBe('client_credentials');
    expect(new URLSearchParams(tokenBodies[0]).get('client_secret')).toBe('s3cret');
    await h.deleteSource(source.id);
  });

  it('refuses a client_id without a client_secret', async () => {
    await expect(h.createSource('opensky', { client_id: 'x' })).rejects.toThrow(/client_secret/);
  });

  it('reads the retry-after in seconds or as a date', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(retryAfterMs({ 'x-rate-limit-retry-after-seconds': '16841' }, now)).toBe(16_841_000);
    expect(retryAfterMs({ 'retry-after': '120' }, now)).toBe(120_000);
    expect(retryAfterMs({ 'retry-after': new Date(now + 5000).toUTCString() }, now)).toBe(5000);
    expect(retryAfterMs({}, now)).toBeUndefined();
  });
});

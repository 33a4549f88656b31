/**
 * Requests the HTTP parser refuses, answered on a raw socket before any routing or auth: 414 for an
 * over-long URL (REST or upgrade), 431 for oversized headers, 400 for garbage; one within the limit
 * still reaches the router, and the hub keeps answering.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/headless/serve.js';
import { rawExchange } from './ws-probes.js';

const TOKEN = 'oversized-app-token-abcdefghijk';
let server: RunningServer;
let dataDir: string;
const host = () => `127.0.0.1:${server.port}`;
const get = (path: string, extra = '') =>
  `GET ${path} HTTP/1.1\r\nHost: ${host()}\r\n${extra}Connection: close\r\n\r\n`;
const json = (body: string) => JSON.parse(body) as { error: { code: string; message: string } };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'oversized-'));
  server = await startServer({ dataDir, port: 0, token: TOKEN, env: { LOG_LEVEL: 'silent' } });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('oversized requests', () => {
  it('answers a 100 kB URL with 414 and a short body, before the token check', async () => {
    const r = await rawExchange(server.port, get(`/api/objects?q=${'a'.repeat(100_000)}`));
    expect(r.status).toBe(414);
    expect(json(r.body).error).toEqual({
      code: 'INVALID_INPUT',
      message: "The request URL is longer than the hub's limit of 16384 bytes.",
    });
    expect((await rawExchange(server.port, get('/api/health'))).status).toBe(200);
  });

  it('answers an over-long URL on a WebSocket upgrade with 414 too', async () => {
    const upgrade =
      'Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
    const r = await rawExchange(server.port, get(`/api/ws/objects/x?token=${'t'.repeat(100_000)}`, upgrade));
    expect(r.status).toBe(414);
  });

  it('answers oversized header fields with 431', async () => {
    const r = await rawExchange(server.port, get('/api/health', `X-Filler: ${'b'.repeat(40_000)}\r\n`));
    expect(r.status).toBe(431);
    expect(json(r.body).error.message).toBe(
      "The request line and header fields exceed the hub's limit of 16384 bytes.",
    );
  });

  it('routes a long URL within the limit as usual, and answers garbage with 400', async () => {
    const within = await rawExchange(server.port, get(`/api/${'n'.repeat(8_000)}`));
    expect(within.status).toBe(404);
    expect(json(within.body).error.code).toBe('NOT_FOUND');
    const authed = await rawExchange(
      server.port,
      get(`/api/objects?limit=1&q=${'a'.repeat(8_000)}`, `Authorization: Bearer ${TOKEN}\r\n`),
    );
    // Past the door and the token check: the filter itself answers (its text is longer than it allows).
    expect(authed.status).toBe(400);
    expect(json(authed.body).error.message).toMatch(/q|text|filter/i);
    expect((await rawExchange(server.port, 'NOT HTTP AT ALL\r\n\r\n')).status).toBe(400);
    expect((await rawExchange(server.port, get('/api/health'))).status).toBe(200);
  });
});

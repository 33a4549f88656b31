// Deactivating, deleting or quitting stops all traffic and leaves no socket, timer or request behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createHarness, nativeObject, waitFor, type Harness } from './harness.js';

/** Active resources as a multiset, e.g. { TCPSocketWrap: 2, Timeout: 1 }. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

/** Resource types above the baseline (timers or sockets something left behind). */
function leftOver(baseline: Record<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [type, n] of Object.entries(resources()))
    if (n > (baseline[type] ?? 0)) extra[type] = n - (baseline[type] ?? 0);
  return extra;
}

/** For waitFor: true once nothing is left over; throws (named in the timeout message) otherwise. */
const noneLeft = (baseline: Record<string, number>) => () => {
  const extra = leftOver(baseline);
  if (Object.keys(extra).length > 0) throw new Error(`left over: ${JSON.stringify(extra)}`);
  return true;
};

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('stopping connectors', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('closes a connected websocket on deactivation and never reconnects', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    let connections = 0;
    let open = 0;
    server.on('connection', (socket) => {
      connections += 1;
      open += 1;
      socket.on('close', () => (open -= 1));
      socket.send(JSON.stringify(nativeObject('w1', 1, 2)));
    });
    const port = (server.address() as AddressInfo).port;
    const baseline = resources();
    const source = await h.createSource('websocket', {
      url: `ws://127.0.0.1:${port}`,
      backoff: { initial_ms: 20, max_ms: 50 },
    });
    await waitFor(async () => (await h.countObjects(source.id)) === 1, 'object');
    expect(leftOver(baseline)).not.toEqual({});

    await h.updateSource(source.id, { isActive: false });
    expect(h.runtime.status(source.id)[0]?.state).toBe('stopped');
    await waitFor(() => open === 0, 'server sees the socket closed');
    await waitFor(noneLeft(baseline), 'resources back to baseline', 3000);
    // Well past several backoff periods: no new connection.
    await new Promise((r) => setTimeout(r, 300));
    expect(connections).toBe(1);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('cancels a pending reconnect timer on deactivation', async () => {
    const port = await freePort();
    const baseline = resources();
    const source = await h.createSource('websocket', {
      url: `ws://127.0.0.1:${port}`,
      backoff: { initial_ms: 60_000, max_ms: 60_000, jitter: 0 },
    });
    await waitFor(() => h.runtime.status(source.id)[0]?.state === 'backoff', 'backoff');
    expect(resources()['Timeout'] ?? 0).toBeGreaterThan(baseline['Timeout'] ?? 0);
    await h.updateSource(source.id, { isActive: false });
    await waitFor(noneLeft(baseline), 'resources back to baseline', 3000);
  });

  it('aborts an in-flight poll on deactivation', async () => {
    let aborted = 0;
    let requests = 0;
    const server = http.createServer((req, res) => {
      requests += 1;
      // Never answers: the poll stays in flight until the client aborts it.
      res.on('close', () => (aborted += 1));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
    const baseline = resources();
    const source = await h.createSource('rest', { url, interval_s: 0.05, timeout_s: 120 });
    await waitFor(() => requests === 1, 'request in flight');
    await h.updateSource(source.id, { isActive: false });
    await waitFor(() => aborted === 1, 'server sees the request aborted');
    await waitFor(noneLeft(baseline), 'resources back to baseline', 3000);
    await new Promise((r) => setTimeout(r, 200));
    expect(requests).toBe(1);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('aborts a poll whose answer is half read on deactivation', async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests += 1;
      // Sends the head and part of the body, then stalls.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"osm_id":"x",');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/half`;
    const baseline = resources();
    const source = await h.createSource('rest', { url, interval_s: 0.05, timeout_s: 120 });
    await waitFor(() => requests === 1, 'request in flight');
    await h.updateSource(source.id, { isActive: false });
    await waitFor(noneLeft(baseline), 'resources back to baseline', 3000);
    expect(requests).toBe(1);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('closes the idle keep-alive socket between polls on deactivation', async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const baseline = resources();
    const source = await h.createSource('rest', { url, interval_s: 30 });
    await waitFor(() => requests === 1, 'first poll');
    await waitFor(() => h.runtime.status(source.id)[0]?.last_message_at, 'answer read');
    await h.updateSource(source.id, { isActive: false });
    await waitFor(noneLeft(baseline), 'resources back to baseline', 3000);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('stops the simulator on deletion, and every connector when the runtime stops', async () => {
    const baseline = resources();
    const sim = await h.createSource('simulator', { count: 5, rate_per_s: 200, seed: 1 });
    await waitFor(async () => (await h.countObjects(sim.id)) === 5, 'simulated objects');
    await h.deleteSource(sim.id);
    expect(h.runtime.status(sim.id)).toEqual([]);
    await waitFor(noneLeft(baseline), 'resources back to baseline', 3000);

    const again = await h.createSource('simulator', { count: 3, rate_per_s: 100, seed: 2 });
    await waitFor(async () => (await h.countObjects(again.id)) === 3, 'simulated objects');
    await h.runtime.stop();
    expect(h.runtime.status(again.id)[0]?.state).toBe('stopped');
    const received = (await h.store.listObjects({ filter: { source_ids: [again.id] } })).items
      .map((o) => o.updated_at)
      .sort();
    await new Promise((r) => setTimeout(r, 300));
    const later = (await h.store.listObjects({ filter: { source_ids: [again.id] } })).items
      .map((o) => o.updated_at)
      .sort();
    expect(later).toEqual(received);
    await waitFor(noneLeft(baseline), 'resources back to baseline', 3000);
  });
});

// The websocket connector against a real local feed that drops and comes back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { createHarness, nativeObject, waitFor, type Harness } from './harness.js';

interface Feed {
  server: WebSocketServer;
  port: number;
  connections: { socket: WebSocket; req: IncomingMessage; received: string[] }[];
  close(): Promise<void>;
}

/** A feed that sends `onConnect(n)` messages to its n-th client after that client subscribes. */
async function startFeed(
  port: number,
  onSubscribed: (socket: WebSocket, index: number) => void,
  counter = { n: 0 },
): Promise<Feed> {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const feed: Feed = {
    server,
    port: (server.address() as AddressInfo).port,
    connections: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of feed.connections) c.socket.terminate();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket, req) => {
    const entry = { socket, req, received: [] as string[] };
    feed.connections.push(entry);
    counter.n += 1;
    const index = counter.n;
    socket.on('message', (data) => {
      entry.received.push(String(data));
      onSubscribed(socket, index);
    });
  });
  return feed;
}

describe('websocket connector', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('reads objects, goes to backoff when the feed drops, and reconnects and resumes when it returns', async () => {
    const counter = { n: 0 };
    const send = (socket: WebSocket, index: number) => {
      socket.send(
        JSON.stringify({
          type: 'objects',
          seq: index,
          objects: [nativeObject(`a${index}`, 10, 53), nativeObject(`b${index}`, 10.1, 53.1)],
        }),
      );
      socket.send(JSON.stringify(nativeObject(`c${index}`, 10.2, 53.2)));
    };
    let feed = await startFeed(0, send, counter);
    const port = feed.port;
    const backoff = { initial_ms: 50, max_ms: 300, factor: 2, jitter: 0.2 };
    const timed: { at: number; state: string; next: string | null | undefined }[] = [];
    h.runtime.onStatus((s) => timed.push({ at: Date.now(), state: s.state, next: s.next_retry_at }));
    const source = await h.createSource('websocket', {
      url: `ws://127.0.0.1:${port}/feed?token=secret`,
      headers: { 'x-api-key': 'k1' },
      subscribe_message: { op: 'subscribe', topic: 'all' },
      backoff,
    });

    await waitFor(async () => (await h.countObjects(source.id)) === 3, 'first objects');
    const first = feed.connections[0];
    expect(first?.req.headers['x-api-key']).toBe('k1');
    expect(first?.received[0]).toBe(JSON.stringify({ op: 'subscribe', topic: 'all' }));
    expect(h.runtime.status(source.id)[0]?.state).toBe('connected');

    await feed.close();
    const down = await waitFor(() => h.runtime.status(source.id).find((s) => s.state === 'backoff'), 'backoff');
    expect(down.last_error).toMatch(/ws:\/\/127\.0\.0\.1:\d+\/feed/);
    expect(down.last_error).not.toContain('secret');
    expect(down.next_retry_at).toBeTruthy();
    // Let a few refused attempts go by, then bring the feed back on the same port.
    await waitFor(() => timed.filter((t) => t.state === 'backoff').length >= 3, 'repeated backoff');
    feed = await startFeed(port, send, counter);

    await waitFor(async () => (await h.countObjects(source.id)) === 6, 'objects after reconnect');
    expect(h.runtime.status(source.id)[0]?.state).toBe('connected');
    expect(feed.connections.length).toBe(1);
    // Every scheduled retry lies within the configured bound.
    const retries = timed.filter((t) => t.state === 'backoff' && t.next);
    expect(retries.length).toBeGreaterThanOrEqual(3);
    for (const r of retries) {
      const delay = Date.parse(r.next ?? '') - r.at;
      expect(delay).toBeLessThanOrEqual(backoff.max_ms);
    }
    const states = timed.map((t) => t.state);
    expect(states.indexOf('backoff')).toBeGreaterThan(states.indexOf('connected'));
    expect(states.lastIndexOf('connected')).toBeGreaterThan(states.indexOf('backoff'));
    await feed.close();
  });

  it('reads GeoJSON in auto format, counts bad objects as rejected, and refuses formats it was not set to', async () => {
    const feed = await startFeed(0, () => {});
    const auto = await h.createSource('websocket', { url: `ws://127.0.0.1:${feed.port}/a` });
    await waitFor(() => feed.connections.length === 1, 'connection');
    const socket = feed.connections[0]!.socket;
    socket.send(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', id: 'f1', properties: { kind: 'car' }, geometry: { type: 'Point', coordinates: [1, 2] } },
          { type: 'Feature', id: 'f2', properties: {}, geometry: { type: 'Point', coordinates: [500, 2] } },
        ],
      }),
    );
    socket.send('not json');
    await waitFor(async () => (await h.countObjects(auto.id)) === 1, 'feature stored');
    const status = await waitFor(() => h.runtime.status(auto.id).find((s) => s.rejected === 2), 'rejections counted');
    expect(status.last_error).toMatch(/not JSON/);
    await h.updateSource(auto.id, { connectionInfo: { url: `ws://127.0.0.1:${feed.port}/b`, format: 'native' } });
    await waitFor(() => feed.connections.length === 2, 'reconnect after settings change');
    expect(feed.connections[0]!.socket.readyState).toBeGreaterThanOrEqual(2);
    feed.connections[1]!.socket.send(
      JSON.stringify({ type: 'Feature', id: 'f3', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } }),
    );
    await waitFor(() => /format is 'native'/.test(h.runtime.status(auto.id)[0]?.last_error ?? ''), 'format refusal');
    await feed.close();
  });

  it('drops and reconnects a feed that stops answering pings', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: false });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    let connections = 0;
    server.on('connection', () => (connections += 1));
    const port = (server.address() as AddressInfo).port;
    const source = await h.createSource('websocket', {
      url: `ws://127.0.0.1:${port}`,
      heartbeat_s: 0.05,
      backoff: { initial_ms: 20, max_ms: 50 },
    });
    const down = await waitFor(
      () => h.runtime.status(source.id).find((s) => s.state === 'backoff'),
      'backoff after missed pongs',
    );
    expect(down.last_error).toBe(`Feed ws://127.0.0.1:${port}/ stopped answering pings.`);
    await waitFor(() => connections >= 2, 'reconnect');
    for (const c of server.clients) c.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('leaves hub-fed websocket sources (no url) idle', async () => {
    const source = await h.createSource('websocket', {});
    expect(h.runtime.status(source.id)[0]?.state).toBe('idle');
    await h.updateSource(source.id, { isActive: false });
    expect(h.runtime.status(source.id)[0]?.state).toBe('stopped');
  });
});

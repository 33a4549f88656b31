// Done-when, through the API of the real headless server: create a websocket source pointing at a
// feed, see objects arrive, stop the feed (backoff), restart it (reconnect within the bound),
// deactivate (socket closed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { nativeObject, waitFor } from './harness.js';
import { startServe, type Json, type ServeProcess } from './serve-process.js';

async function startFeed(port: number, round: { n: number }) {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  let open = 0;
  server.on('connection', (socket) => {
    open += 1;
    socket.on('close', () => (open -= 1));
    round.n += 1;
    const objects = Array.from({ length: 5 }, (_, i) => nativeObject(`r${round.n}-${i}`, 8 + i / 100, 47));
    socket.send(JSON.stringify({ type: 'objects', seq: round.n, objects }));
  });
  return {
    port: (server.address() as AddressInfo).port,
    open: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of server.clients) c.terminate();
        server.close(() => resolve());
      }),
  };
}

describe('websocket source through the API', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe();
  }, 60_000);
  afterAll(async () => {
    await serve?.stop();
  });

  it('creates a source, receives objects, backs off when the feed stops and reconnects when it returns', async () => {
    const round = { n: 0 };
    let feed = await startFeed(0, round);
    const port = feed.port;
    const maxMs = 400;

    const bad = await serve.rest('POST', '/api/data-sources', {
      name: 'bad',
      type: 'websocket',
      connection_info: { url: 'http://x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("Field 'connection_info.url' must use ws:// or wss://, got 'http://x'.");

    const created = await serve.rest('POST', '/api/data-sources', {
      name: 'Feed',
      type: 'websocket',
      connection_info: { url: `ws://127.0.0.1:${port}/feed`, backoff: { initial_ms: 100, max_ms: maxMs } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const objects = async () => (await serve.rest('GET', `/api/objects?source_id=${id}&limit=1`)).body.total as number;
    const status = async () => ((await serve.rpc('sources.status', { id })).items[0] ?? {}) as Json;

    await waitFor(async () => (await objects()) === 5, 'objects from the feed');
    expect((await status()).state).toBe('connected');
    expect((await status()).received).toBe(5);

    await feed.close();
    const down = await waitFor(async () => {
      const s = await status();
      return s.state === 'backoff' ? s : undefined;
    }, 'backoff');
    // The retry was scheduled before now, at most max_ms after it was scheduled.
    expect(Date.parse(down.next_retry_at) - Date.now()).toBeLessThanOrEqual(maxMs);
    expect(down.last_error).toMatch(/127\.0\.0\.1/);

    feed = await startFeed(port, round);
    await waitFor(async () => (await status()).state === 'connected', 'reconnected');
    await waitFor(async () => (await objects()) === 10, 'objects after reconnecting');

    const deactivated = await serve.rest('POST', `/api/data-sources/${id}/deactivate`);
    expect(deactivated.status).toBe(200);
    expect((await status()).state).toBe('stopped');
    await waitFor(() => feed.open() === 0, 'feed sees the connection closed');
    await feed.close();
  });
});

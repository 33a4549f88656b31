// Connectors stop reading while ingest is saturated, so a burst is stored whole instead of refused.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { createHarness, nativeObject, waitFor, type Harness } from './harness.js';

describe('backpressure', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
  });

  it('pauses a websocket feed while ingest is saturated and stores every object of a burst', async () => {
    h = await createHarness({
      commitDelayMs: 40,
      ingest: { queueLimit: 1000, highWaterMark: 20, lowWaterMark: 10, batchSize: 50, maxBatchOps: 50 },
    });
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const total = 3000;
    server.on('connection', (socket) => {
      for (let i = 0; i < total; i++) socket.send(JSON.stringify(nativeObject(`o${i}`, (i % 360) - 180 + 0.5, 10)));
    });
    const harness = h;
    const source = await harness.createSource('websocket', {
      url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    });
    await waitFor(async () => (await harness.countObjects(source.id)) === total, 'every object stored', 25_000);
    const status = harness.runtime.status(source.id)[0];
    expect(status?.rejected).toBe(0);
    expect(status?.last_error).toBeNull();
    for (const c of server.clients) c.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

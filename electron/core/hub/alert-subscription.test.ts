import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { Alert } from '../../contract/methods/rules.js';
import { createAlertSubscription } from './alert-subscription.js';

/** A feed the test raises alerts on, as the rule engine's onAlert does. */
function createFeed() {
  const listeners = new Set<(a: Alert) => void>();
  return {
    onAlert(listener: (a: Alert) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    raise: (a: Alert) => listeners.forEach((l) => l(a)),
    listeners,
  };
}

const alert = (n: number): Alert => ({
  id: `a-${n}`,
  rule_id: 'r',
  rule_name: 'Rule',
  trigger: 'enter',
  object_ids: ['o'],
  geofence_id: 'g',
  observed_at: '2026-03-10T12:00:00.000Z',
  raised_at: '2026-03-10T12:00:00.000Z',
  position: [7.42, 43.73],
  message: `Alert ${n}.`,
  details: {},
  acknowledged: false,
  acknowledged_at: null,
});

let server: Server | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  // Upgraded sockets are no longer the HTTP server's: end them, then close it.
  for (const ws of sockets.splice(0)) ws.terminate();
  await new Promise((r) => server?.close(r));
});

/** A real socket pair on loopback: the hub's end and a client that can stop reading. */
async function socketPair(): Promise<{ hubEnd: WebSocket; client: WebSocket; received: string[] }> {
  server = createServer();
  const wss = new WebSocketServer({ server });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const [[hubEnd]] = (await Promise.all([once(wss, 'connection'), once(client, 'open')])) as [[WebSocket], unknown];
  sockets.push(client, hubEnd);
  const received: string[] = [];
  client.on('message', (d: Buffer) => {
    const msg = JSON.parse(d.toString()) as { type: string; alert?: Alert };
    if (msg.type === 'alert') received.push(msg.alert!.id);
  });
  return { hubEnd, client, received };
}

/** Stops the client reading and fills the hub end's buffer past the high-water mark. */
async function backUp(hubEnd: WebSocket, client: WebSocket): Promise<void> {
  (client as unknown as { _socket: { pause(): void } })._socket.pause();
  const junk = JSON.stringify({ type: 'junk', data: 'x'.repeat(1 << 20) });
  while (hubEnd.bufferedAmount < 1 << 20) {
    hubEnd.send(junk);
    await new Promise((r) => setImmediate(r));
  }
}

describe('createAlertSubscription', () => {
  it('sends alerts only after subscribe, and none after unsubscribe', async () => {
    const { hubEnd, received } = await socketPair();
    const feed = createFeed();
    const sub = createAlertSubscription({
      ws: hubEnd,
      feed,
      cfg: { maxSubscriberPending: 10, subscriberHighWaterBytes: 1 << 16 },
      onTooSlow: () => undefined,
    });
    feed.raise(alert(0));
    sub.subscribe();
    sub.subscribe();
    expect(feed.listeners.size).toBe(1);
    feed.raise(alert(1));
    feed.raise(alert(2));
    await vi.waitFor(() => expect(received).toEqual(['a-1', 'a-2']));
    sub.unsubscribe();
    expect(feed.listeners.size).toBe(0);
  });

  it('holds alerts while the socket is backed up and sends them in order once it drains', async () => {
    const { hubEnd, client, received } = await socketPair();
    const feed = createFeed();
    const sub = createAlertSubscription({
      ws: hubEnd,
      feed,
      cfg: { maxSubscriberPending: 10, subscriberHighWaterBytes: 1 << 16 },
      onTooSlow: () => undefined,
    });
    sub.subscribe();
    await backUp(hubEnd, client);
    for (const n of [1, 2, 3]) feed.raise(alert(n));
    (client as unknown as { _socket: { resume(): void } })._socket.resume();
    await vi.waitFor(() => expect(received).toEqual(['a-1', 'a-2', 'a-3']), { timeout: 10_000 });
  });

  it('cuts off a subscriber that lets more than maxSubscriberPending alerts wait, and stops listening', async () => {
    const { hubEnd, client } = await socketPair();
    const feed = createFeed();
    const tooSlow = vi.fn();
    const sub = createAlertSubscription({
      ws: hubEnd,
      feed,
      cfg: { maxSubscriberPending: 2, subscriberHighWaterBytes: 1 << 16 },
      onTooSlow: tooSlow,
    });
    sub.subscribe();
    await backUp(hubEnd, client);
    for (const n of [1, 2]) feed.raise(alert(n));
    expect(tooSlow).not.toHaveBeenCalled();
    feed.raise(alert(3));
    expect(tooSlow).toHaveBeenCalledOnce();
    expect(feed.listeners.size).toBe(0);
  });

  it('answers UNAVAILABLE on a hub without a rule engine', async () => {
    const { hubEnd } = await socketPair();
    const sub = createAlertSubscription({
      ws: hubEnd,
      feed: undefined,
      cfg: { maxSubscriberPending: 2, subscriberHighWaterBytes: 1 },
      onTooSlow: () => undefined,
    });
    expect(() => sub.subscribe()).toThrow('This hub has no rule engine, so it has no alerts to send.');
  });
});

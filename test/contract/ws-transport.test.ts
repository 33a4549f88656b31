// The renderer's WebSocket transport against a real `ws` server: JSON-RPC calls and notifications,
// calls queued while connecting, in-flight calls failing as UNAVAILABLE when the socket drops, and
// reconnecting afterwards; plus the URL built from the page's `?token=`.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import {
  bridgeUrlFromLocation,
  createWsTransport,
  rpcErrorToShape,
  type WebSocketLike,
  type WsTransport,
} from '../../renderer/src/api/ws-transport.js';

let server: WebSocketServer | undefined;
let transport: WsTransport | undefined;

afterEach(async () => {
  transport?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
});

async function startServer(
  onMessage: (ws: WebSocket, msg: { id?: number; method: string; params: unknown }) => void,
): Promise<string> {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (ws) => ws.on('message', (data) => onMessage(ws, JSON.parse(String(data)) as never)));
  await new Promise((r) => server!.once('listening', r));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/rpc?token=t`;
}

const open = (url: string) =>
  createWsTransport({ url, minDelayMs: 20, createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike });

describe('createWsTransport', () => {
  it('answers calls (queued until the socket opens) and delivers notifications as events', async () => {
    const url = await startServer((ws, msg) => {
      ws.send(
        JSON.stringify({ jsonrpc: '2.0', method: 'app.notified', params: { level: 'info', message: msg.method } }),
      );
      if (msg.method === 'fail')
        ws.send(
          JSON.stringify({
            jsonrpc: '2.0',
            id: msg.id,
            error: { code: -32000, message: 'x', data: { code: 'NOT_FOUND', message: "Object 'a' does not exist." } },
          }),
        );
      else ws.send(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: msg.params }));
    });
    transport = open(url);
    const seen: unknown[] = [];
    transport.on('app.notified', (p) => seen.push(p));
    expect(await transport.call('echo', { a: 1 })).toEqual({ ok: true, result: { a: 1 } });
    expect(await transport.call('fail', {})).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: "Object 'a' does not exist." },
    });
    await vi.waitFor(() => expect(seen).toHaveLength(2));
  });

  it('fails in-flight calls as UNAVAILABLE when the socket drops, then reconnects', async () => {
    let drop = true;
    const url = await startServer((ws, msg) => {
      if (drop) {
        drop = false;
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: 'again' }));
    });
    transport = open(url);
    const states: string[] = [];
    transport.onStateChange((s) => states.push(s));
    const lost = await transport.call('first', {});
    expect(lost).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(await transport.call('second', {})).toEqual({ ok: true, result: 'again' });
    expect(states).toEqual(expect.arrayContaining(['open', 'closed', 'connecting']));
  });

  it('answers UNAVAILABLE once closed', async () => {
    const url = await startServer(() => undefined);
    transport = open(url);
    transport.close();
    expect(await transport.call('x', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
});

describe('bridgeUrlFromLocation and rpcErrorToShape', () => {
  it('takes the token from ?token= and keeps it for reloads', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    } as Storage;
    const loc = (search: string) => ({ protocol: 'http:', host: '127.0.0.1:8765', search }) as Location;
    expect(bridgeUrlFromLocation(loc('?token=a%2Bb'), storage)).toBe('ws://127.0.0.1:8765/api/rpc?token=a%2Bb');
    expect(bridgeUrlFromLocation(loc(''), storage)).toBe('ws://127.0.0.1:8765/api/rpc?token=a%2Bb');
  });

  it('maps protocol errors without data to stable codes', () => {
    expect(rpcErrorToShape({ code: -32601, message: 'no' })).toEqual({ code: 'METHOD_NOT_FOUND', message: 'no' });
    expect(rpcErrorToShape({ code: -32700, message: 'bad' }).code).toBe('INVALID_INPUT');
    expect(rpcErrorToShape({ code: 1, message: 'odd' }).code).toBe('INTERNAL');
  });
});

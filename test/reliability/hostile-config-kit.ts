/**
 * Test helpers for the hostile-settings suite: local feeds (a WebSocket and a JSON REST endpoint that
 * accept the longest URLs and most headers), raw JSON-RPC over `/api/rpc`, and deep JSON as text.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- RPC answers are loosely typed JSON in tests */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { restItemKeys } from '../connectors/worst-settings.js';

/** `{"a":{"a":…1…}}` with `levels` objects, as text (JSON.stringify cannot write it past ~5,000). */
export function deepJson(levels: number): string {
  return '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

export interface Feeds {
  ws: string;
  http: string;
  /** Subscribe messages the WebSocket feed received. */
  subscribes: string[];
  /** Header counts of the requests each feed saw. */
  headerCounts: { ws: number[]; http: number[] };
  close(): Promise<void>;
}

/** A native object as the feeds send it. */
function feedObject(id: string) {
  return { osm_id: id, type: 'node', tags: { name: id }, geom: { type: 'Point', coordinates: [10, 53.5] } };
}

/** Starts both feeds on 127.0.0.1 with a 1 MiB header limit (the worst settings send ~60 KB of headers). */
export async function startFeeds(): Promise<Feeds> {
  const subscribes: string[] = [];
  const headerCounts = { ws: [] as number[], http: [] as number[] };
  const keys = restItemKeys();
  const rest: Server = createServer({ maxHeaderSize: 1 << 20 }, (req, res) => {
    headerCounts.http.push(Object.keys(req.headers).length);
    const item = { [keys.id]: 'rest-1', [keys.lon]: 10, [keys.lat]: 53.5, [keys.name]: 'r' };
    // Both shapes: the worst mapping reads `items`, a plain source reads a native object.
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.url?.includes('/native') ? feedObject('rest-native') : { [keys.items]: [item] }));
  });
  const wsHttp: Server = createServer({ maxHeaderSize: 1 << 20 });
  const wss = new WebSocketServer({ server: wsHttp, maxPayload: 1 << 20 });
  wss.on('connection', (socket, req) => {
    headerCounts.ws.push(Object.keys(req.headers).length);
    socket.on('message', (data) => subscribes.push(String(data)));
    socket.send(JSON.stringify(feedObject(`ws-${headerCounts.ws.length}`)));
  });
  const listen = (s: Server) =>
    new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
  const [restPort, wsPort] = [await listen(rest), await listen(wsHttp)];
  return {
    ws: `ws://127.0.0.1:${wsPort}/feed`,
    http: `http://127.0.0.1:${restPort}/feed`,
    subscribes,
    headerCounts,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      rest.closeAllConnections();
      wsHttp.closeAllConnections();
      await Promise.all([rest, wsHttp].map((s) => new Promise((r) => s.close(r))));
    },
  };
}

/** A JSON-RPC client over `/api/rpc` that sends raw text, so params may be nested past JSON.stringify. */
export async function openRpc(base: string, token: string) {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/rpc`, {
    headers: { authorization: `Bearer ${token}` },
    perMessageDeflate: false,
  });
  await new Promise<void>((r, j) => {
    ws.once('open', () => r());
    ws.once('error', j);
  });
  const pending = new Map<number, (msg: any) => void>();
  ws.on('message', (d) => {
    const msg = JSON.parse(String(d)) as { id?: number };
    if (typeof msg.id === 'number') pending.get(msg.id)?.(msg);
  });
  let next = 1;
  return {
    /** Resolves with the whole answer: `{result}` or `{error: {code, message, data}}`. */
    callRaw(method: string, paramsText: string): Promise<any> {
      const id = next++;
      return new Promise((r) => {
        pending.set(id, r);
        ws.send(`{"jsonrpc":"2.0","id":${id},"method":${JSON.stringify(method)},"params":${paramsText}}`);
      });
    },
    async call(method: string, params: unknown = {}): Promise<any> {
      const answer = await this.callRaw(method, JSON.stringify(params));
      if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
      return answer.result;
    },
    close: () => ws.close(),
  };
}

/** A REST call whose body is raw text. */
export async function restRaw(
  s: { base: string },
  token: string,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${s.base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** Polls `probe` until it returns a truthy value (or throws after `ms`). */
export async function until<T>(probe: () => Promise<T | undefined | false>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

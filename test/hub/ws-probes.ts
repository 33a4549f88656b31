/**
 * Test helpers for probing the hub's door: how an upgrade ended, the status and JSON body of a refused one, one
 * JSON-RPC call over an open `/api/rpc` socket, and a raw HTTP exchange on a plain TCP socket.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies and RPC results are loosely typed in tests */
import { connect } from 'node:net';
import WebSocket from 'ws';

/** Opens a WebSocket that must be refused; resolves with the HTTP status and parsed JSON body. */
export function refusalOf(url: string, opts: WebSocket.ClientOptions = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...opts });
    ws.once('open', () => {
      ws.close();
      reject(new Error(`expected a refusal, but '${url.replace(/token=[^&]*/, 'token=…')}' opened`));
    });
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null }));
      res.on('error', reject);
    });
    ws.once('error', (err) => reject(err));
  });
}

/** Opens a raw WebSocket and reports how the upgrade ended: 'open' or the HTTP status refused with. */
export function tryUpgrade(url: string, headers: Record<string, string> = {}): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('error', () => undefined);
  });
}

let nextId = 1;

/** One JSON-RPC 2.0 call over an open bridge socket; resolves with the result, rejects with the error. */
export function rpcCall(ws: WebSocket, method: string, params?: unknown, timeoutMs = 20_000): Promise<any> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      reject(new Error(`no answer to ${method} within ${timeoutMs} ms`));
    }, timeoutMs);
    function onMessage(data: Buffer): void {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown };
      if (msg.id !== id) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      if (msg.error) reject(Object.assign(new Error(JSON.stringify(msg.error)), { error: msg.error }));
      else resolve(msg.result);
    }
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }));
  });
}

/**
 * Writes `text` to a fresh TCP connection and resolves with the status code and body of the answer
 * (status 0 when the server closed without one).
 */
export function rawExchange(port: number, text: string, timeoutMs = 10_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (got += d));
    // A server that stops reading may reset the connection; whatever arrived before counts.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(got);
      const split = got.indexOf('\r\n\r\n');
      resolve({ status: status ? Number(status[1]) : 0, body: split === -1 ? '' : got.slice(split + 4) });
    });
  });
}

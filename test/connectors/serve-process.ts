/**
 * Runs the real headless server (`electron/headless/serve.ts`, what `npm run serve` starts) as a
 * child process in a tmp data dir, and talks to it over REST and the `/api/rpc` JSON-RPC bridge.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';

export const ROOT = resolve(import.meta.dirname, '../..');

/** A parsed JSON answer, read loosely by the tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code reads arbitrary JSON answers
export type Json = any;

export interface ServeProcess {
  base: string;
  token: string;
  dataDir: string;
  /** REST call with the app token; resolves with status and parsed body. */
  rest(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  /** JSON-RPC call over `/api/rpc`; resolves with the result or throws the error. */
  rpc(method: string, params?: unknown): Promise<Json>;
  stop(): Promise<void>;
}

/** Starts the server on a free port and waits for its ready line. */
export async function startServe(): Promise<ServeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'serve-'));
  const token = 'connectors-test-token-0123456789';
  // The app token goes in the environment: `--token` is refused (it would show in the process list).
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', TRACKER_TOKEN: token };
  delete env['TRACKER_PORT'];
  delete env['TRACKER_DATA_DIR'];
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/headless/serve.ts', '--port', '0', '--data-dir', dataDir],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const ready = await new Promise<{ url: string }>((resolveReady, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { event?: string; url: string };
        if (msg.event === 'ready') resolveReady(msg);
      } catch {
        // not the ready line
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before ready: ${stderr.slice(-2000)}`)));
  });
  const base = new URL(ready.url).origin;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  let rpcSocket: WebSocket | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const openRpc = async (): Promise<WebSocket> => {
    if (rpcSocket) return rpcSocket;
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/rpc`, {
      headers: { authorization: `Bearer ${token}` },
    });
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string; data?: unknown };
      };
      if (msg.id === undefined) return;
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(`${msg.error.message} ${JSON.stringify(msg.error.data ?? '')}`));
      else p?.resolve(msg.result);
    });
    await new Promise<void>((r, j) => {
      ws.once('open', () => r());
      ws.once('error', j);
    });
    rpcSocket = ws;
    return ws;
  };

  return {
    base,
    token,
    dataDir,
    async rest(method, path, body) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async rpc(method, params = {}) {
      const ws = await openRpc();
      const id = nextId++;
      const result = new Promise((r, j) => pending.set(id, { resolve: r, reject: j }));
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      return result;
    },
    async stop() {
      rpcSocket?.close();
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

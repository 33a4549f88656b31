/**
 * Test helper: runs the real headless server (`electron/headless/serve.ts` under tsx) as a child
 * process, waits for its JSON ready line, and offers REST/WS helpers against it.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- frames and REST bodies are loosely typed JSON in tests */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVE_TS = join(ROOT, 'electron/headless/serve.ts');

export interface ServeProcess {
  url: string;
  base: string;
  port: number;
  token: string;
  database: string;
  child: ChildProcess;
  stderr(): string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill9(): Promise<void>;
  exited: Promise<number | null>;
}

export interface ServeOptions {
  dataDir: string;
  token?: string;
  port?: number;
  args?: string[];
  env?: Record<string, string>;
}

/** Starts the server and resolves once it printed its ready line. */
export async function startServeProcess(o: ServeOptions): Promise<ServeProcess> {
  const args = ['--import', 'tsx', SERVE_TS, '--port', String(o.port ?? 0), '--data-dir', o.dataDir, ...(o.args ?? [])];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // The app token goes in the environment: `--token` is refused (it would show in the process list).
    env: { ...process.env, LOG_LEVEL: 'info', ...(o.token ? { TRACKER_TOKEN: o.token } : {}), ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    // TEST_SERVER_LOG_DIR=DIR keeps every server's whole log (DIR/<data dir>-<pid>.log), for hunting a rare failure.
    if (process.env.TEST_SERVER_LOG_DIR)
      appendFileSync(join(process.env.TEST_SERVER_LOG_DIR, `${basename(o.dataDir)}-${child.pid}.log`), d);
    if (err.length > 200_000) err = err.slice(-100_000);
  });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const ready = await new Promise<{ url: string; token: string; database: string }>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`serve did not get ready in 60 s; stderr:\n${err}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && out.includes('\n')) {
        clearTimeout(timer);
        try {
          res(JSON.parse(line) as { url: string; token: string; database: string });
        } catch (e) {
          rej(e as Error);
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`serve exited with ${String(code)} before ready; stderr:\n${err}`));
    });
  });
  const u = new URL(ready.url);
  return {
    ...ready,
    base: `${u.protocol}//${u.host}`,
    port: Number(u.port),
    child,
    stderr: () => err,
    exited,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

const REST_TIMEOUT_MS = 60_000;

/** A REST call with the app token; returns status and parsed body. */
export async function rest(
  s: { base: string; token: string },
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${s.base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${s.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    // A server that never answers fails the test with this call's name, not a suite timeout.
    signal: AbortSignal.timeout(REST_TIMEOUT_MS),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** Creates a data source over REST and returns its id and push token. */
export async function createSource(
  s: { base: string; token: string },
  name = 'test source',
  isActive = true,
): Promise<{ id: string; token: string }> {
  const r = await rest(s, 'POST', '/api/data-sources', { name, type: 'websocket', is_active: isActive });
  if (r.status !== 201) throw new Error(`create source answered ${r.status}: ${JSON.stringify(r.body)}`);
  return { id: r.body.id as string, token: r.body.token as string };
}

/** Opens a WebSocket and resolves when open (or rejects with the HTTP status of a refused upgrade). */
export function openWs(url: string, opts: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  return new Promise((res, rej) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...opts });
    ws.once('open', () => res(ws));
    ws.once('unexpected-response', (_req, r) =>
      rej(Object.assign(new Error(`HTTP ${r.statusCode}`), { status: r.statusCode })),
    );
    ws.once('error', rej);
  });
}

/** Queues incoming JSON frames so tests can await them in order. */
export function frames(ws: WebSocket) {
  const queue: any[] = [];
  const waiters: ((v: any) => void)[] = [];
  ws.on('message', (d: Buffer) => {
    const v = JSON.parse(d.toString()) as unknown;
    const w = waiters.shift();
    if (w) w(v);
    else queue.push(v);
  });
  return {
    next(timeoutMs = 20_000): Promise<any> {
      if (queue.length) return Promise.resolve(queue.shift());
      return new Promise((res, rej) => {
        const t = setTimeout(() => rej(new Error('no frame within timeout')), timeoutMs);
        waiters.push((v) => {
          clearTimeout(t);
          res(v);
        });
      });
    },
    pending: () => queue.length,
  };
}

/** Resolves with the close code and reason of a socket. */
export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((res) => ws.once('close', (code, reason) => res({ code, reason: reason.toString() })));
}

/** The resident set size of a process in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** A point object as publishers send it. */
export function point(osmId: string, lon: number, lat: number, observedAt: number, tags: Record<string, unknown> = {}) {
  return {
    osm_id: osmId,
    type: 'node',
    tags: { kind: 'ship', name: osmId, ...tags },
    geom: { type: 'Point', coordinates: [lon, lat] },
    observed_at: observedAt,
  };
}

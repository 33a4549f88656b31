/**
 * E2E helpers: start the real headless twin (`scripts/serve.mjs --port 0`) on a temp data dir and
 * read its ready line; launch Debian's Chromium through playwright-core with a fresh profile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';

export interface ReadyLine {
  event: 'ready';
  url: string;
  token: string;
  database: string;
}

export interface HeadlessApp {
  ready: ReadyLine;
  /** http://127.0.0.1:PORT */
  base: string;
  /** Calls the hub's REST API with the app token. */
  rest<T>(path: string, init?: RequestInit): Promise<T>;
  /** Creates a REST source (publishers push to it over HTTP); answers its id. */
  addRestSource(name: string): Promise<string>;
  /** Pushes objects to a source as one `objects` message; resolves once the hub committed them. */
  push(sourceId: string, objects: unknown[], seq?: number): Promise<void>;
  /** Stops the server; removes its data dir unless the caller gave it (`dataDir`). */
  stop(): Promise<void>;
}

export const SCREENSHOT_DIR = join(process.cwd(), 'test-output', 'screenshots');

/**
 * Starts the headless server and resolves once it printed its ready line. `viaNpm` runs it the way
 * the README says, `npm run serve -- …` (npm and the server in their own process group, stopped
 * together); `dataDir` starts it on a data dir of the caller's (kept at stop, e.g. for a restart).
 */
export async function startHeadlessApp(options: { viaNpm?: boolean; dataDir?: string } = {}): Promise<HeadlessApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tracker-e2e-'));
  const args = ['--port', '0', '--data-dir', dataDir];
  const child: ChildProcess = options.viaNpm
    ? spawn('npm', ['run', 'serve', '--', ...args], {
        cwd: process.cwd(),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
    : spawn(process.execPath, ['scripts/serve.mjs', ...args], {
        cwd: process.cwd(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      try {
        const msg = JSON.parse(line) as ReadyLine;
        if (msg.event === 'ready') resolve(msg);
      } catch {
        // Not the ready line.
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`The headless server exited with code ${code} before it was ready: ${stderr}`)),
    );
  });
  const base = new URL(ready.url).origin;
  async function rest<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${ready.token}`, 'Content-Type': 'application/json', ...init.headers },
    });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  }
  let pushed = 0;
  return {
    ready,
    base,
    rest,
    async addRestSource(name) {
      const source = await rest<{ id: string }>('/api/data-sources', {
        method: 'POST',
        body: JSON.stringify({ name, type: 'rest' }),
      });
      return source.id;
    },
    async push(sourceId, objects, seq = ++pushed) {
      await rest(`/api/data-sources/${sourceId}/objects`, {
        method: 'POST',
        body: JSON.stringify({ type: 'objects', seq, objects }),
      });
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        if (options.viaNpm) process.kill(-child.pid!, 'SIGTERM');
        else child.kill('SIGTERM');
        await exited;
      }
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, fresh profile, no background network. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * A 1280 x 800 page of `browser` whose console errors and uncaught page errors are pushed to
 * `errors` (the e2e suites assert it stays empty); `options` are more newPage options.
 */
export async function openAppPage(
  browser: Browser,
  errors: string[],
  options: Parameters<Browser['newPage']>[0] = {},
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, ...options });
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

/**
 * Renderer benchmark: frames/s in headless Chromium with 10,000 and 50,000 live objects receiving
 * 2,000 updates/s, our canvas layer beside a plain Leaflet canvas page (circleMarkers, preferCanvas)
 * fed the same seeded updates in the same run; plus click-to-frame latency at 50,000 objects, and
 * replay of 10,000 objects at 60x (the moment refetched 4 times a second into the same layer).
 */
import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import type { BenchRow, BenchSuite } from './bench-kit.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
};

export async function buildPages(outDir: string): Promise<void> {
  const root = resolve('renderer/bench');
  await build({
    configFile: false,
    root,
    base: './',
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: {
        input: {
          ours: join(root, 'ours.html'),
          leaflet: join(root, 'leaflet.html'),
          replay: join(root, 'replay.html'),
        },
      },
    },
  });
}

export function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!path.startsWith(dir) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

interface PageResult {
  fps: number;
  clickMs: number | null;
}

async function measure(
  browser: Browser,
  base: string,
  page: 'ours' | 'leaflet',
  n: number,
  withClick: boolean,
): Promise<PageResult> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await ctx.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(`${base}/${page}.html?n=${n}&rate=2000&ms=6000`);
  await p.waitForFunction(() => window.__bench?.ready === true, undefined, { timeout: 120_000 });
  const run = await p.evaluate(() => window.__bench!.run());
  let clickMs: number | null = null;
  if (withClick) {
    await p.evaluate(() => window.__bench!.startFeed());
    const samples: number[] = [];
    for (const i of [1, 101, 2001]) {
      await p.evaluate(() => (window.__bench!.clickMs = null));
      const [x, y] = await p.evaluate((k) => window.__bench!.screenPos(k), i);
      await p.mouse.click(x, y);
      await p.waitForFunction(() => window.__bench!.clickMs !== null, undefined, { timeout: 10_000 });
      samples.push(await p.evaluate(() => window.__bench!.clickMs!));
    }
    clickMs = samples.sort((a, b) => a - b)[1]!;
  }
  await ctx.close();
  if (errors.length) throw new Error(`The ${page} bench page failed: ${errors[0]}`);
  return { fps: run.fps, clickMs };
}

/**
 * Replay of 10,000 objects at 60x: frames/s while the moment advances and its objects replace the
 * store 4 times a second, beside the live page at the same count (its 2,000 updates/s) as baseline.
 */
export async function replayRow(browser: Browser, base: string, liveFps: number): Promise<BenchRow> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await ctx.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(`${base}/replay.html?n=10000&speed=60&ms=6000`);
  await p.waitForFunction(() => window.__bench?.ready === true, undefined, { timeout: 120_000 });
  const run = await p.evaluate(() => window.__bench!.run());
  await ctx.close();
  if (errors.length) throw new Error(`The replay bench page failed: ${errors[0]}`);
  return {
    name: 'frames/s, replay of 10,000 objects at 60x',
    value: run.fps,
    baseline: liveFps,
    unit: 'fps',
    higherIsBetter: true,
    target: '>= 30 fps',
    note: 'the moment advances every 100 ms; its 10,000 objects (through JSON, as over the WebSocket) replace the store every 250 ms; trails backfilled at the start; baseline: our live page, 10,000 objects at 2,000 updates/s',
  };
}

export const suite: BenchSuite = {
  name: 'renderer-fps',
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), 'renderer-bench-'));
    let server: Server | null = null;
    let browser: Browser | null = null;
    try {
      await buildPages(dir);
      server = await serve(dir);
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
      const rows: BenchRow[] = [];
      let live10k = 0;
      for (const n of [10_000, 50_000]) {
        const ours = await measure(browser, base, 'ours', n, n === 50_000);
        if (n === 10_000) live10k = ours.fps;
        const plain = await measure(browser, base, 'leaflet', n, n === 50_000);
        rows.push({
          name: `frames/s, ${n.toLocaleString('en-US')} objects, 2,000 updates/s`,
          value: ours.fps,
          baseline: plain.fps,
          unit: 'fps',
          higherIsBetter: true,
          target: n === 10_000 ? '>= 30 fps and >= plain Leaflet' : undefined,
          note: `baseline: plain Leaflet, preferCanvas circleMarkers; all ${n.toLocaleString('en-US')} on screen, ours drawn as ${n > 20_000 ? '4 px dots (level of detail above 20,000 on screen)' : '14 px symbols rotated by heading'}`,
        });
        if (ours.clickMs !== null) {
          rows.push({
            name: `click to selected frame, ${n.toLocaleString('en-US')} objects (median of 3)`,
            value: ours.clickMs,
            baseline: plain.clickMs,
            unit: 'ms',
            higherIsBetter: false,
            target: '< 200 ms',
          });
        }
      }
      rows.push(await replayRow(browser, base, live10k));
      return rows;
    } finally {
      await browser?.close();
      server?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

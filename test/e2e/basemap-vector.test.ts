/**
 * The offline vector basemap in Chromium, with every request outside the app's own origin blocked:
 * a real vector MBTiles written by tilemaker (OpenMapTiles schema, Monaco) is opened, the map goes
 * to `#map=16/43.7384/7.4246` and draws streets with their names; outside the basemap at z16 the
 * map says there is no detailed basemap (no error); the hash moves the map and follows it; the dark
 * style draws too. Screenshots in /tmp/e2e-shots/ and test-output/screenshots/.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';
import { openOfflinePage, vectorTilesDrawn } from './offline-page.js';

const FIXTURE = join(process.cwd(), 'test/fixtures/basemap/monaco-openmaptiles-tilemaker.mbtiles');
const SHOTS = '/tmp/e2e-shots';

let app: HeadlessApp;
let browser: Browser;
const tmp = mkdtempSync(join(tmpdir(), 'tracker-basemap-'));
const outside: string[] = [];
const pageErrors: string[] = [];

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `basemap-${name}.png`) });
  copyFileSync(join(SHOTS, `basemap-${name}.png`), join(SCREENSHOT_DIR, `basemap-${name}.png`));
}

async function freshPage(): Promise<Page> {
  return openOfflinePage(browser, app, { outside, errors: pageErrors });
}

const goTo = (page: Page, hash: string) =>
  page.evaluate((h) => {
    location.hash = h;
  }, hash);

beforeAll(async () => {
  app = await startHeadlessApp();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the offline vector basemap', () => {
  let page: Page;

  it('opens a tilemaker MBTiles and lists what it covers', async () => {
    const file = join(tmp, 'monaco.mbtiles');
    copyFileSync(FIXTURE, file);
    page = await freshPage();
    await page.getByTestId('tab-offline').click();
    await page.getByTestId('mbtiles-open').click();
    await page.getByTestId('mbtiles-path').fill(file);
    await page.getByTestId('mbtiles-path-open').click();
    const item = page.getByTestId('layer-vector');
    await item.waitFor();
    const coverage = await item.getByTestId('layer-coverage').textContent();
    expect(coverage).toMatch(/zoom 0–14 \(drawn to 18\)/);
    expect(coverage).toMatch(/works offline/);
    expect(coverage).toMatch(/kB/);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=map]')?.getAttribute('data-base-layer')?.length,
    );
  });

  it('draws Monaco at z16 with street names, from the hash', async () => {
    await goTo(page, '#map=16/43.7384/7.4246');
    await page.waitForFunction(() => document.querySelector('[data-testid=map]')?.getAttribute('data-zoom') === '16');
    expect(await vectorTilesDrawn(page)).toBeGreaterThan(4);
    expect(await page.getByTestId('map').getAttribute('data-world')).toBe('hidden');
    expect(await page.getByTestId('basemap-notice').isHidden()).toBe(true);
    await shot(page, '01-monaco-z16-light');
    // The drawing has land, water, roads and labels: count distinct colours in the middle tile.
    const colours = await page.evaluate(() => {
      const tiles = [...document.querySelectorAll<HTMLCanvasElement>('canvas.leaflet-tile')].filter((t) => t.width > 1);
      const seen = new Set<string>();
      for (const t of tiles) {
        const d = t.getContext('2d')!.getImageData(0, 0, t.width, t.height).data;
        for (let i = 0; i < d.length; i += 4 * 97) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
      }
      return seen.size;
    });
    expect(colours).toBeGreaterThan(50);
  });

  it('keeps the view in the URL for a reload', async () => {
    await page.reload();
    await page.getByTestId('status-bar').getByText('hub http').waitFor();
    const view = await page.evaluate(() => location.hash);
    expect(view).toBe('#map=16/43.7384/7.4246');
    await page.waitForFunction(() => document.querySelector('[data-testid=map]')?.getAttribute('data-zoom') === '16');
    expect(await vectorTilesDrawn(page)).toBeGreaterThan(4);
  });

  it('draws the dark style', async () => {
    await page.getByTestId('tab-offline').click();
    await page.getByTestId('basemap-style').selectOption('dark');
    await page.waitForTimeout(50);
    expect(await vectorTilesDrawn(page)).toBeGreaterThan(4);
    await shot(page, '02-monaco-z16-dark');
    await page.getByTestId('basemap-style').selectOption('light');
  });

  it('says "no detailed basemap here" outside the area, and shows the world layer at low zoom', async () => {
    await goTo(page, '#map=16/48.8566/2.3522');
    await page.waitForFunction(() => document.querySelector('[data-testid=map]')?.getAttribute('data-zoom') === '16');
    await page.getByTestId('basemap-notice').getByText('No detailed basemap here').waitFor();
    expect(await page.getByTestId('map').getAttribute('data-basemap-detail')).toBe('none');
    await shot(page, '03-outside-z16-hint');
    await goTo(page, '#map=6/46.5/4.0');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=map]')?.getAttribute('data-world') === 'shown',
    );
    expect(await page.getByTestId('basemap-notice').isHidden()).toBe(true);
    await shot(page, '04-world-z6');
  });

  it('measures the draw time per tile at z16 (recorded, not asserted)', async () => {
    await goTo(page, '#map=16/43.7384/7.4246');
    await page.evaluate(() => performance.clearMeasures('basemap-tile-draw'));
    for (const hash of [
      '#map=16/43.7384/7.4246',
      '#map=16/43.7310/7.4200',
      '#map=16/43.7440/7.4300',
      '#map=17/43.7384/7.4246',
    ]) {
      await goTo(page, hash);
      await page.waitForTimeout(100);
      await vectorTilesDrawn(page);
    }
    const times = await page.evaluate(() => performance.getEntriesByName('basemap-tile-draw').map((e) => e.duration));
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95)] ?? NaN;
    console.log(
      `basemap tile draw: ${times.length} tiles, median ${times[times.length >> 1]?.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
    );
    expect(times.length).toBeGreaterThan(10);
  });

  it('asked nothing outside the app and threw no page errors', () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

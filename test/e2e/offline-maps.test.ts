/**
 * Offline basemaps against the real headless twin in Chromium, with every request outside the
 * app's own origin blocked: the bundled world layer on a fresh install, an area downloaded from a
 * local tile server that is then stopped and still drawn from the cache, and an opened MBTiles file
 * (a file that is no tile archive refused; vector basemaps: basemap-vector.test.ts). Screenshots: test-output/screenshots/offline-*.png.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';
import { openOfflinePage } from './offline-page.js';
import { startTileServer, writeMbtiles, type TileServer } from './offline-tiles-kit.js';

let app: HeadlessApp;
let browser: Browser;
let tileServer: TileServer | null = null;
const tmp = mkdtempSync(join(tmpdir(), 'tracker-offline-'));
const outside: string[] = [];
const pageErrors: string[] = [];
const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `offline-${name}.png`) });

/** A fresh browser profile (no HTTP cache, no localStorage) that can reach nothing but the app. */
async function freshPage(): Promise<Page> {
  return openOfflinePage(browser, app, { outside, errors: pageErrors });
}

const zoomOf = async (page: Page) => Number(await page.getByTestId('map').getAttribute('data-zoom'));

/** Zooms in on the map centre with double clicks until the map is at `zoom`. */
async function zoomTo(page: Page, zoom: number): Promise<void> {
  const box = (await page.getByTestId('map').boundingBox())!;
  while ((await zoomOf(page)) < zoom) {
    const before = await zoomOf(page);
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(
      (z) => Number(document.querySelector('[data-testid=map]')?.getAttribute('data-zoom')) > z,
      before,
    );
  }
}

/** Waits until every tile of the layer in view has finished and faded in, then counts them and those drawn. */
async function tilesOf(page: Page, layerId: string): Promise<{ total: number; drawn: number }> {
  const path = `/tiles/${layerId}/`;
  await page.waitForFunction((p) => {
    const imgs = [...document.querySelectorAll<HTMLImageElement>('img.leaflet-tile')].filter((i) => i.src.includes(p));
    // Complete, and Leaflet's fade-in over: every tile and its level container fully opaque.
    return (
      imgs.length > 0 &&
      imgs.every((i) => i.complete && getComputedStyle(i).opacity === '1') &&
      imgs.every((i) => getComputedStyle(i.parentElement!).opacity === '1')
    );
  }, path);
  return page.$$eval(
    'img.leaflet-tile',
    (imgs, p) => {
      const mine = (imgs as HTMLImageElement[]).filter((i) => i.src.includes(p));
      return { total: mine.length, drawn: mine.filter((i) => i.naturalWidth === 256).length };
    },
    path,
  );
}

beforeAll(async () => {
  app = await startHeadlessApp();
  browser = await launchChromium();
});

afterAll(async () => {
  await tileServer?.stop();
  await browser?.close();
  await app?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('offline basemaps (headless twin, network blocked)', () => {
  it('shows the bundled world basemap on a fresh install', async () => {
    const page = await freshPage();
    await page.locator('.leaflet-world-pane canvas').waitFor();
    expect(await page.getByTestId('map').getAttribute('data-base-layer')).toBe('world');
    expect(await page.locator('img.leaflet-tile').count()).toBe(0);
    await expect(page.locator('.leaflet-control-attribution').textContent()).resolves.toMatch(/Natural Earth/);
    await shot(page, '01-world-basemap-no-network');
    await page.context().close();
  });

  it("refuses an area download from OpenStreetMap's own servers", async () => {
    const page = await freshPage();
    await page.getByTestId('tab-offline').click();
    await expect(page.getByTestId('layer-online').textContent()).resolves.toMatch(/OpenStreetMap/);
    await page.getByTestId('area-estimate').click();
    await expect(page.getByTestId('area-error').textContent()).resolves.toMatch(
      /OpenStreetMap server, whose usage policy forbids downloading areas/,
    );
    expect(await page.getByTestId('area-start').isDisabled()).toBe(true);
    await shot(page, '02-osm-download-refused');
    await page.context().close();
  });

  it('downloads an area from a permitting source, with cancel and resume', async () => {
    tileServer = await startTileServer({ delayMs: 15 });
    const page = await freshPage();
    await zoomTo(page, 5);
    await page.getByTestId('tab-offline').click();
    await page.getByTestId('online-edit').click();
    await page.getByTestId('online-name').fill('Local test tiles');
    await page.getByTestId('online-url').fill(tileServer.template);
    await page.getByTestId('online-attribution').fill('© Local test tiles');
    await page.getByTestId('online-max-zoom').fill('8');
    // Not yet marked as permitting downloads: refused with main's sentence.
    await page.getByTestId('online-save').click();
    await page.getByText('Saved.').waitFor();
    await page.getByTestId('area-estimate').click();
    await expect(page.getByTestId('area-error').textContent()).resolves.toMatch(
      /not marked as permitting area downloads/,
    );
    await page.getByTestId('online-allow-download').check();
    await page.getByTestId('online-save').click();
    await page.getByText('Saved.').waitFor();

    await page.getByTestId('layer-online').getByRole('radio').check();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=map]')?.getAttribute('data-base-layer') === 'online',
    );
    await page.getByTestId('area-zoom-min').fill('5');
    await page.getByTestId('area-zoom-max').fill('7');
    await page.getByTestId('area-estimate').click();
    const estimate = (await page.getByTestId('area-estimate-text').textContent())!;
    expect(estimate).toMatch(/^\d[\d,]* tiles, about /);
    await page.getByTestId('area-start').click();
    await page.waitForFunction(() => {
      const m = /^(\d+)/.exec(document.querySelector('[data-testid=area-progress] span')?.textContent ?? '');
      return Number(m?.[1]) >= 10;
    });
    await page.getByTestId('area-cancel').click();
    await page.getByTestId('area-progress').getByText('cancelled; start again to resume').waitFor();
    const atCancel = tileServer.served.length;
    await page.getByRole('button', { name: 'Resume download' }).click();
    await page.getByTestId('area-progress').getByText('done.').waitFor({ timeout: 60_000 });
    const text = (await page.getByTestId('area-progress').textContent())!;
    expect(Number(/(\d+) already cached/.exec(text)?.[1])).toBeGreaterThan(0);
    expect(tileServer.served.length).toBeGreaterThan(atCancel);
    await shot(page, '03-area-downloaded');
    await page.context().close();
  });

  it('draws the downloaded area from the cache after the tile server is gone', async () => {
    await tileServer!.stop();
    tileServer = null;
    const page = await freshPage();
    await zoomTo(page, 5);
    await page.getByTestId('tab-offline').click();
    await page.getByTestId('layer-online').getByRole('radio').check();
    const tiles = await tilesOf(page, 'online');
    expect(tiles.total).toBeGreaterThanOrEqual(4);
    expect(tiles.drawn).toBe(tiles.total);
    await expect(page.locator('.leaflet-control-attribution').textContent()).resolves.toMatch(/Local test tiles/);
    await shot(page, '04-downloaded-area-offline');
    await page.context().close();
  });

  it('opens a raster MBTiles file, refuses a file that is no tile archive, and closes it', async () => {
    const raster = join(tmp, 'test-raster.mbtiles');
    const notTiles = join(tmp, 'notes.mbtiles');
    writeMbtiles(raster, { name: 'Test raster', minZoom: 0, maxZoom: 3 });
    writeFileSync(notTiles, 'shopping list: bread, milk\n');
    const page = await freshPage();
    await page.getByTestId('tab-offline').click();
    await page.getByTestId('mbtiles-open').click();
    await page.getByTestId('mbtiles-path').fill(notTiles);
    await page.getByTestId('mbtiles-path-open').click();
    await expect(page.getByTestId('mbtiles-error').textContent()).resolves.toContain('notes.mbtiles');
    await shot(page, '05-not-a-tile-archive-refused');

    await page.getByTestId('mbtiles-path').fill(raster);
    await page.getByTestId('mbtiles-path-open').click();
    await page.getByTestId('layer-mbtiles').waitFor();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=map]')?.getAttribute('data-base-layer')?.startsWith('mbtiles-'),
    );
    const layerId = (await page.getByTestId('map').getAttribute('data-base-layer'))!;
    const tiles = await tilesOf(page, layerId);
    expect(tiles.total).toBeGreaterThanOrEqual(4);
    expect(tiles.drawn).toBe(tiles.total);
    await expect(page.locator('.leaflet-control-attribution').textContent()).resolves.toMatch(/Test raster test tiles/);
    await shot(page, '06-mbtiles-open');

    await page.getByTestId('layer-close').click();
    await page.getByTestId('layer-mbtiles').waitFor({ state: 'detached' });
    expect(await page.getByTestId('map').getAttribute('data-base-layer')).toBe('world');
    await page.context().close();
  });

  it('made no request outside the app and threw no page errors', () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

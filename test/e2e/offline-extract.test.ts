/**
 * "Import an extract" makes the app usable offline, in the real headless twin with Chromium and every
 * request outside the app's origin blocked (and counted): the real Monaco extract (© OpenStreetMap
 * contributors, ODbL 1.0; test/fixtures/osm/LICENSE-monaco.md) is imported through the Import
 * section's file input with "Also build an offline street basemap from OSM extracts" on; the result
 * line follows the build to "ready", the switcher lists the basemap and the map switches to it. At
 * `#map=16/43.7384/7.4246` the basemap draws streets with their names (objects hidden by a filter);
 * outside the extract the map shows the "no detailed basemap here" hint, not an error; with the
 * objects shown, roads, buildings and water are drawn by their tags over the basemap.
 * Screenshots in /tmp/e2e-shots/offline-extract-*.png and test-output/screenshots/.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';
import { openOfflinePage, vectorTilesDrawn } from './offline-page.js';

const EXTRACT = join(process.cwd(), 'test/fixtures/osm/monaco-2026-03-10.osm.pbf');
const LAYER_ID = 'basemap-monaco-2026-03-10';
const SHOTS = '/tmp/e2e-shots';
/** A tag no object of the extract has: the filter that hides every object, leaving the basemap alone. */
const NO_OBJECTS = 'has:basemap-only-view';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
const outside: string[] = [];
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `offline-extract-${name}.png`);
  await page.screenshot({ path: file });
  copyFileSync(file, join(SCREENSHOT_DIR, `offline-extract-${name}.png`));
}

async function goTo(hash: string, zoom: number): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await page.waitForFunction(
    (z) => document.querySelector('[data-testid=map]')?.getAttribute('data-zoom') === String(z),
    zoom,
  );
}

/**
 * What the basemap tiles in view painted: distinct colours (sampled), and dark pixels, which only
 * label text draws (#222 and #3a3a3a with anti-aliasing; roads, casings and rails are lighter).
 */
async function basemapPixels(): Promise<{ colours: number; dark: number }> {
  return page.evaluate(() => {
    const tiles = [...document.querySelectorAll<HTMLCanvasElement>('canvas.leaflet-tile')].filter((t) => t.width > 1);
    const seen = new Set<string>();
    let dark = 0;
    for (const t of tiles) {
      const d = t.getContext('2d')!.getImageData(0, 0, t.width, t.height).data;
      for (let i = 0; i < d.length; i += 4) {
        if (i % (4 * 97) === 0) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
        if (d[i + 3] === 255 && d[i]! < 0x50 && d[i + 1]! < 0x50 && d[i + 2]! < 0x50) dark++;
      }
    }
    return { colours: seen.size, dark };
  });
}

/** Colours the objects canvas painted, as a count per #rrggbb (opaque pixels only). */
async function objectColours(): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const canvas of document.querySelectorAll<HTMLCanvasElement>('canvas.objects-canvas')) {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] !== 255) continue;
        const hex = `#${[data[i]!, data[i + 1]!, data[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
        counts[hex] = (counts[hex] ?? 0) + 1;
      }
    }
    return counts;
  });
}

async function applyFilter(text: string): Promise<void> {
  await page.getByTestId('filter-input').fill(text);
  await page.getByTestId('filter-apply').click();
}

beforeAll(async () => {
  app = await startHeadlessApp();
  browser = await launchChromium();
  page = await openOfflinePage(browser, app, { outside, errors: pageErrors });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('import an extract, use the app offline (headless twin)', () => {
  it('imports the Monaco extract with the basemap checkbox on and follows the build to ready', async () => {
    await page.getByTestId('tab-offline').click();
    const checkbox = page.getByTestId('import-basemap');
    expect(await checkbox.isChecked()).toBe(true);
    expect(await page.getByTestId('import-section').textContent()).toContain(
      'Also build an offline street basemap from OSM extracts',
    );
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-button').click();
    await (await chooser).setFiles(EXTRACT);
    const result = page.getByTestId('import-result').filter({ hasText: 'monaco-2026-03-10.osm.pbf' });
    await result.waitFor({ timeout: 90_000 });
    expect(await result.textContent()).toMatch(/imported 10,\d{3}/);
    const status = result.getByTestId('import-basemap-status');
    expect(await status.textContent()).toMatch(/^offline basemap: (building…|ready)$/);
    await status.getByText('offline basemap: ready').waitFor({ timeout: 90_000 });
    await shot('00-import-result');

    // The switcher lists it, and the map switched to it from the world layer.
    const item = page.getByTestId('layer-vector');
    await item.waitFor();
    expect(await item.getByTestId('layer-coverage').textContent()).toMatch(
      /works offline.* · from monaco-2026-03-10\.osm\.pbf/,
    );
    expect(await item.locator('input[type=radio]').isChecked()).toBe(true);
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid=map]')?.getAttribute('data-base-layer') === id,
      LAYER_ID,
    );
  });

  it('draws the basemap at z16 over Monaco: streets with their names', async () => {
    await applyFilter(NO_OBJECTS);
    await goTo('#map=16/43.7384/7.4246', 16);
    expect(await vectorTilesDrawn(page)).toBeGreaterThan(4);
    await page.waitForTimeout(300);
    expect(await page.getByTestId('map').getAttribute('data-world')).toBe('hidden');
    expect(await page.getByTestId('basemap-notice').isHidden()).toBe(true);
    expect(Object.keys(await objectColours())).toEqual([]);
    await shot('01-monaco-z16-basemap');
    const { colours, dark } = await basemapPixels();
    expect(colours).toBeGreaterThan(50);
    expect(dark).toBeGreaterThan(1500);
  });

  it('shows the world fallback hint outside the extract, not an error', async () => {
    await goTo('#map=16/48.8566/2.3522', 16);
    const notice = page.getByTestId('basemap-notice');
    await notice.getByText('No detailed basemap here').waitFor();
    expect(await notice.getAttribute('data-kind')).toBe('hint');
    expect(await page.getByTestId('map').getAttribute('data-basemap-detail')).toBe('none');
    await shot('02-outside-z16-hint');
  });

  it("draws the extract's objects by their tags over the basemap at z17", async () => {
    await applyFilter('');
    await goTo('#map=17/43.7384/7.4246', 17);
    await vectorTilesDrawn(page);
    await page.waitForFunction(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.objects-canvas');
      if (!canvas) return false;
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < d.length; i += 4 * 13) if (d[i] === 255) painted++;
      return painted > 1000;
    });
    await page.waitForTimeout(500);
    await shot('03-monaco-z17-objects');
    const colours = await objectColours();
    // Building fill, water fill, a residential street's white fill and a primary road's fill.
    for (const hex of ['#d9d0c9', '#aad3df', '#ffffff', '#fcd6a4']) expect(colours[hex] ?? 0).toBeGreaterThan(200);
    // The same at z16, beside the import result: what a user sees after importing (the README's picture).
    await goTo('#map=16/43.7384/7.4246', 16);
    await vectorTilesDrawn(page);
    await page.waitForTimeout(500);
    await page.getByTestId('import-result').scrollIntoViewIfNeeded();
    await shot('04-monaco-z16-objects');
  });

  it('asked nothing outside the app and threw no page errors', () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

/**
 * OSM objects drawn as OSM, in the real headless twin (Chromium, everything outside the app's origin
 * blocked): a real cut of Monaco (OSM XML, ODbL) imported as objects, fitted to the town (not its sea
 * or boundary polygons), drawn at zoom 16 and 17 with roads, buildings, water and POIs styled by
 * their tags; a POI's tooltip leads with its name and main tag and never calls it stale.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';
import { openOfflinePage } from './offline-page.js';

const FIXTURE = join(process.cwd(), 'test/fixtures/osm/monaco-port-hercule.osm');
/** The bbox osmium cut the fixture with. */
const CUT = { w: 7.42, s: 43.731, e: 7.428, n: 43.7375 };
/** Node 267901573, amenity=restaurant, name=Quai des Artistes. */
const RESTAURANT: [number, number] = [7.4239272, 43.7325243];

let app: HeadlessApp;
let browser: Browser;
let page: Page;
const outside: string[] = [];
const pageErrors: string[] = [];
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `osm-objects-${name}.png`) });

async function mapView(): Promise<{ lat: number; lon: number; zoom: number }> {
  const map = page.getByTestId('map');
  const [lat, lon] = (await map.getAttribute('data-center'))!.split(',').map(Number) as [number, number];
  return { lat, lon, zoom: Number(await map.getAttribute('data-zoom')) };
}

/** Page pixel of a lon/lat, from the map's centre and zoom attributes (Web Mercator). */
async function screenOf(lon: number, lat: number): Promise<[number, number]> {
  const { lat: cLat, lon: cLon, zoom } = await mapView();
  const box = (await page.getByTestId('map').boundingBox())!;
  const mx = (l: number) => (l + 180) / 360;
  const my = (a: number) => 0.5 - Math.log(Math.tan(Math.PI / 4 + (a * Math.PI) / 360)) / (2 * Math.PI);
  const scale = 256 * 2 ** zoom;
  return [box.x + box.width / 2 + (mx(lon) - mx(cLon)) * scale, box.y + box.height / 2 + (my(lat) - my(cLat)) * scale];
}

/** Colours the lower objects canvas painted, as a count per #rrggbb (opaque pixels only). */
async function paintedColours(): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.objects-canvas')!;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const counts: Record<string, number> = {};
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] !== 255) continue;
      const hex = `#${[data[i]!, data[i + 1]!, data[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
      counts[hex] = (counts[hex] ?? 0) + 1;
    }
    return counts;
  });
}

async function zoomTo(zoom: number): Promise<void> {
  while ((await mapView()).zoom < zoom) {
    const before = (await mapView()).zoom;
    await page.locator('.leaflet-control-zoom-in').click();
    await page.waitForFunction(
      (z) => Number(document.querySelector('[data-testid=map]')?.getAttribute('data-zoom')) > z,
      before,
    );
  }
  await page.waitForTimeout(500);
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

describe('OSM objects drawn as OSM (headless twin)', () => {
  it('imports a real cut of Monaco as objects', async () => {
    await page.getByTestId('tab-offline').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-button').click();
    await (await chooser).setFiles(FIXTURE);
    const result = page.getByTestId('import-result').filter({ hasText: 'monaco-port-hercule.osm' });
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toMatch(/imported [1-9][\d,]{3,}/);
    await page.waitForFunction(
      () =>
        Number((document.querySelector('[data-testid=status-in-view]')?.textContent ?? '').replace(/\D/g, '')) > 1000,
    );
  });

  it('fits the town, not the sea or boundary polygons around it', async () => {
    await page.keyboard.press('z');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=map]')?.getAttribute('data-zoom')) >= 14,
    );
    const view = await mapView();
    expect(view.lon).toBeGreaterThan(CUT.w);
    expect(view.lon).toBeLessThan(CUT.e);
    expect(view.lat).toBeGreaterThan(CUT.s);
    expect(view.lat).toBeLessThan(CUT.n);
  });

  it('draws roads, buildings and water by their tags at zoom 16', async () => {
    await zoomTo(16);
    await shot('z16');
    const colours = await paintedColours();
    // Building fill, water fill, a residential street's white fill and a primary road's fill.
    for (const hex of ['#d9d0c9', '#aad3df', '#ffffff', '#fcd6a4']) expect(colours[hex] ?? 0).toBeGreaterThan(200);
  });

  it('leads a POI tooltip with its name and main tag, without speed or staleness', async () => {
    const [x, y] = await screenOf(...RESTAURANT);
    await page.mouse.move(x, y);
    const tip = page.getByTestId('map-tooltip');
    await tip.waitFor();
    const text = (await tip.textContent())!;
    expect(text).toMatch(/^Quai des Artistes · amenity=restaurant/);
    expect(text).toMatch(/updated \d+ (s|min|h|d) ago$/);
    expect(text).not.toMatch(/speed|stale/);
    await shot('z16-tooltip');
    await page.mouse.move(5, 400);
  });

  it('names POIs beside their symbols at zoom 17', async () => {
    await zoomTo(17);
    await shot('z17');
  });

  it('made no request outside the app and threw no page errors', () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

/**
 * E2E helpers for the offline promise: a page that can reach nothing but the app (every other
 * request is aborted and recorded), and a wait for the vector basemap tiles in view.
 */
import type { Browser, Page } from 'playwright-core';
import type { HeadlessApp } from './headless-app.js';

/** What a page tried and threw: requests outside the app's origin, and page errors. */
export interface PageRecord {
  outside: string[];
  errors: string[];
}

/**
 * A fresh browser context (no HTTP cache, no localStorage) on the app, with every request outside
 * its origin aborted and recorded; `beforeLoad` may add listeners before the first request.
 */
export async function openOfflinePage(
  browser: Browser,
  app: HeadlessApp,
  record: PageRecord,
  beforeLoad?: (page: Page) => void,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(app.base)) return route.continue();
    record.outside.push(url);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => record.errors.push(e.message));
  beforeLoad?.(page);
  await page.goto(app.ready.url);
  await page.getByTestId('status-bar').getByText('hub http').waitFor();
  return page;
}

/** Waits until Leaflet has finished the vector tiles in view; returns how many canvases hold a drawing. */
export async function vectorTilesDrawn(page: Page): Promise<number> {
  await page.waitForFunction(() => {
    const tiles = [...document.querySelectorAll<HTMLCanvasElement>('canvas.leaflet-tile')];
    // Loaded, and Leaflet's fade-in over: every tile and its level container fully opaque.
    return (
      tiles.length > 0 &&
      tiles.every((t) => t.classList.contains('leaflet-tile-loaded') && getComputedStyle(t).opacity === '1') &&
      tiles.every((t) => getComputedStyle(t.parentElement!).opacity === '1')
    );
  });
  return page.$$eval(
    'canvas.leaflet-tile',
    (tiles) => (tiles as HTMLCanvasElement[]).filter((t) => t.width > 1).length,
  );
}

/**
 * Fit and focus (issue 20 §4), against the real headless twin in Debian's Chromium: zoom to fit
 * frames everything the filter selects in the store, drawn or not (right after a filter change,
 * with the map far away); an import's result and a source card offer "Show on map"; every imported
 * object is drawn without applying a filter; the list limited to the view says how many matches lie
 * outside it. Screenshots: 63-*.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
let harbourId = '';
const consoleErrors: string[] = [];
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });

/** London's 742 bike-hire docks (test/fixtures/geojson/cycle_hire.geojson): their bbox. */
const LONDON = { w: -0.237, s: 51.454, e: -0.002, n: 51.543 };
/** Ten ships in Hamburg's harbour. */
const HAMBURG = { w: 9.8, s: 53.45, e: 10.1, n: 53.6 };

const status = async (id: string) => Number(((await page.getByTestId(id).textContent()) ?? '').replace(/\D/g, ''));
async function centre(): Promise<{ lat: number; lon: number; zoom: number }> {
  const map = page.getByTestId('map');
  const [lat, lon] = ((await map.getAttribute('data-center')) ?? '0,0').split(',').map(Number);
  return { lat: lat!, lon: lon!, zoom: Number(await map.getAttribute('data-zoom')) };
}
/** Waits until the map's centre lies inside `box` at zoom `minZoom` or closer. */
async function expectCentredIn(box: typeof LONDON, minZoom: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const c = await centre();
        return c.lon > box.w && c.lon < box.e && c.lat > box.s && c.lat < box.n && c.zoom >= minZoom;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
}
async function applyFilter(text: string): Promise<void> {
  await page.getByTestId('filter-input').fill(text);
  await page.getByTestId('filter-input').press('Enter');
}

beforeAll(async () => {
  app = await startHeadlessApp();
  harbourId = await app.addRestSource('Harbour feed');
  await app.push(
    harbourId,
    Array.from({ length: 10 }, (_, i) => ({
      osm_id: `s${i}`,
      type: 'node',
      tags: { kind: 'ship', name: `Barge ${i}` },
      geom: { type: 'Point', coordinates: [9.9 + i * 0.01, 53.52] },
    })),
  );
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
  // Start far from both places: over New York.
  await page.goto(`${app.ready.url}#map=11/40.7/-74.0`);
  await page.getByTestId('status-in-view').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('fit and focus (headless twin, Chromium)', () => {
  it('offers "Show on map" for an import, with every imported object in view at once', async () => {
    await page.getByTestId('tab-offline').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-button').click();
    await (await chooser).setFiles(join(process.cwd(), 'test/fixtures/geojson/cycle_hire.geojson'));
    const result = page.getByTestId('import-result').filter({ hasText: 'cycle_hire.geojson' });
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toContain('imported 742');
    await result.getByTestId('import-show-on-map').click();
    await expectCentredIn(LONDON, 11);
    // All 742 docks drawn, with no filter applied.
    await expect.poll(() => status('status-in-view'), { timeout: 10_000 }).toBeGreaterThanOrEqual(742);
    await shot('63-fit-import-shown');
  });

  it('fits the Harbour feed from its source card', async () => {
    await page.getByTestId('tab-sources').click();
    const card = page.getByTestId('source-card').filter({ hasText: 'Harbour feed' });
    await card.getByTestId('source-show-on-map').click();
    await expectCentredIn(HAMBURG, 11);
  });

  it('fits a filter right after it changes, to matches not drawn yet', async () => {
    // The map is over Hamburg: none of London's "Park" docks is drawn there.
    await applyFilter('name~"Park"');
    await page.keyboard.press('Escape');
    await page.getByTestId('map').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('z');
    await expectCentredIn(LONDON, 10);
    await expect.poll(() => status('status-in-view'), { timeout: 10_000 }).toBe(25);
    await shot('63-fit-filter');
  });

  it('says how many matches lie outside the view, and shows them on request', async () => {
    await page.getByTestId('tab-objects').click();
    const listInView = page.getByTestId('list-in-view');
    if (!(await listInView.isChecked())) await listInView.click();
    await applyFilter('kind=ship');
    await page.evaluate(() => (location.hash = '#map=12/51.5/-0.1'));
    const outside = page.getByTestId('list-outside-view');
    await outside.waitFor();
    expect(await outside.textContent()).toContain('10 match lie outside it');
    await shot('63-fit-list-outside-view');
    await outside.getByRole('button', { name: 'Show on map' }).click();
    await expectCentredIn(HAMBURG, 11);
    await expect.poll(() => page.getByTestId('object-row').count(), { timeout: 10_000 }).toBe(10);
  });

  it('leaves the map where it is and says so when nothing matches', async () => {
    const before = await centre();
    await applyFilter('kind=aircraft');
    await page.getByTestId('map').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('z');
    // Said beside the fit button (⤢), not in a notice.
    await page.getByTestId('fit-status').filter({ hasText: 'Nothing to fit: no object matches the filter.' }).waitFor();
    expect(await page.getByTestId('notice').count()).toBe(0);
    expect(await centre()).toEqual(before);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

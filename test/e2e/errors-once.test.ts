/**
 * Issue 20 item 6 against the real headless twin in Chromium: a bad filter is said once, under the
 * filter bar, with a 1-based column and the bad text underlined (no toast, nothing in the list);
 * staleness follows each kind's threshold — a fixed aid to navigation and a café imported years
 * ago are never stale, a ship past 15 min and an aircraft past 1 min are — and changing a kind's
 * threshold in "stale after…" takes effect at once and after a reload.
 * Screenshots (test-output/screenshots/): 50-filter-error-once.png, 51-stale-per-kind-dimmed.png,
 * 52-stale-after-settings.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';
import { screenOf } from './map-screen.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const MIN = 60_000;
const YEARS_AGO = 2 * 365 * 86_400_000;
const LIGHT: [number, number] = [9.95, 53.545];
const OLD_SHIP: [number, number] = [9.97, 53.55];

/** An import of places last edited years ago: a harbour light (kind aton) and a café. */
const IMPORTED = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: 'light-1',
      properties: { name: 'Harbour light', kind: 'aton', observed_at: iso(YEARS_AGO) },
      geometry: { type: 'Point', coordinates: LIGHT },
    },
    {
      type: 'Feature',
      id: 'cafe-1',
      properties: { name: 'Old Café', amenity: 'cafe', observed_at: iso(YEARS_AGO) },
      geometry: { type: 'Point', coordinates: [9.96, 53.54] },
    },
  ],
};

const row = (name: string) => page.getByTestId('object-row').filter({ hasText: name });
const isRowStale = async (name: string) => (await row(name).getAttribute('data-stale')) === 'true';

beforeAll(async () => {
  app = await startHeadlessApp();
  const sourceId = await app.addRestSource('Harbour feed');
  const point = (name: string, kind: string, at: [number, number], agoMs: number) => ({
    osm_id: name,
    type: 'node',
    tags: { kind, name, heading: 90, speed: 4 },
    geom: { type: 'Point', coordinates: at },
    observed_at: iso(agoMs),
  });
  await app.push(sourceId, [
    point('Old Ship', 'ship', OLD_SHIP, 20 * MIN),
    point('New Ship', 'ship', [9.98, 53.55], 2 * MIN),
    point('Late Plane', 'aircraft', [9.99, 53.555], 3 * MIN),
  ]);
  const res = await fetch(`${app.base}/api/import?name=harbour.geojson`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.ready.token}` },
    body: JSON.stringify(IMPORTED),
  });
  expect(res.status).toBe(200);
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
  await page.goto(app.ready.url);
  await page.waitForFunction(() =>
    /^[1-9]/.test(document.querySelector('[data-testid=status-in-view]')?.textContent ?? ''),
  );
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('errors once (headless twin, Chromium)', () => {
  it('says a bad filter once, under the bar, with a 1-based column and the bad text underlined', async () => {
    const input = page.getByTestId('filter-input');
    await input.fill('kind=ship speed>>3');
    // Enter before main's check has answered applies the bad text: the list and the live
    // subscription are refused too, and must not say it again.
    await input.press('Enter');
    const error = page.getByTestId('filter-error');
    await error.waitFor();
    await page.waitForTimeout(1500);
    // The core counts from 0 (position 16 is the second '>'); the window counts from 1.
    expect(await error.textContent()).toContain("Unexpected '>' at column 17.");
    expect(await page.getByTestId('filter-error-mark').textContent()).toBe('>');
    const underline = await page
      .getByTestId('filter-error-mark')
      .evaluate((el) => getComputedStyle(el).textDecorationLine);
    expect(underline).toContain('underline');
    expect(await page.getByText("Unexpected '>'").count()).toBe(1);
    expect(await page.locator('[role=alert]').count()).toBe(1);
    expect(await page.getByTestId('notice').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toMatch(/position 16|objects\.list|live\.subscribe/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '50-filter-error-once.png') });
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await error.waitFor({ state: 'detached' });
  });

  it('lists a ship and an aircraft past their kind’s threshold as stale, never the imported light or café', async () => {
    await page.getByTestId('list-in-view').uncheck();
    await row('Old Café').waitFor();
    expect(await isRowStale('Old Ship')).toBe(true);
    expect(await isRowStale('Late Plane')).toBe(true);
    expect(await isRowStale('New Ship')).toBe(false);
    expect(await isRowStale('Harbour light')).toBe(false);
    expect(await isRowStale('Old Café')).toBe(false);
    expect(await row('Old Ship').textContent()).toContain('stale · 20 min ago');
    expect(await row('Harbour light').textContent()).not.toContain('stale');
  });

  it('draws the old ship as stale and the light as not, by the map tooltip', async () => {
    // Shortcut keys are ignored while a field (the ticked checkbox) has the focus.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('z');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=map]')?.getAttribute('data-zoom')) >= 11,
    );
    await page.waitForTimeout(600);
    const tip = page.getByTestId('map-tooltip');
    const [lx, ly] = await screenOf(page, LIGHT);
    await page.mouse.move(lx, ly);
    await tip.filter({ hasText: 'Harbour light' }).waitFor();
    expect(await tip.textContent()).not.toContain('stale');
    const [sx, sy] = await screenOf(page, OLD_SHIP);
    await page.mouse.move(sx, sy);
    await tip.filter({ hasText: 'Old Ship' }).waitFor();
    expect(await tip.textContent()).toContain('(stale)');
    await page.mouse.move(120, 250);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '51-stale-per-kind-dimmed.png') });
  });

  it('applies a changed threshold at once and remembers it across a reload', async () => {
    await page.getByTestId('stale-settings').locator('summary').click();
    const ship = page.getByTestId('stale-after-ship');
    expect(await ship.inputValue()).toBe('15');
    await ship.fill('30');
    await ship.press('Enter');
    await page.getByTestId('stale-never-aircraft').check();
    await expect.poll(() => isRowStale('Old Ship')).toBe(false);
    expect(await isRowStale('Late Plane')).toBe(false);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '52-stale-after-settings.png') });

    await page.reload();
    await row('Old Ship').waitFor();
    expect(await isRowStale('Old Ship')).toBe(false);
    expect(await isRowStale('Late Plane')).toBe(false);
    await page.getByTestId('stale-settings').locator('summary').click();
    expect(await page.getByTestId('stale-after-ship').inputValue()).toBe('30');
    expect(await page.getByTestId('stale-never-aircraft').isChecked()).toBe(true);
    // A threshold below the ship's age makes it stale again.
    await page.getByTestId('stale-after-ship').fill('10');
    await page.getByTestId('stale-after-ship').press('Enter');
    await expect.poll(() => isRowStale('Old Ship')).toBe(true);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

/**
 * Issue 20, per-kind stale in the filter, against the real headless twin in Chromium: the filter's
 * `stale` / `-stale` use each kind's threshold, as the map does (an aircraft 3 min old is stale, a
 * ship 20 min old is stale, a ship 2 min old and a car 4 min old are not, an imported café never
 * is); the hub's REST list answers the same; a threshold changed under "stale after…" changes what
 * the filter selects, in the window and over REST, and is kept in the data folder's settings.
 * Screenshot: /tmp/h20-stale-filter.png.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAppPage, startHeadlessApp, type HeadlessApp } from './headless-app.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

const MIN = 60_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

const names = async () =>
  (await page.getByTestId('object-row').allTextContents())
    .map((t) => ['Old Ship', 'New Ship', 'Late Plane', 'Slow Car', 'Old Café'].find((n) => t.includes(n)) ?? t)
    .sort();

const restNames = async (filter: string) =>
  (await app.rest<{ items: { tags: { name: string } }[] }>(`/api/objects?filter=${encodeURIComponent(filter)}`)).items
    .map((o) => o.tags.name)
    .sort();

async function applyFilter(text: string): Promise<void> {
  const input = page.getByTestId('filter-input');
  await input.fill(text);
  await input.press('Enter');
}

beforeAll(async () => {
  app = await startHeadlessApp();
  const sourceId = await app.addRestSource('Harbour feed');
  const point = (name: string, kind: string, lon: number, agoMs: number) => ({
    osm_id: name,
    type: 'node',
    tags: { kind, name, speed: 4 },
    geom: { type: 'Point', coordinates: [lon, 53.55] },
    observed_at: iso(agoMs),
  });
  await app.push(sourceId, [
    point('Old Ship', 'ship', 9.97, 20 * MIN),
    point('New Ship', 'ship', 9.98, 2 * MIN),
    point('Late Plane', 'aircraft', 9.99, 3 * MIN),
    point('Slow Car', 'car', 9.96, 4 * MIN),
  ]);
  const cafe = {
    type: 'Feature',
    id: 'cafe-1',
    properties: { name: 'Old Café', amenity: 'cafe', observed_at: iso(2 * 365 * 86_400_000) },
    geometry: { type: 'Point', coordinates: [9.965, 53.545] },
  };
  const res = await fetch(`${app.base}/api/import?name=cafe.geojson`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.ready.token}` },
    body: JSON.stringify(cafe),
  });
  expect(res.status).toBe(200);
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
  await page.goto(app.ready.url);
  await page.getByTestId('object-row').first().waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the filter's stale uses each kind's threshold (headless twin, Chromium)", () => {
  it('-stale keeps the fresh ones by kind and the imported café; stale picks the old ship and the aircraft', async () => {
    await applyFilter('-stale');
    await expect.poll(names).toEqual(['New Ship', 'Old Café', 'Slow Car']);
    expect(await restNames('-stale')).toEqual(['New Ship', 'Old Café', 'Slow Car']);
    await applyFilter('stale');
    await expect.poll(names).toEqual(['Late Plane', 'Old Ship']);
    expect(await restNames('stale')).toEqual(['Late Plane', 'Old Ship']);
    // The list marks exactly those as stale, by the map's rule.
    for (const row of await page.getByTestId('object-row').all())
      expect(await row.getAttribute('data-stale')).toBe('true');
  });

  it('follows a threshold changed under "stale after…", in the window, over REST and in the settings file', async () => {
    await page.getByTestId('stale-settings').locator('summary').click();
    const ship = page.getByTestId('stale-after-ship');
    await ship.fill('30');
    await ship.press('Enter');
    await expect.poll(names).toEqual(['Late Plane']);
    await expect.poll(() => restNames('stale')).toEqual(['Late Plane']);
    await page.screenshot({ path: '/tmp/h20-stale-filter.png' });
    const settingsFile = join(dirname(app.ready.database.replace(/^sqlite:/, '')), 'settings.json');
    expect(JSON.parse(readFileSync(settingsFile, 'utf8')).staleAfter).toMatchObject({ ship: 1800, aircraft: 60 });
    await applyFilter('-stale');
    await expect.poll(names).toEqual(['New Ship', 'Old Café', 'Old Ship', 'Slow Car']);
  });

  it('keeps the thresholds in a saved view, and opening the view sets them again', async () => {
    // Ship at 30 min (from the test before): saved with the view.
    await page.getByRole('button', { name: 'Save view…' }).click();
    await page.getByLabel('Name for the saved view').fill('Slow ships');
    await page.getByLabel('Name for the saved view').press('Enter');
    await expect
      .poll(async () => (await app.rest<{ items: { view: { stale_after?: unknown } }[] }>('/api/views')).items)
      .toEqual([
        expect.objectContaining({
          view: expect.objectContaining({ stale_after: expect.objectContaining({ ship: 1800 }) }),
        }),
      ]);
    // Back to 15 min for ships: the old ship is stale again.
    const ship = page.getByTestId('stale-after-ship');
    await ship.fill('15');
    await ship.press('Enter');
    await applyFilter('stale');
    await expect.poll(names).toEqual(['Late Plane', 'Old Ship']);
    await page.getByLabel('Saved views').selectOption('Slow ships');
    await expect.poll(() => ship.inputValue()).toBe('30');
    await expect.poll(names).toEqual(['New Ship', 'Old Café', 'Old Ship', 'Slow Car']);
    await expect.poll(() => restNames('stale')).toEqual(['Late Plane']);
    // The counts read again under the view's thresholds: the status bar agrees with the list.
    await expect.poll(() => page.getByTestId('status-match').textContent()).toMatch(/^4 match/);
    await page.screenshot({ path: '/tmp/h20-saved-view-stale.png' });
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

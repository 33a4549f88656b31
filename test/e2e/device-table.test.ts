/**
 * The device table (issue 20 §7), against the real headless twin in Debian's Chromium: the list's
 * Devices mode shows objects that report a kind with online/offline by their kind's stale
 * threshold, last seen, speed, altitude and source; a static OSM element is not a device; it sorts
 * by altitude in the store and follows the same filter. Screenshot: 65-device-table.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

const OBJECTS = [
  { osm_id: 'ship-fresh', tags: { kind: 'ship', name: 'Fresh ship', speed: 6.2 }, at: ago(1) },
  // Ships go stale after 15 minutes.
  { osm_id: 'ship-old', tags: { kind: 'ship', name: 'Quiet ship', speed: 0 }, at: ago(40) },
  { osm_id: 'plane-low', tags: { kind: 'aircraft', name: 'Low plane', speed: 60, altitude: 300 }, at: ago(0) },
  { osm_id: 'plane-high', tags: { kind: 'aircraft', name: 'High plane', speed: 230, altitude: 11_000 }, at: ago(0) },
  { osm_id: 'cafe', tags: { amenity: 'cafe', name: 'Harbour café' }, at: ago(60 * 24 * 400) },
];

/** The rows shown, top to bottom, as arrays of cell texts. */
const table = () =>
  page.$$eval('[data-testid=object-row]', (rows) =>
    rows
      .map((r) => ({ top: parseFloat((r as HTMLElement).style.top), cells: [...r.children].map((c) => c.textContent) }))
      .sort((a, b) => a.top - b.top)
      .map((r) => r.cells),
  );

beforeAll(async () => {
  app = await startHeadlessApp();
  const sourceId = await app.addRestSource('Harbour feed');
  await app.push(
    sourceId,
    OBJECTS.map((o, i) => ({
      osm_id: o.osm_id,
      type: 'node',
      tags: o.tags,
      geom: { type: 'Point', coordinates: [9.9 + i * 0.01, 53.54] },
      observed_at: o.at,
    })),
  );
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
  await page.goto(`${app.ready.url}#map=12/53.54/9.92`);
  await page.getByTestId('object-row').first().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the device table (headless twin, Chromium)', () => {
  it('lists the devices with their status, not the café', async () => {
    await page.getByTestId('list-mode-devices').click();
    expect(await page.getByTestId('list-mode-devices').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await table()).length).toBe(4);
    const headers = await page.getByRole('columnheader').allTextContents();
    expect(headers.map((h) => h.replace(/[ ▲▼]+$/, ''))).toEqual([
      'Status',
      'Name',
      'Kind',
      'Last seen',
      'Speed kn',
      'Altitude m',
      'Source',
    ]);
    const byName = new Map((await table()).map((r) => [r[1], r]));
    expect(byName.has('Harbour café')).toBe(false);
    expect(byName.get('Fresh ship')![0]).toBe('online');
    expect(byName.get('Quiet ship')![0]).toBe('offline');
    expect(byName.get('Quiet ship')![3]).toMatch(/^40 min ago · \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // Stored in m/s and m; shown in the default units, knots and metres, which the headers name.
    expect(byName.get('High plane')!.slice(4, 7)).toEqual(['447', '11,000', 'Harbour feed']);
    expect(await page.getByTestId('list-count').textContent()).toBe('4 devices');
  });

  it('sorts by altitude in the store, highest first, objects without one last', async () => {
    await page.getByRole('columnheader', { name: 'Altitude' }).click();
    await expect.poll(async () => (await table()).map((r) => r[1]).slice(0, 2)).toEqual(['High plane', 'Low plane']);
    await page.mouse.move(5, 400);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '65-device-table.png') });
  });

  it('follows the filter, and keeps the mode over a reload', async () => {
    await page.getByTestId('filter-input').fill('kind=ship');
    await page.getByTestId('filter-input').press('Enter');
    await expect.poll(async () => (await table()).map((r) => r[1]).sort()).toEqual(['Fresh ship', 'Quiet ship']);
    await page.reload();
    await page.getByTestId('object-row').first().waitFor();
    expect(await page.getByTestId('list-mode-devices').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('list-mode-objects').click();
    await expect.poll(async () => (await table()).length).toBe(5);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

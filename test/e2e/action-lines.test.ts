/**
 * Issue 20, notices beside their actions, against the real headless twin in Chromium: "Nothing to
 * fit" is said beside the fit button (⤢), a geofence import says what it did (or why not) on a line
 * under the Geofences buttons, and Acknowledge answers in its row — none of them as a notice in the
 * corner. Screenshots: /tmp/h20-nothing-to-fit.png, /tmp/h20-geofence-import.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAppPage, startHeadlessApp, type HeadlessApp } from './headless-app.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'geofences');

beforeAll(async () => {
  app = await startHeadlessApp();
  const sourceId = await app.addRestSource('Harbour feed');
  await app.push(sourceId, [
    {
      osm_id: 'fast',
      type: 'node',
      tags: { kind: 'ship', name: 'Fast Boat', speed: 2 },
      geom: { type: 'Point', coordinates: [7.425, 43.735] },
    },
  ]);
  await app.rest('/api/rules', {
    method: 'POST',
    body: JSON.stringify({ name: 'Speeding', filter: 'kind=ship', trigger: { type: 'speed_above', value: 10 } }),
  });
  await app.push(sourceId, [
    {
      osm_id: 'fast',
      type: 'node',
      tags: { kind: 'ship', name: 'Fast Boat', speed: 12 },
      geom: { type: 'Point', coordinates: [7.426, 43.735] },
    },
  ]);
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
  await page.goto(app.ready.url);
  await page.getByTestId('object-row').first().waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('notices beside their actions (headless twin, Chromium)', () => {
  it('says "Nothing to fit" beside the fit button, not in a notice, and clears it when the map moves', async () => {
    const input = page.getByTestId('filter-input');
    await input.fill('kind=submarine');
    await input.press('Enter');
    await page.getByRole('button', { name: 'Zoom to fit every object the filter selects' }).click();
    const status = page.getByTestId('fit-status');
    await expect.poll(() => status.textContent()).toBe('Nothing to fit: no object matches the filter.');
    expect(await status.isVisible()).toBe(true);
    expect(await page.getByTestId('notice').count()).toBe(0);
    await page.screenshot({ path: '/tmp/h20-nothing-to-fit.png' });
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => status.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
  });

  it('says what a geofence import did, or why not, under the Geofences buttons', async () => {
    await page.getByRole('tab', { name: 'Rules' }).click();
    const file = page.getByLabel('Geofence file (GeoJSON or KML)');
    await file.setInputFiles(join(FIXTURES, 'monaco-port-hercule.geojson'));
    const status = page.getByTestId('geofence-import-status');
    await expect.poll(() => status.textContent()).toMatch(/^monaco-port-hercule\.geojson: imported 1 geofence\.$/);
    await page.getByTestId('geofence-row').first().waitFor();
    await file.setInputFiles({
      name: 'broken.geojson',
      mimeType: 'application/json',
      buffer: Buffer.from('{not json'),
    });
    await expect.poll(() => status.textContent()).toMatch(/broken\.geojson.*not valid JSON/);
    expect(await status.textContent()).not.toMatch(/^broken\.geojson: File 'broken\.geojson'/);
    expect(await status.getAttribute('role')).toBe('alert');
    expect(await page.getByTestId('notice').count()).toBe(0);
    await page.screenshot({ path: '/tmp/h20-geofence-import.png' });
  });

  it('acknowledges an alert in its row, with no notice', async () => {
    await page.getByRole('tab', { name: 'Alerts' }).click();
    const row = page.getByTestId('alert-row').first();
    await row.waitFor();
    await row.getByRole('button', { name: /^Acknowledge: / }).click();
    await expect.poll(() => row.getAttribute('class')).toContain('acknowledged');
    expect(await page.getByTestId('alert-action-status').count()).toBe(0);
    expect(await page.getByTestId('notice').count()).toBe(0);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

/**
 * The analyst's flow against the real headless twin in Debian's Chromium: create a simulator source
 * in the UI, see objects appear, filter kind=ship, open one, edit a tag (persisted), follow it,
 * deactivate the source. Screenshots of each main view go to test-output/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { OsmObject } from '../../electron/contract/domain.js';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });

beforeAll(async () => {
  app = await startHeadlessApp();
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors, { acceptDownloads: true });
  page.on('request', (r) => {
    if (!r.url().startsWith(app.base)) consoleErrors.push(`network request outside the app: ${r.url()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the analyst window (headless twin, Chromium)', () => {
  it('opens on the bundled world map with no data', async () => {
    await page.goto(app.ready.url);
    await page.getByTestId('status-bar').getByText('hub http').waitFor();
    await page.getByText('No objects match the filter.').waitFor();
    await shot('01-empty-world-map');
  });

  it('creates a simulator source in the UI (no push token: publishers do not feed it)', async () => {
    await page.getByTestId('tab-sources').click();
    await page.getByTestId('source-new').click();
    await page.getByTestId('source-name').fill('Harbour simulator');
    await page
      .getByTestId('source-connection-info')
      .fill('{"bbox": [9.7, 53.4, 10.3, 53.7], "count": 80, "rate_per_s": 40, "seed": 7}');
    await expect(page.getByTestId('connection-info-check').textContent()).resolves.toBe('Valid JSON.');
    await page.getByTestId('source-save').click();
    await page.getByTestId('source-state').getByText('running').waitFor();
    expect(await page.getByTestId('token-notice').count()).toBe(0);
    await shot('02-sources-created');
  });

  it("checks connection info as you type with main's schemas and shows the refusal in place", async () => {
    await page.getByTestId('source-new').click();
    await page.getByTestId('source-name').fill('Bad feed');
    await page.getByTestId('source-type').selectOption('websocket');
    await page.getByTestId('source-connection-info').fill('{"url": ');
    expect(await page.getByTestId('connection-info-check').textContent()).toMatch(/not valid JSON/);
    expect(await page.getByTestId('source-save').isDisabled()).toBe(true);
    await page.getByTestId('source-connection-info').fill('{"url": "http://example.org/feed"}');
    expect(await page.getByTestId('connection-info-check').textContent()).toBe(
      "Field 'connection_info.url' must use ws:// or wss://, got 'http://example.org/feed'.",
    );
    expect(await page.getByTestId('source-save').isDisabled()).toBe(true);
    await shot('02b-source-form-error');
    await page.getByTestId('source-form').getByRole('button', { name: 'Cancel' }).click();
  });

  it('shows objects on the map and in the list', async () => {
    await page.getByTestId('tab-objects').click();
    await page.getByTestId('object-row').first().waitFor();
    await page.keyboard.press('z');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=map]')?.getAttribute('data-zoom')) >= 8,
    );
    await page.waitForFunction(() =>
      /^[1-9]/.test(document.querySelector('[data-testid=status-in-view]')?.textContent ?? ''),
    );
    await shot('03-map-and-list');
  });

  it('filters kind=ship so that only ships are listed', async () => {
    await page.getByTestId('filter-input').fill('kind=ship');
    await page.getByTestId('filter-input').press('Enter');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid=object-row]')];
      return rows.length > 0 && rows.every((r) => r.children[1]?.textContent === 'ship');
    });
    const kinds = await page.$$eval('[data-testid=object-row]', (rows) => rows.map((r) => r.children[1]?.textContent));
    expect(new Set(kinds)).toEqual(new Set(['ship']));
    await shot('04-filter-kind-ship');
  });

  it('exports exactly what the filter selects', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export' }).click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    const fc = JSON.parse(text) as { type: string; features: { properties: Record<string, unknown> }[] };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(0);
    expect(new Set(fc.features.map((f) => f.properties.kind))).toEqual(new Set(['ship']));
  });

  it('shows an invalid filter inline at its position', async () => {
    await page.getByTestId('filter-input').fill('kind=ship speed>>');
    await page.getByTestId('filter-error').waitFor();
    await shot('05-filter-error');
    await page.getByTestId('filter-input').fill('kind=ship');
    await page.getByTestId('filter-error').waitFor({ state: 'detached' });
  });

  let objectId = '';
  it('opens a ship, edits a tag and the change is persisted', async () => {
    // Sort by name so rows keep their places while positions update.
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await page.getByTestId('object-row').first().dblclick();
    await page.getByTestId('object-detail').waitFor();
    objectId = (await page.getByTestId('object-detail').getAttribute('data-id')) ?? '';
    expect(await page.getByTestId('tag-value-kind').inputValue()).toBe('ship');
    // A key that already exists is refused in the editor's error row, and nothing is sent.
    await page.getByTestId('tag-new-key').fill('kind');
    await page.getByTestId('tag-new-value').fill('car');
    await page.getByTestId('tag-new-value').press('Enter');
    await expect(page.getByTestId('object-detail').getByRole('alert').textContent()).resolves.toBe(
      "Tag 'kind' already exists; change its value above.",
    );
    await shot('05b-tag-error');
    await page.getByTestId('tag-new-key').fill('note');
    await page.getByTestId('tag-new-value').fill('checked by e2e');
    await page.getByTestId('tag-new-value').press('Enter');
    await page.getByTestId('tag-value-note').waitFor();
    const stored = await app.rest<OsmObject>(`/api/objects/${objectId}`);
    expect(stored.tags.note).toBe('checked by e2e');
    expect(stored.tags.kind).toBe('ship');
  });

  it('follows the ship: the map stays centred on it', async () => {
    await page.getByTestId('follow-toggle').click();
    await expect(page.getByTestId('follow-toggle').getAttribute('aria-pressed')).resolves.toBe('true');
    await page.waitForTimeout(1500);
    const center = (await page.getByTestId('map').getAttribute('data-center'))!.split(',').map(Number);
    const obj = await app.rest<OsmObject>(`/api/objects/${objectId}`);
    const [lon, lat] = obj.geom.type === 'Point' ? obj.geom.coordinates : [NaN, NaN];
    expect(Math.abs(center[0]! - lat!)).toBeLessThan(0.05);
    expect(Math.abs(center[1]! - lon!)).toBeLessThan(0.05);
    await shot('06-detail-following');
  });

  it('moves through the list with the keyboard', async () => {
    await page.getByTestId('tab-objects').click();
    await page.getByTestId('object-list-body').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('[data-testid=object-row].selected');
    expect(await page.locator('[data-testid=object-row].selected').count()).toBe(1);
  });

  it('deactivates the source and its status changes', async () => {
    await page.getByTestId('tab-sources').click();
    // The toggle is controlled by the stored flag: it flips once main has answered.
    await page.getByTestId('source-active').click();
    await page.getByTestId('source-state').getByText('stopped').waitFor();
    await page.getByText('Inactive').waitFor();
    await shot('07-source-deactivated');
  });

  it('renders the dark theme and a 1920x1080 window legibly', async () => {
    await page.getByTestId('tab-objects').click();
    await page.keyboard.press('t');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await shot('08-dark-theme');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(300);
    await shot('09-dark-1920x1080');
    await page.keyboard.press('t');
  });

  it('logged no console errors and loaded nothing from outside the app', () => {
    expect(consoleErrors).toEqual([]);
  });
});

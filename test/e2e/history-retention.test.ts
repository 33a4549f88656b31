/**
 * History retention in the settings (issue 14 item 5) against the real headless twin in Chromium: a
 * feed's positions from 40 days ago (six a minute) and today; the "Maps & files" tab's History
 * section shows the positions stored and what the default rule would free, "Run now" thins the old
 * positions to one a minute and reports it, and a changed rule is saved. Screenshot:
 * test-output/screenshots/history-retention{,-section}.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
// Minute-aligned, so the old positions fill exactly 10 one-minute buckets (and 5 two-minute ones).
const OLD = Math.floor((Date.now() - 40 * 86_400_000) / 120_000) * 120_000;
const NOW = Date.now();
const SHIPS = 5;

const positions = (t0: number, count: number, stepMs: number) =>
  Array.from({ length: count * SHIPS }, (_, i) => ({
    osm_id: `ship-${i % SHIPS}`,
    type: 'node',
    tags: { kind: 'ship', name: `Ship ${i % SHIPS}` },
    geom: { type: 'Point', coordinates: [7.42 + (i % SHIPS) / 100, 43.72 + Math.floor(i / SHIPS) / 10_000] },
    observed_at: new Date(t0 + Math.floor(i / SHIPS) * stepMs).toISOString(),
  }));

beforeAll(async () => {
  app = await startHeadlessApp();
  const source = await app.rest<{ id: string }>('/api/data-sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'Harbour feed', type: 'rest' }),
  });
  // 40 days ago: 60 positions per ship, 10 s apart (10 minutes); today: 10 per ship.
  let seq = 1;
  for (const objects of [positions(OLD, 60, 10_000), positions(NOW - 600_000, 10, 10_000)]) {
    await app.rest(`/api/data-sources/${source.id}/objects`, {
      method: 'POST',
      body: JSON.stringify({ type: 'objects', seq: seq++, objects }),
    });
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('history retention (headless twin, Chromium)', () => {
  it('shows what the rule would free, runs it on "Run now" and saves a new rule', async () => {
    await page.goto(app.ready.url);
    await page.getByTestId('tab-offline').click();
    const section = page.getByTestId('history-section');
    const figures = section.getByTestId('history-figures');
    await figures.waitFor();
    expect(await section.getByTestId('history-keep-days').inputValue()).toBe('30');
    expect(await section.getByTestId('history-downsample').inputValue()).toBe('60');
    await expect.poll(() => figures.textContent()).toMatch(/Positions stored350/);
    // Old: 6 a minute for 10 minutes per ship; the first of each minute stays: 50 of 60 go.
    expect(await section.getByTestId('history-would-free').textContent()).toMatch(/\(250 positions\)$/);
    expect(await section.getByTestId('history-last-run').textContent()).toBe('not yet since the app started');

    await section.getByTestId('history-run-now').click();
    await expect.poll(() => section.getByTestId('history-last-run').textContent()).toMatch(/: removed 250$/);
    expect(await figures.textContent()).toMatch(/Positions stored100/);
    expect(await section.getByTestId('history-would-free').textContent()).toMatch(/\(0 positions\)$/);

    // Two-minute buckets: 5 more of the old 10 per ship would go.
    await section.getByTestId('history-downsample').fill('120');
    await section.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => section.getByTestId('history-would-free').textContent()).toMatch(/\(25 positions\)$/);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'history-retention.png') });
    await section.screenshot({ path: join(SCREENSHOT_DIR, 'history-retention-section.png') });
    expect(pageErrors).toEqual([]);
  });
});

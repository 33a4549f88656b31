/**
 * Saved views (issue 20 item 7), against the real headless twin in Debian's Chromium: "Save view…"
 * keeps the filter, map view, basemap and time window in the store; picking the view after both
 * changed restores both; "Copy link" gives an address with `#view=<name>` (the token only in the
 * query, as the printed link has it) that opens a fresh page on the view; a second page lists the new
 * view without a reload; an unknown name says so once; filters saved by an older version in
 * localStorage move into the store. Screenshots: 64-saved-views-*.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';
import { DEFAULT_STALE_AFTER_S } from '../../electron/contract/staleness.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
let second: Page;
const consoleErrors: string[] = [];
const shot = (p: Page, name: string) => p.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });

async function centre(p: Page): Promise<{ lat: number; lon: number; zoom: number }> {
  const map = p.getByTestId('map');
  const [lat, lon] = ((await map.getAttribute('data-center')) ?? '0,0').split(',').map(Number);
  return { lat: lat!, lon: lon!, zoom: Number(await map.getAttribute('data-zoom')) };
}
const near = (c: { lat: number; lon: number; zoom: number }) =>
  Math.abs(c.lat - 43.735) < 1e-3 && Math.abs(c.lon - 7.425) < 1e-3 && c.zoom === 14;
const options = (p: Page) => p.getByLabel('Saved views').locator('option').allTextContents();
async function applyFilter(p: Page, text: string): Promise<void> {
  await p.getByTestId('filter-input').fill(text);
  await p.getByTestId('filter-input').press('Enter');
}

beforeAll(async () => {
  app = await startHeadlessApp();
  const sourceId = await app.addRestSource('Harbour feed');
  await app.push(sourceId, [
    ...Array.from({ length: 6 }, (_, i) => ({
      osm_id: `ship${i}`,
      type: 'node',
      tags: { kind: 'ship', name: `Tender ${i}` },
      geom: { type: 'Point', coordinates: [7.42 + i * 0.002, 43.733] },
    })),
    ...Array.from({ length: 4 }, (_, i) => ({
      osm_id: `car${i}`,
      type: 'node',
      tags: { kind: 'car', name: `Taxi ${i}` },
      geom: { type: 'Point', coordinates: [7.42 + i * 0.002, 43.738] },
    })),
  ]);
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
  await page.goto(`${app.ready.url}#map=14/43.735/7.425`);
  await page.getByTestId('status-in-view').waitFor();
  second = await openAppPage(browser, consoleErrors);
  await second.goto(app.ready.url);
  await second.getByTestId('status-in-view').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('saved views (headless twin, Chromium)', () => {
  it('saves the filter, map view, layers and time window under a name; a second page lists it without a reload', async () => {
    await applyFilter(page, 'kind=ship');
    await page.getByTestId('colour-by').selectOption('speed');
    expect(await options(second)).toEqual(['Saved views…']);
    await page.getByRole('button', { name: 'Save view…' }).click();
    await page.getByLabel('Name for the saved view').fill('Harbour watch');
    await shot(page, '64-saved-views-naming');
    await page.getByLabel('Name for the saved view').press('Enter');
    await expect.poll(() => options(page)).toEqual(['Saved views…', 'Harbour watch']);
    await expect.poll(() => options(second), { timeout: 10_000 }).toEqual(['Saved views…', 'Harbour watch']);
    const { items } = await app.rest<{ items: { name: string; view: unknown }[] }>('/api/views');
    expect(items).toEqual([
      expect.objectContaining({
        name: 'Harbour watch',
        view: {
          filter: { text: 'kind=ship', types: [], kinds: [], source_ids: [] },
          map: { zoom: 14, lat: 43.735, lon: 7.425 },
          basemap: 'world',
          colour_by: 'speed',
          time: { live: true, trail_min: 10 },
          stale_after: DEFAULT_STALE_AFTER_S,
        },
      }),
    ]);
  });

  it('restores the filter, the map view and the colour when the view is picked after they changed', async () => {
    await applyFilter(page, 'kind=car');
    await page.getByTestId('colour-by').selectOption('kind');
    await page.evaluate(() => (location.hash = '#map=6/48.0/2.0'));
    await expect.poll(async () => (await centre(page)).zoom).toBe(6);
    await page.getByLabel('Saved views').selectOption('Harbour watch');
    await expect.poll(() => page.getByTestId('filter-input').inputValue()).toBe('kind=ship');
    await expect.poll(async () => near(await centre(page)), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#map=14/43.7350/7.4250');
    expect(await page.getByTestId('colour-by').inputValue()).toBe('speed');
    await shot(page, '64-saved-views-restored');
  });

  it('copies a link with #view=<name> that opens a fresh page on the view, the token only where the app link has it', async () => {
    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.getByLabel('Link to this view').inputValue();
    const url = new URL(link);
    expect(url.hash).toBe('#view=Harbour%20watch');
    expect(url.searchParams.get('token')).toBe(app.ready.token);
    expect(`${url.origin}${url.pathname}${url.search}`).toBe(app.ready.url);
    await shot(page, '64-saved-views-link');

    const fresh = await openAppPage(browser, consoleErrors);
    await fresh.goto(link);
    await expect.poll(() => fresh.getByTestId('filter-input').inputValue(), { timeout: 10_000 }).toBe('kind=ship');
    await expect.poll(async () => near(await centre(fresh)), { timeout: 10_000 }).toBe(true);
    // The view's name leaves the hash once applied: a reload keeps wherever the map is then.
    expect(await fresh.evaluate(() => location.hash)).toBe('#map=14/43.7350/7.4250');
    expect(await fresh.getByLabel('Saved views').inputValue()).toBe('Harbour watch');
    await shot(fresh, '64-saved-views-opened-by-link');

    // Typing another view's name into the hash of an open page applies it too; an unknown name says so.
    await fresh.evaluate(() => (location.hash = '#view=Nowhere'));
    await expect
      .poll(() => fresh.getByTestId('notice').allTextContents())
      .toEqual([expect.stringContaining("There is no saved view named 'Nowhere'.")]);
    expect(await fresh.evaluate(() => location.hash)).toBe('');
    await fresh.close();
  });

  it('shows the view that views.open names (the desktop menu) in the windows', async () => {
    await applyFilter(second, 'kind=car');
    const [{ id }] = (await app.rest<{ items: { id: string }[] }>('/api/views')).items as [{ id: string }];
    // The desktop menu calls views.open through the dispatcher; here a client of the RPC bridge does.
    const reply = await second.evaluate(
      async ({ token, id }) => {
        const ws = new WebSocket(`ws://${location.host}/api/rpc?token=${token}`);
        await new Promise((r) => (ws.onopen = r));
        // Events may arrive first: the answer is the message with our id.
        const answer = new Promise<string>((r) =>
          ws.addEventListener('message', (e) => {
            if ((JSON.parse(String(e.data)) as { id?: number }).id === 1) r(String(e.data));
          }),
        );
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'views.open', params: { id } }));
        const text = await answer;
        ws.close();
        return JSON.parse(text) as { result?: { name: string } };
      },
      { token: app.ready.token, id },
    );
    expect(reply.result?.name).toBe('Harbour watch');
    await expect.poll(() => second.getByTestId('filter-input').inputValue()).toBe('kind=ship');
    await expect.poll(async () => near(await centre(second)), { timeout: 10_000 }).toBe(true);
    expect(await second.getByLabel('Saved views').inputValue()).toBe('Harbour watch');
  });

  it('deletes a view in one page and the other page drops it', async () => {
    await second.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => options(page), { timeout: 10_000 }).toEqual(['Saved views…']);
  });

  it('moves filters saved in localStorage by an older version into the store, once', async () => {
    const old = await openAppPage(browser, consoleErrors);
    // What an older version left in this browser, there before the page's first script runs (once).
    await old.addInitScript(() => {
      if (sessionStorage.getItem('seeded')) return;
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem(
        'osm-tracker.saved-filters',
        JSON.stringify([{ name: 'Old taxis', filter: { text: 'kind=car', types: [], kinds: [], sourceIds: [] } }]),
      );
    });
    await old.goto(app.ready.url);
    await expect.poll(() => options(old), { timeout: 10_000 }).toEqual(['Saved views…', 'Old taxis']);
    await expect.poll(() => old.evaluate(() => localStorage.getItem('osm-tracker.saved-filters'))).toBeNull();
    await expect.poll(() => options(page), { timeout: 10_000 }).toEqual(['Saved views…', 'Old taxis']);
    await old.getByLabel('Saved views').selectOption('Old taxis');
    await expect.poll(() => old.getByTestId('filter-input').inputValue()).toBe('kind=car');
    await expect.poll(() => old.getByTestId('filter-count').textContent()).toBe('4 matches');
    await shot(old, '64-saved-views-moved-filter');
    await old.close();
  });

  it('shows a replayed moment with its trail minutes, and saves the moment while replaying', async () => {
    const now = Date.now();
    const [{ id: sourceId }] = (await app.rest<{ items: { id: string }[] }>('/api/data-sources')).items as [
      { id: string },
    ];
    await app.rest(`/api/data-sources/${sourceId}/objects`, {
      method: 'POST',
      body: JSON.stringify({
        type: 'objects',
        seq: 2,
        objects: [60, 40, 20].map((minAgo, i) => ({
          osm_id: 'pilot',
          type: 'node',
          tags: { kind: 'ship', name: 'Pilot boat' },
          geom: { type: 'Point', coordinates: [7.42 + i * 0.003, 43.731] },
          observed_at: new Date(now - minAgo * 60_000).toISOString(),
        })),
      }),
    });
    const at = new Date(now - 30 * 60_000).toISOString();
    await app.rest('/api/views', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Half an hour ago',
        view: {
          filter: { text: 'name="Pilot boat"', types: [], kinds: [], source_ids: [] },
          map: { zoom: 14, lat: 43.735, lon: 7.425 },
          time: { at, trail_min: 45 },
        },
      }),
    });
    const replay = await openAppPage(browser, consoleErrors);
    await replay.goto(`${app.ready.url}#view=${encodeURIComponent('Half an hour ago')}`);
    await expect
      .poll(() => replay.getByRole('button', { name: 'Live' }).getAttribute('aria-pressed'), { timeout: 10_000 })
      .toBe('false');
    expect(await replay.getByTestId('filter-input').inputValue()).toBe('name="Pilot boat"');
    expect(await replay.getByRole('spinbutton', { name: /trails/ }).inputValue()).toBe('45');
    await expect.poll(() => replay.getByTestId('status-in-view').textContent()).toMatch(/^1 in view at \d{4}-/);
    await expect.poll(() => replay.getByTestId('filter-count').textContent()).toBe('1 match');
    await replay.waitForTimeout(1500);
    await shot(replay, '64-saved-views-replayed-moment');

    await replay.getByRole('button', { name: 'Save view…' }).click();
    await replay.getByLabel('Name for the saved view').fill('Copy of the moment');
    await replay.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => replay.getByLabel('Saved views').inputValue()).toBe('Copy of the moment');
    const { items } = await app.rest<{ items: { name: string; view: { time?: unknown } }[] }>('/api/views');
    expect(items.find((v) => v.name === 'Copy of the moment')?.view.time).toEqual({ at, trail_min: 45 });
    await replay.close();
  });

  it('logged no console or page errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

/**
 * The object list you can click, against the real headless twin in Debian's Chromium, while a
 * publisher updates objects every 200 ms: the order holds still under the pointer ("N new — show"
 * brings the rest), sorting by a column header, "Only objects in view" following the map, and an
 * object selected on the map selected and scrolled into view in the list. Screenshots: 60-*.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';
import { screenOf } from './map-screen.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
let publisher: ReturnType<typeof setInterval> | undefined;
const consoleErrors: string[] = [];
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });

/** 120 ships on a 12 x 10 grid near Hamburg, named Vessel 001…120 (so a name sort is the index order). */
const SHIPS = Array.from({ length: 120 }, (_, i) => ({
  osm_id: `v${i + 1}`,
  name: `Vessel ${String(i + 1).padStart(3, '0')}`,
  lonLat: [9.8 + (i % 12) * 0.035, 53.45 + Math.floor(i / 12) * 0.022] as [number, number],
}));

let seq = 0;
let sourceId = '';
async function push(ships: typeof SHIPS): Promise<void> {
  await app.rest(`/api/data-sources/${sourceId}/objects`, {
    method: 'POST',
    body: JSON.stringify({
      type: 'objects',
      seq: ++seq,
      objects: ships.map((s) => ({
        osm_id: s.osm_id,
        type: 'node',
        tags: { kind: 'ship', name: s.name, speed: seq % 20 },
        geom: { type: 'Point', coordinates: s.lonLat },
        observed_at: new Date().toISOString(),
      })),
    }),
  });
}

/** The data-id of every rendered row, top to bottom. */
const order = () =>
  page.$$eval('[data-testid=object-row]', (rows) =>
    rows
      .map((r) => ({ top: parseFloat((r as HTMLElement).style.top), id: r.getAttribute('data-id') }))
      .sort((a, b) => a.top - b.top)
      .map((r) => r.id),
  );
const names = () =>
  page.$$eval('[data-testid=object-row]', (rows) =>
    rows
      .map((r) => ({ top: parseFloat((r as HTMLElement).style.top), name: r.children[0]?.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((r) => r.name),
  );
const listCount = async () => Number((await page.getByTestId('list-count').textContent())!.split(' ')[0]);

/**
 * How many ships lie inside the map's box on screen now (see screenOf): at least `min` (the ones 4 px
 * or more inside), at most `max` (counting those within 4 px of an edge, where rounding decides).
 */
async function shipsInView(): Promise<{ min: number; max: number }> {
  const box = (await page.getByTestId('map').boundingBox())!;
  const within = (x: number, y: number, m: number) =>
    x >= box.x + m && x <= box.x + box.width - m && y >= box.y + m && y <= box.y + box.height - m;
  const points = await Promise.all(SHIPS.map((s) => screenOf(page, s.lonLat)));
  return {
    min: points.filter(([x, y]) => within(x, y, 4)).length,
    max: points.filter(([x, y]) => within(x, y, -4)).length,
  };
}

/**
 * Waits until the list counts the ships in view, both read afresh each time (after a drag the map
 * glides on, and reports its centre when it stops); answers how many are surely in view.
 */
async function expectListedInView(): Promise<number> {
  let inView = 0;
  await expect
    .poll(
      async () => {
        const [n, { min, max }] = [await listCount(), await shipsInView()];
        inView = min;
        return n >= min && n <= max ? 'in view' : `${n} listed, ${min}–${max} in view`;
      },
      { timeout: 10_000, interval: 250 },
    )
    .toBe('in view');
  return inView;
}

/** Moves the pointer onto the map, away from the list (the list then updates live). */
async function pointerToMap(): Promise<void> {
  const box = (await page.getByTestId('map').boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + box.height - 40);
}

beforeAll(async () => {
  app = await startHeadlessApp();
  const source = await app.rest<{ id: string }>('/api/data-sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'Harbour feed', type: 'rest' }),
  });
  sourceId = source.id;
  await push(SHIPS);
  // Every 200 ms three ships report again, in turn, so the newest-first order changes every time.
  let next = 0;
  publisher = setInterval(() => {
    const batch = [0, 1, 2].map((k) => SHIPS[(next + k) % SHIPS.length]!);
    next += 3;
    push(batch).catch((err: unknown) => consoleErrors.push(`publisher: ${String(err)}`));
  }, 200);
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
});

afterAll(async () => {
  if (publisher) clearInterval(publisher);
  await browser?.close();
  await app?.stop();
});

describe('the object list (headless twin, Chromium)', () => {
  it('updates live, newest first, while the pointer is elsewhere', async () => {
    await page.goto(`${app.ready.url}#map=9/53.55/10.0`);
    await page.getByTestId('object-row').first().waitFor();
    await pointerToMap();
    const before = await order();
    await expect.poll(async () => (await order())[0], { timeout: 10_000 }).not.toBe(before[0]);
  });

  it('holds the order while the pointer is over the list and offers "N new — show"', async () => {
    const body = (await page.getByTestId('object-list-body').boundingBox())!;
    await page.mouse.move(body.x + body.width / 2, body.y + 100);
    await page.waitForTimeout(100);
    const held = await order();
    await page.getByTestId('list-held-back').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('list-held-back').textContent()).toMatch(/^\d+ new — show$/);
    await page.waitForTimeout(2500);
    expect(await order()).toEqual(held);
    await shot('60-object-list-held');
    await page.getByTestId('list-held-back').click();
    await expect.poll(async () => (await order())[0], { timeout: 5000 }).not.toBe(held[0]);
  });

  it('updates live again once the pointer leaves the list', async () => {
    const body = (await page.getByTestId('object-list-body').boundingBox())!;
    await page.mouse.move(body.x + body.width / 2, body.y + 100);
    await page.getByTestId('list-held-back').waitFor({ timeout: 10_000 });
    const held = await order();
    await pointerToMap();
    await page.getByTestId('list-held-back').waitFor({ state: 'detached' });
    await expect.poll(async () => (await order())[0], { timeout: 10_000 }).not.toBe(held[0]);
  });

  it('sorts by a column header, and again to reverse, with aria-sort on the header', async () => {
    const name = page.getByRole('columnheader', { name: 'Name' });
    await name.click();
    expect(await name.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(async () => (await names()).slice(0, 3)).toEqual(['Vessel 001', 'Vessel 002', 'Vessel 003']);
    const ascending = await names();
    expect([...ascending].sort()).toEqual(ascending);
    await name.click();
    expect(await name.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => (await names())[0]).toBe('Vessel 120');
    const descending = await names();
    expect([...descending].sort().reverse()).toEqual(descending);
    expect(await page.getByRole('columnheader', { name: 'Updated' }).getAttribute('aria-sort')).toBe('none');
    await shot('61-object-list-sorted');
    await name.click();
    expect(await name.getAttribute('aria-sort')).toBe('ascending');
  });

  it('lists only the objects in view, following the map as it pans and zooms', async () => {
    expect(await page.getByTestId('list-in-view').isChecked()).toBe(true);
    await page.evaluate(() => (location.hash = '#map=12/53.50/9.90'));
    await pointerToMap();
    const inView = await expectListedInView();
    expect(inView).toBeGreaterThan(0);
    const firstInView = (await names())[0];
    expect(firstInView).toBe('Vessel 001');
    expect((await shipsInView()).max).toBeLessThan(SHIPS.length);
    // Drag the map 300 px to the left: other ships come into view, and the list follows.
    const map = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.move(map.x + map.width / 2, map.y + map.height / 2);
    await page.mouse.down();
    await page.mouse.move(map.x + map.width / 2 - 150, map.y + map.height / 2, { steps: 5 });
    await page.mouse.move(map.x + map.width / 2 - 300, map.y + map.height / 2, { steps: 5 });
    await page.mouse.up();
    await pointerToMap();
    await expectListedInView();
    // The westmost column left the view, so the list (by name) no longer starts with Vessel 001.
    await expect.poll(async () => (await names())[0]).not.toBe(firstInView);
    await shot('62-object-list-in-view');
  });

  it('lists every object with "Only objects in view" off, wherever the map is', async () => {
    await page.getByTestId('list-in-view').click();
    await pointerToMap();
    await expect.poll(listCount, { timeout: 10_000 }).toBe(SHIPS.length);
    await page.evaluate(() => (location.hash = '#map=13/53.46/9.82'));
    await page.waitForTimeout(2500);
    expect(await listCount()).toBe(SHIPS.length);
    await page.getByTestId('list-in-view').click();
    await pointerToMap();
    await expect.poll(listCount, { timeout: 10_000 }).toBeLessThan(SHIPS.length);
  });

  it('selects an object on the map, then shows its row selected and scrolled into view', async () => {
    // Every ship in view, listed by name: Vessel 117 is far below the list's first screen.
    await page.evaluate(() => (location.hash = '#map=10/53.55/10.0'));
    await pointerToMap();
    await expect.poll(listCount, { timeout: 10_000 }).toBe(SHIPS.length);
    expect(await page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(async () => (await names())[0]).toBe('Vessel 001');
    const target = SHIPS[116]!;
    const [x, y] = await screenOf(page, target.lonLat);
    await page.mouse.click(x, y);
    await page.getByTestId('object-detail').waitFor();
    const id = await page.getByTestId('object-detail').getAttribute('data-id');
    await page.getByTestId('tab-objects').click();
    const row = page.locator(`[data-testid=object-row][data-id="${id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('aria-selected')).toBe('true');
    expect(await row.textContent()).toContain(target.name);
    // The list came back sorted by name (remembered), so the row is its 117th, far below the first screen.
    expect(await row.evaluate((r) => parseFloat((r as HTMLElement).style.top))).toBe(116 * 28);
    const visible = async () => {
      const r = await row.boundingBox();
      const b = (await page.getByTestId('object-list-body').boundingBox())!;
      return r !== null && r.y >= b.y && r.y + r.height <= b.y + b.height;
    };
    await expect.poll(visible).toBe(true);
    // It stays selected and in place while updates keep arriving.
    await page.waitForTimeout(2500);
    expect(await row.getAttribute('aria-selected')).toBe('true');
    expect(await visible()).toBe(true);
    await shot('63-object-list-selected-from-map');
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

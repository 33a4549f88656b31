/**
 * Measuring and range rings (issue 20 §7), against the real headless twin in Debian's Chromium:
 * the measure tool snaps to two ships placed on Geoscience Australia's Flinders Peak and Buninyong
 * and shows the published geodesic (54,972.271 m, 306°52′); a line from a ship follows it after a
 * REST update; range rings around a selected ship appear and move with it; Escape clears them,
 * then the selection. Screenshots: 68-*.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';
import { screenOf } from './map-screen.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
let sourceId = '';
const consoleErrors: string[] = [];
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });

const dms = (d: number, m: number, s: number) => Math.sign(d) * (Math.abs(d) + m / 60 + s / 3600);
/** Geoscience Australia's Vincenty example: 54,972.271 m, 306°52′05.37″ from Flinders Peak. */
const FLINDERS: [number, number] = [dms(144, 25, 29.5244), dms(-37, 57, 3.7203)];
const BUNINYONG: [number, number] = [dms(143, 55, 35.3839), dms(-37, 39, 10.1561)];
/** A ship in Port Phillip, moved 0.02° north later. */
const BAY_SHIP: [number, number] = [144.8, -38.1];

async function pushShip(osmId: string, name: string, [lon, lat]: [number, number]): Promise<void> {
  await app.rest(`/api/data-sources/${sourceId}/objects`, {
    method: 'POST',
    body: JSON.stringify({
      type: 'objects',
      seq: 1,
      objects: [
        { osm_id: osmId, type: 'node', tags: { kind: 'ship', name }, geom: { type: 'Point', coordinates: [lon, lat] } },
      ],
    }),
  });
}

const mapData = (key: string) => page.getByTestId('map').getAttribute(`data-${key}`);
const label = () => page.getByTestId('measure-label').textContent();

beforeAll(async () => {
  app = await startHeadlessApp();
  sourceId = (
    await app.rest<{ id: string }>('/api/data-sources', {
      method: 'POST',
      body: JSON.stringify({ name: 'Bay feed', type: 'rest' }),
    })
  ).id;
  await pushShip('flinders', 'Flinders', FLINDERS);
  await pushShip('buninyong', 'Buninyong', BUNINYONG);
  await pushShip('bay', 'Bay Ship', BAY_SHIP);
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
  await page.goto(`${app.ready.url}#map=10/-37.85/144.35`);
  // All three ships drawn.
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="status-in-view"]')?.textContent?.replace(/\D/g, '')) >= 3,
    undefined,
    { timeout: 15_000 },
  );
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('measure and range rings (headless twin, Chromium)', () => {
  it('measures between two ships: the published geodesic distance, in NM too, and the bearing', async () => {
    await page.getByTestId('measure-button').click();
    const bar = page.getByTestId('measure-result');
    expect(await bar.textContent()).toBe('Measure: click the first point (a click on an object measures from it).');
    await page.mouse.click(...(await screenOf(page, FLINDERS)));
    expect(await bar.textContent()).toBe('Click the second point.');
    await page.mouse.click(...(await screenOf(page, BUNINYONG)));
    // 54,972.271 m = 29.68 NM at 306.87°.
    expect(await label()).toBe('55.0 km · 29.7 NM · 307°');
    expect(await bar.textContent()).toBe('55.0 km · 29.7 NM · 307° — click to measure again.');
    // Clicking ships while measuring selects nothing.
    expect(await page.getByTestId('object-detail').count()).toBe(0);
    await shot('68-measure-ships');
  });

  it('measures from a ship to a clicked point, and the line follows the ship after a REST update', async () => {
    await page.evaluate(() => (location.hash = '#map=12/-38.09/144.85'));
    await expect.poll(() => mapData('zoom')).toBe('12');
    await page.mouse.click(...(await screenOf(page, BAY_SHIP)));
    // A point due east of the ship, 0.1° of longitude: about 8.77 km at 38.1° S.
    await page.mouse.click(...(await screenOf(page, [BAY_SHIP[0] + 0.1, BAY_SHIP[1]])));
    const first = (await label())!;
    expect(first).toMatch(/^8\.\d\d km · 4\.\d\d NM · 09[01]°$/);
    expect(Math.abs(Number(first.slice(0, 4)) - 8.77)).toBeLessThan(0.06);
    // The ship moves 0.02° north (2.2 km): the bearing from it to the point turns to the south-east.
    await pushShip('bay', 'Bay Ship', [BAY_SHIP[0], BAY_SHIP[1] + 0.02]);
    await expect.poll(label, { timeout: 10_000 }).toMatch(/ · 10[4-6]°$/);
    await shot('68-measure-follows');
    // The button again ends the tool and takes the line away.
    await page.getByTestId('measure-button').click();
    await expect.poll(() => page.getByTestId('measure-label').count()).toBe(0);
    expect(await page.getByTestId('measure-tool').count()).toBe(0);
  });

  it('draws range rings around the selected ship, labelled, and moves them with it', async () => {
    const ship: [number, number] = [BAY_SHIP[0], BAY_SHIP[1] + 0.02];
    await page.mouse.click(...(await screenOf(page, ship)));
    await page.getByTestId('object-detail').waitFor();
    await page.getByTestId('rings-toggle').click();
    const rings = page.getByTestId('range-rings-text');
    // Zoom 12 in this window: a 1 km step, five rings.
    expect(await rings.textContent()).toBe('Range rings around Bay Ship: 1 km, 2 km, 3 km, 4 km, 5 km (auto)');
    expect(await page.getByTestId('ring-label').allTextContents()).toEqual(['1 km', '2 km', '3 km', '4 km', '5 km']);
    expect(await mapData('rings')).toBe(`${ship[1].toFixed(6)},${ship[0].toFixed(6)},1000`);
    // The 2 km label sits 2 km due north of the ship (0.018° of latitude) on the screen.
    const expectLabelNorthOf = async ([lon, lat]: [number, number]) => {
      const box = (await page.getByTestId('ring-label').nth(1).boundingBox())!;
      const [x, y] = await screenOf(page, [lon, lat + 2_000 / 111_010]);
      expect(Math.abs(box.x + box.width / 2 - x)).toBeLessThan(3);
      expect(Math.abs(box.y + box.height / 2 - y)).toBeLessThan(3);
    };
    await expectLabelNorthOf(ship);
    await shot('68-rings-selected');

    const moved: [number, number] = [ship[0] + 0.015, ship[1] + 0.01];
    await pushShip('bay', 'Bay Ship', moved);
    await expect
      .poll(() => mapData('rings'), { timeout: 10_000 })
      .toBe(`${moved[1].toFixed(6)},${moved[0].toFixed(6)},1000`);
    await expectLabelNorthOf(moved);
    // Away from the ship, so its tooltip leaves the picture (docs/images/range-rings.png).
    await page.mouse.move(700, 560);
    await shot('68-rings-moved');
  });

  it('takes a typed step; Escape clears the rings first, then the selection', async () => {
    await page.getByTestId('ring-step').fill('0.5');
    await page.getByTestId('ring-step').press('Enter');
    await expect
      .poll(() => page.getByTestId('range-rings-text').textContent())
      .toContain('500 m, 1 km, 1.5 km, 2 km, 2.5 km (set)');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('range-rings').count()).toBe(0);
    expect(await mapData('rings')).toBeNull();
    expect(await page.getByTestId('object-detail').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('object-detail').count()).toBe(0);
  });

  it('places range rings at a clicked point with R', async () => {
    await page.keyboard.press('r');
    await page.getByTestId('rings-placing').waitFor();
    await page.mouse.click(...(await screenOf(page, [144.9, -38.05])));
    await expect
      .poll(() => page.getByTestId('range-rings-text').textContent())
      .toContain('Range rings around this point');
    const [lat, lon] = (await mapData('rings'))!.split(',').map(Number);
    expect(Math.abs(lat! + 38.05)).toBeLessThan(0.001);
    expect(Math.abs(lon! - 144.9)).toBeLessThan(0.001);
    await page.getByTestId('range-rings').getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => page.getByTestId('range-rings').count()).toBe(0);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

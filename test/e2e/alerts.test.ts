/**
 * Rules and alerts against the real headless twin in Debian's Chromium: a geofence drawn on the map
 * with the draw tool (real mouse clicks, a double-click closes it), an enter rule made in the rule
 * editor with its filter typed, a ship's track pushed through the fence over REST, the alert in the
 * panel and the unacknowledged count in the status bar; a click on the alert selects the ship,
 * acknowledging it drops the count. Screenshots: 40–44-*.png.
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
/** The fence's corners (lon, lat), clicked in this order; the last one is double-clicked. */
const CORNERS: [number, number][] = [
  [9.82, 53.49],
  [10.1, 53.49],
  [10.1, 53.61],
  [9.82, 53.61],
];
/** The ship's track from west of the fence, through it, to east of it. */
const TRACK: [number, number][] = [
  [9.66, 53.55],
  [9.74, 53.55],
  [9.9, 53.55],
  [10.02, 53.55],
  [10.24, 53.55],
];
const T0 = Date.now() - 60_000;

async function pushShip(k: number): Promise<void> {
  await app.rest(`/api/data-sources/${sourceId}/objects`, {
    method: 'POST',
    body: JSON.stringify({
      type: 'objects',
      seq: k + 1,
      objects: [
        {
          osm_id: 'ever-given',
          type: 'node',
          tags: { kind: 'ship', name: 'Ever Given', speed: 6, heading: 90 },
          geom: { type: 'Point', coordinates: TRACK[k] },
          observed_at: new Date(T0 + k * 10_000).toISOString(),
        },
      ],
    }),
  });
}

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });

beforeAll(async () => {
  app = await startHeadlessApp();
  const source = await app.rest<{ id: string }>('/api/data-sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'Harbour feed', type: 'rest' }),
  });
  sourceId = source.id;
  await pushShip(0);
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('rules and alerts (headless twin, Chromium)', () => {
  it('draws a geofence with the draw tool and names it', async () => {
    await page.goto(`${app.ready.url}#map=10/53.550/9.960`);
    await page.waitForFunction(() =>
      /^[1-9]/.test(document.querySelector('[data-testid=status-in-view]')?.textContent ?? ''),
    );
    await page.getByRole('tab', { name: 'Rules' }).click();
    const tool = page.getByRole('group', { name: 'Draw geofence' });
    // Escape gives up a drawing.
    await page.getByRole('button', { name: 'Draw geofence' }).click();
    await tool.waitFor();
    await page.mouse.click(...(await screenOf(page, CORNERS[0]!)));
    await page.keyboard.press('Escape');
    await tool.waitFor({ state: 'detached' });
    // One tool takes the map's clicks: measuring cancels a drawing, and drawing ends measuring.
    await page.getByRole('button', { name: 'Draw geofence' }).click();
    await tool.waitFor();
    await page.getByTestId('measure-button').click();
    await tool.waitFor({ state: 'detached' });
    await page.getByTestId('measure-result').waitFor();
    await page.getByRole('button', { name: 'Draw geofence' }).click();
    await tool.waitFor();
    await page.getByTestId('measure-result').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await tool.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Draw geofence' }).click();
    for (const corner of CORNERS.slice(0, -1)) {
      const [x, y] = await screenOf(page, corner);
      await page.mouse.click(x, y);
    }
    expect(await tool.textContent()).toMatch(/3 corners/);
    await page.mouse.move(...(await screenOf(page, CORNERS[3]!)));
    await shot('40-geofence-drawing');
    const [x, y] = await screenOf(page, CORNERS[3]!);
    await page.mouse.dblclick(x, y);
    await tool.waitFor({ state: 'detached' });
    // The closed area stays on the map while it waits for its name.
    await page.locator('.geofence-label', { hasText: 'New geofence' }).waitFor();
    const naming = page.getByRole('form', { name: 'Name the new geofence' });
    expect(await naming.textContent()).toMatch(/4 corners/);
    await page.getByRole('textbox', { name: 'Geofence name' }).fill('Harbour zone');
    await page.getByRole('button', { name: 'Save geofence' }).click();
    await page.getByTestId('geofence-row').filter({ hasText: 'Harbour zone' }).waitFor();
    // One name on the map (a replaced label fades out for 200 ms, so wait until only one is left).
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.geofence-label')].filter((e) => e.textContent === 'Harbour zone').length === 1,
    );
    // The map did not zoom on the double-click that closed the fence.
    expect(await page.getByTestId('map').getAttribute('data-zoom')).toBe('10');
  });

  it('creates an enter rule with the filter typed in the editor', async () => {
    await page.getByRole('button', { name: 'New rule' }).click();
    const editor = page.getByRole('form', { name: 'New rule' });
    await editor.getByRole('textbox', { name: 'Rule name' }).fill('Harbour watch');
    await editor
      .getByRole('combobox', { name: 'Objects (filter)' })
      .pressSequentially('kind=ship speed>>', { delay: 20 });
    await editor
      .getByRole('alert')
      .filter({ hasText: /at column 17/ })
      .waitFor();
    await editor.getByRole('combobox', { name: 'Objects (filter)' }).fill('kind=ship');
    await editor.getByText('1 object matches now').waitFor();
    // Main's sentence shows by the field it names: a dwell rule without its seconds.
    await editor.getByRole('combobox', { name: 'Trigger' }).selectOption('dwell');
    await editor.getByRole('button', { name: 'Create rule' }).click();
    const secondsError = editor.getByRole('alert').filter({ hasText: /trigger\.seconds.*required for a dwell rule/ });
    await secondsError.waitFor();
    expect(await secondsError.evaluate((e) => e.parentElement?.querySelector('label')?.textContent)).toBe(
      'Inside for (s)',
    );
    await editor.getByRole('combobox', { name: 'Trigger' }).selectOption('enter');
    expect(await editor.getByRole('spinbutton', { name: 'Inside for (s)' }).count()).toBe(0);
    const fence = editor.getByRole('combobox', { name: 'Geofence' });
    expect(await fence.locator('option:checked').textContent()).toBe('Harbour zone');
    await shot('41-rules-editor');
    await editor.getByRole('button', { name: 'Create rule' }).click();
    await page.getByTestId('rule-row').filter({ hasText: 'Harbour watch' }).waitFor();
    expect(await page.getByTestId('rule-row').textContent()).toMatch(/kind=ship.*enters Harbour zone/);
    expect(await page.getByRole('checkbox', { name: 'Enabled: Harbour watch' }).isChecked()).toBe(true);
    await shot('42-rules-list');
  });

  it('shows the alert raised by a track through the fence, with the count in the status bar', async () => {
    expect(await page.getByTestId('status-alerts').textContent()).toBe('0 unacknowledged alerts');
    for (let k = 1; k < TRACK.length; k++) await pushShip(k);
    await page.getByTestId('status-alerts').filter({ hasText: '1 unacknowledged alert' }).waitFor();
    await page.getByTestId('status-alerts').click();
    const row = page.getByTestId('alert-row');
    await row.waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/Ever Given.*Harbour zone.*Harbour watch/);
  });

  it('flies to the alert and selects the ship on click', async () => {
    // Look elsewhere first, so the click has somewhere to fly from.
    await page.evaluate(() => (location.hash = '#map=6/48.00/2.00'));
    await page.waitForFunction(() => document.querySelector('[data-testid=map]')?.getAttribute('data-zoom') === '6');
    await page
      .getByTestId('alert-row')
      .getByRole('button', { name: /Ever Given/ })
      .first()
      .click();
    await page.locator('[data-testid=alert-row].selected').waitFor();
    // The map flies to where the ship entered (the map's centre becomes the alert's position).
    await page.waitForFunction(([lon, lat]) => {
      const c = document.querySelector('[data-testid=map]')?.getAttribute('data-center')?.split(',').map(Number);
      return !!c && Math.abs(c[0]! - lat!) < 1e-3 && Math.abs(c[1]! - lon!) < 1e-3;
    }, TRACK[2]!);
    await shot('43-alerts-panel');
    await page.getByRole('tab', { name: 'Detail' }).click();
    await page
      .getByTestId('object-detail')
      .getByRole('heading', { name: /Ever Given/ })
      .waitFor();
  });

  it('drops the count when the alert is acknowledged', async () => {
    await page.getByRole('tab', { name: /Alerts/ }).click();
    await page.getByRole('button', { name: /^Acknowledge: / }).click();
    await page.getByTestId('status-alerts').filter({ hasText: '0 unacknowledged alerts' }).waitFor();
    await page.locator('[data-testid=alert-row].acknowledged').waitFor();
    expect(await page.getByRole('button', { name: 'Acknowledge all' }).isDisabled()).toBe(true);
    await shot('44-alerts-acknowledged');
  });

  it('imports geofences from a GeoJSON file, one across the antimeridian drawn on both sides', async () => {
    const file = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'Dateline box' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [170, -10],
                [-170, -10],
                [-170, 10],
                [170, 10],
                [170, -10],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { name: 'A road' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [1, 1],
            ],
          },
        },
      ],
    };
    await page.getByRole('tab', { name: 'Rules' }).click();
    await page.getByLabel('Geofence file (GeoJSON or KML)').setInputFiles({
      name: 'fences.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    // Said under the Geofences buttons, beside the import (not in a notice).
    await page
      .getByTestId('geofence-import-status')
      .filter({ hasText: 'fences.geojson: imported 1 geofence, skipped 1' })
      .waitFor();
    await page.getByTestId('geofence-row').filter({ hasText: 'Dateline box' }).waitFor();
    // Seen from either side of the antimeridian, the fence is drawn inside the map's view (the only
    // other fence, in Hamburg, is far outside it): fencePolygons adds the copy one world away.
    const fenceInView = () => {
      const map = document.querySelector('.leaflet-container')!.getBoundingClientRect();
      return [...document.querySelectorAll('path.geofence-shape')].some((p) => {
        const r = p.getBoundingClientRect();
        return r.width > 20 && r.left >= map.left && r.right <= map.right && r.top >= map.top && r.bottom <= map.bottom;
      });
    };
    await page.evaluate(() => (location.hash = '#map=3/0.00/-180.00'));
    await page.waitForFunction(fenceInView);
    await page.evaluate(() => (location.hash = '#map=3/0.00/180.00'));
    await page.waitForFunction(fenceInView);
    await page.locator('.geofence-label', { hasText: 'Dateline box' }).first().waitFor();
    await shot('45-geofence-antimeridian');
  });

  it('makes a geofence from an object with an area ("Use as geofence")', async () => {
    await app.rest(`/api/data-sources/${sourceId}/objects`, {
      method: 'POST',
      body: JSON.stringify({
        type: 'objects',
        seq: 99,
        objects: [
          {
            osm_id: 'quay',
            type: 'way',
            tags: { name: 'Container quay' },
            geom: {
              type: 'Polygon',
              coordinates: [
                [
                  [9.9, 53.52],
                  [9.95, 53.52],
                  [9.95, 53.53],
                  [9.9, 53.53],
                  [9.9, 53.52],
                ],
              ],
            },
          },
        ],
      }),
    });
    await page.getByTestId('filter-input').fill('name="Container quay"');
    await page.getByTestId('filter-input').press('Enter');
    await page.getByRole('tab', { name: 'Objects' }).click();
    // The quay lies outside the view the list is limited to: the empty list offers to show it.
    await page.getByTestId('list-outside-view').getByRole('button', { name: 'Show on map' }).click();
    await page.getByTestId('object-row').filter({ hasText: 'Container quay' }).dblclick();
    await page.getByRole('button', { name: 'Use as geofence' }).click();
    await page.getByTestId('detail-action-status').filter({ hasText: 'Geofence Container quay created' }).waitFor();
    await shot('44-use-as-geofence-status');
    await page.getByRole('tab', { name: 'Rules' }).click();
    await page.getByTestId('geofence-row').filter({ hasText: 'Container quay' }).waitFor();
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

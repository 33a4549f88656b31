/**
 * The map layer against the real headless twin: symbols per kind, ways as lines and areas, a
 * trail, a dimmed stale object, the hover tooltip and click-to-select with the history track.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';
import { screenOf } from './map-screen.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
let sourceId: string;
const consoleErrors: string[] = [];
const KINDS = ['ship', 'car', 'aircraft', 'drone', 'person', 'sensor', 'buoy'];
const SHIP_END: [number, number] = [9.99, 53.545];

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

async function push(sourceId: string, objects: unknown[]): Promise<void> {
  await app.rest(`/api/data-sources/${sourceId}/objects`, {
    method: 'POST',
    body: JSON.stringify({ type: 'objects', seq: 1, objects }),
  });
}

beforeAll(async () => {
  app = await startHeadlessApp();
  const source = await app.rest<{ id: string }>('/api/data-sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'Harbour feed', type: 'rest' }),
  });
  sourceId = source.id;
  const points = KINDS.map((kind, i) => ({
    osm_id: `p-${kind}`,
    type: 'node',
    tags: { kind, name: `${kind} ${i}`, heading: i * 50, speed: 3 + i },
    geom: { type: 'Point', coordinates: [9.93 + i * 0.012, 53.56] },
    observed_at: iso(kind === 'buoy' ? 3_600_000 : 1000),
  }));
  await push(source.id, [
    ...points,
    {
      osm_id: 'quay',
      type: 'way',
      tags: { name: 'Quay area' },
      geom: {
        type: 'Polygon',
        coordinates: [
          [
            [9.94, 53.53],
            [9.97, 53.53],
            [9.97, 53.54],
            [9.94, 53.54],
            [9.94, 53.53],
          ],
        ],
      },
    },
    {
      osm_id: 'route',
      type: 'way',
      tags: { name: 'Ferry route', kind: 'ship' },
      geom: {
        type: 'LineString',
        coordinates: [
          [9.93, 53.55],
          [9.96, 53.548],
          [10.0, 53.552],
          [10.02, 53.545],
        ],
      },
    },
  ]);
  for (let k = 5; k >= 0; k--) {
    await push(source.id, [
      {
        osm_id: 'mover',
        type: 'node',
        tags: { kind: 'ship', name: 'Elbe Ferry', heading: 80, speed: 6 },
        geom: { type: 'Point', coordinates: [SHIP_END[0] - k * 0.004, SHIP_END[1] - k * 0.0006] },
        observed_at: iso(k * 1000 + 500),
      },
    ]);
  }
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the live map layer (headless twin, Chromium)', () => {
  it('draws every kind, ways and areas, and zooms to fit them', async () => {
    await page.goto(app.ready.url);
    await page.waitForFunction(() =>
      /^[1-9]/.test(document.querySelector('[data-testid=status-in-view]')?.textContent ?? ''),
    );
    await page.keyboard.press('z');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=map]')?.getAttribute('data-zoom')) >= 11,
    );
    await page.waitForTimeout(600);
  });

  it('shows a tooltip with name, kind, speed and age on hover', async () => {
    const [x, y] = await screenOf(page, SHIP_END);
    await page.mouse.move(x, y);
    const tip = page.getByTestId('map-tooltip');
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(/Elbe Ferry.*ship.*speed 11\.7 kn.*updated/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '10-map-kinds-ways-tooltip.png') });
  });

  it('selects an object on click and draws its history track', async () => {
    const [x, y] = await screenOf(page, SHIP_END);
    await page.mouse.click(x, y);
    await page.getByTestId('object-detail').getByRole('heading', { name: 'Elbe Ferry' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0);
    await page.mouse.move(10, 400);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '11-click-select-history-track.png') });
  });

  it('clears the selection with Escape', async () => {
    await page.keyboard.press('Escape');
    await page.getByText('Select an object on the map or in the list.').waitFor();
  });

  it('takes the tooltip down when the object moves away from a pointer that stays still', async () => {
    const [x, y] = await screenOf(page, SHIP_END);
    await page.mouse.move(x, y);
    const tip = page.getByTestId('map-tooltip');
    await tip.waitFor();
    await push(sourceId, [
      {
        osm_id: 'mover',
        type: 'node',
        tags: { kind: 'ship', name: 'Elbe Ferry', heading: 80, speed: 6 },
        geom: { type: 'Point', coordinates: [SHIP_END[0] + 0.03, SHIP_END[1] + 0.01] },
        observed_at: iso(0),
      },
    ]);
    await tip.waitFor({ state: 'detached' });
    await page.mouse.move(10, 400);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

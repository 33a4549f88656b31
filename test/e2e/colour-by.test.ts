/**
 * Symbols coloured by altitude or speed (issue 20 §7), against the real headless twin in Debian's
 * Chromium: three aircraft at 100 m, 2,000 m and 10,000 m are drawn in their kind's colour, then in
 * the altitude ramp's colours with a legend, then by speed; the choice survives a reload.
 * Screenshot: 64-colour-by-altitude.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { legendOf, RAMP } from '../../renderer/src/map/layers/colour-by.js';
import { KIND_COLORS } from '../../renderer/src/map/layers/symbols.js';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';
import { screenOf } from './map-screen.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

const PLANES = [
  { osm_id: 'low', lonLat: [10.0, 53.5] as [number, number], altitude: 100, speed: 40 },
  { osm_id: 'mid', lonLat: [10.1, 53.5] as [number, number], altitude: 2000, speed: 90 },
  { osm_id: 'high', lonLat: [10.2, 53.5] as [number, number], altitude: 10_000, speed: 240 },
];

/** The colour painted at the centre of each plane's symbol, as #rrggbb. */
async function colours(): Promise<string[]> {
  const points = await Promise.all(PLANES.map((p) => screenOf(page, p.lonLat)));
  return page.evaluate((pts) => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=objects-canvas]')!;
    const box = canvas.getBoundingClientRect();
    const dpr = canvas.width / box.width;
    const ctx = canvas.getContext('2d')!;
    return pts.map(([x, y]) => {
      const [r, g, b] = ctx.getImageData(Math.round((x - box.left) * dpr), Math.round((y - box.top) * dpr), 1, 1).data;
      return `#${[r, g, b].map((v) => v!.toString(16).padStart(2, '0')).join('')}`;
    });
  }, points);
}

beforeAll(async () => {
  app = await startHeadlessApp();
  const sourceId = await app.addRestSource('ADS-B');
  await app.push(
    sourceId,
    PLANES.map((p) => ({
      osm_id: p.osm_id,
      type: 'node',
      tags: { kind: 'aircraft', heading: 0, altitude: p.altitude, speed: p.speed },
      geom: { type: 'Point', coordinates: p.lonLat },
      observed_at: new Date().toISOString(),
    })),
  );
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
  await page.goto(`${app.ready.url}#map=11/53.5/10.1`);
  await page.waitForFunction(() =>
    /^3 in view/.test(document.querySelector('[data-testid=status-in-view]')?.textContent ?? ''),
  );
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('colour by altitude or speed (headless twin, Chromium)', () => {
  it('draws every aircraft in the kind colour by default, with no legend', async () => {
    await expect.poll(colours).toEqual([KIND_COLORS.aircraft, KIND_COLORS.aircraft, KIND_COLORS.aircraft]);
    expect(await page.getByTestId('colour-legend').count()).toBe(0);
  });

  it('colours them by altitude, low to high, and shows the legend', async () => {
    await page.getByTestId('colour-by').selectOption('altitude');
    // 100 m is in the first bin (< 150 m), 2,000 m in 1500–3000 m, 10,000 m in 9000–12000 m.
    await expect.poll(colours).toEqual([RAMP[1], RAMP[4], RAMP[7]]);
    const legend = await page.getByTestId('colour-legend').textContent();
    for (const { label } of legendOf('altitude')) expect(legend).toContain(label);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '64-colour-by-altitude.png') });
  });

  it('colours them by speed, and keeps the choice over a reload', async () => {
    await page.getByTestId('colour-by').selectOption('speed');
    // 40 m/s is in 30–60, 90 in 60–120, 240 in ≥ 120.
    await expect.poll(colours).toEqual([RAMP[6], RAMP[7], RAMP[8]]);
    await page.reload();
    await page.waitForFunction(() =>
      /^3 in view/.test(document.querySelector('[data-testid=status-in-view]')?.textContent ?? ''),
    );
    expect(await page.getByTestId('colour-by').inputValue()).toBe('speed');
    await expect.poll(colours).toEqual([RAMP[6], RAMP[7], RAMP[8]]);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

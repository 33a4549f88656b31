/**
 * Honest numbers against the real headless twin in Debian's Chromium: the status bar's named counts
 * ("9 objects · 9 match · 6 in view", "27 positions stored") for a known data set, before and after a
 * filter; the units setting under Maps & files changing the list's Speed, the tooltip and the detail
 * (and kept over a reload); the cursor readout following the mouse and saying when it left the map.
 * Screenshots: 70-units-*.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';
import { screenOf } from './map-screen.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });

/** Six objects in Monaco (in view at the test's map position), three ships off Rotterdam (not). */
const SHIP_POS: [number, number] = [7.425, 43.735];
const PLANE_POS: [number, number] = [7.44, 43.74];
const MONACO = [
  { osm_id: 'ship', tags: { kind: 'ship', name: 'Unit Ship', speed: 10, heading: 90 }, at: SHIP_POS },
  {
    osm_id: 'plane',
    tags: { kind: 'aircraft', name: 'Unit Plane', speed: 100, altitude: 3048, heading: 0 },
    at: PLANE_POS,
  },
  { osm_id: 'ship-2', tags: { kind: 'ship', name: 'Harbour Tug', speed: 2 }, at: [7.42, 43.73] },
  { osm_id: 'ship-3', tags: { kind: 'ship', name: 'Pilot Boat', speed: 5 }, at: [7.43, 43.732] },
  { osm_id: 'car-1', tags: { kind: 'car', name: 'Car One', speed: 12 }, at: [7.415, 43.738] },
  { osm_id: 'car-2', tags: { kind: 'car', name: 'Car Two', speed: 14 }, at: [7.418, 43.741] },
] as const;
const ROTTERDAM = [0, 1, 2].map((i) => ({
  osm_id: `rdam-${i}`,
  tags: { kind: 'ship', name: `Rotterdam ${i}`, speed: 6 },
  at: [4.4 + i * 0.02, 51.9] as const,
}));
/** Each object reports three times, a minute apart: 9 objects, 27 positions. */
const REPORTS = 3;

beforeAll(async () => {
  app = await startHeadlessApp();
  const source = await app.rest<{ id: string }>('/api/data-sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'Units feed', type: 'rest' }),
  });
  const t0 = Date.now() - REPORTS * 60_000;
  for (let r = 0; r < REPORTS; r++) {
    // Earlier reports a little west, the last one exactly at `at`.
    const objects = [...MONACO, ...ROTTERDAM].map((o) => ({
      osm_id: o.osm_id,
      type: 'node',
      tags: o.tags,
      geom: { type: 'Point', coordinates: [o.at[0] - (REPORTS - 1 - r) * 0.0005, o.at[1]] },
      observed_at: new Date(t0 + r * 60_000).toISOString(),
    }));
    await app.rest(`/api/data-sources/${source.id}/objects`, {
      method: 'POST',
      body: JSON.stringify({ type: 'objects', seq: r + 1, objects }),
    });
  }
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const text = async (testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').trim();
const waitText = (testId: string, re: RegExp) =>
  page.waitForFunction(
    ([id, source]) => new RegExp(source).test(document.querySelector(`[data-testid=${id}]`)?.textContent ?? ''),
    [testId, re.source] as const,
    { timeout: 15_000 },
  );

/** The Speed column's header and its cell in the list row named `name`, e.g. "Speed kn 19.4". */
async function listSpeed(name: string): Promise<string> {
  const row = page.getByTestId('object-row').filter({ hasText: name });
  await row.waitFor();
  const header = (await page.getByRole('columnheader').nth(4).textContent()) ?? '';
  const cell = (await row.locator('[role=cell]').nth(4).textContent()) ?? '';
  return `${header.replace(/ [▲▼]$/, '')} ${cell}`;
}

/** Hovers `pos` until the tooltip names `name`; returns the tooltip's text. */
async function tooltipOf(pos: [number, number], name: string): Promise<string> {
  const [x, y] = await screenOf(page, pos);
  for (let i = 0; i < 60; i++) {
    await page.mouse.move(x + (i % 2), y);
    const tip = page.getByTestId('map-tooltip');
    const t = (await tip.count()) ? ((await tip.textContent()) ?? '') : '';
    if (t.includes(name)) return t;
    await page.waitForTimeout(150);
  }
  throw new Error(`No tooltip for ${name} at ${pos.join(', ')}`);
}

async function chooseUnits(units: { speed?: string; altitude?: string; coords?: string }): Promise<void> {
  await page.getByTestId('tab-offline').click();
  if (units.speed) await page.getByTestId('units-speed').selectOption(units.speed);
  if (units.altitude) await page.getByTestId('units-altitude').selectOption(units.altitude);
  if (units.coords) await page.getByTestId('units-coords').selectOption(units.coords);
}

describe('honest numbers (headless twin, Chromium)', () => {
  it('names each count in the status bar and counts the known data set right', async () => {
    await page.goto(`${app.ready.url}#map=14/43.736/7.43`);
    await waitText('status-in-view', /^6 in view/);
    await waitText('status-objects', /^9 objects/);
    await waitText('status-match', /^9 match/);
    await waitText('status-positions', /^27 positions stored/);
    // One bar, the three counts in one group with their names.
    const counts = ((await page.locator('.status-counts').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(counts).toBe('9 objects · 9 match · 6 in view');
    // Each count says what it counts.
    expect(await page.getByTestId('status-objects').getAttribute('title')).toMatch(/counted once/);
    expect(await page.getByTestId('status-match').getAttribute('title')).toMatch(/no filter is applied/);
    expect(await page.getByTestId('status-in-view').getAttribute('title')).toMatch(/inside the map's current view/);
    expect(await page.getByTestId('status-positions').getAttribute('title')).toMatch(/history/);
  });

  it('counts what a filter selects, anywhere and in view, while objects stay the store', async () => {
    await page.getByTestId('filter-input').fill('kind=ship');
    await page.getByTestId('filter-input').press('Enter');
    await waitText('status-match', /^6 match/);
    await waitText('status-in-view', /^3 in view/);
    expect(await text('status-objects')).toBe('9 objects');
    expect(await page.getByTestId('status-match').getAttribute('title')).toMatch(/applied filter selects/);
    await page.getByTestId('filter-input').fill('');
    await page.getByTestId('filter-input').press('Enter');
    await waitText('status-match', /^9 match/);
  });

  it('shows speeds in knots by default and in the chosen unit everywhere after a switch', async () => {
    await page.getByTestId('tab-objects').click();
    expect(await listSpeed('Unit Ship')).toBe('Speed kn 19.4');
    expect(await tooltipOf(SHIP_POS, 'Unit Ship')).toContain('speed 19.4 kn');

    await chooseUnits({ speed: 'km/h', altitude: 'ft' });
    expect(await page.getByTestId('units-example').textContent()).toMatch(/36\.0 km\/h · 35,000 ft/);
    await page.getByTestId('tab-objects').click();
    expect(await listSpeed('Unit Ship')).toBe('Speed km/h 36.0');
    expect(await tooltipOf(SHIP_POS, 'Unit Ship')).toContain('speed 36.0 km/h');
    const planeTip = await tooltipOf(PLANE_POS, 'Unit Plane');
    expect(planeTip).toContain('speed 360 km/h');
    expect(planeTip).toContain('altitude 10,000 ft');
    expect(planeTip).toContain('lat, lon 43.74000, 7.44000');
    await shot('73-units-tooltip-kmh-ft');
  });

  it('shows the detail in the chosen units, coordinates labelled, and MGRS when chosen', async () => {
    await page.getByTestId('tab-objects').click();
    await page.getByTestId('object-row').filter({ hasText: 'Unit Plane' }).dblclick();
    await page.getByTestId('object-detail').waitFor();
    expect(await text('detail-speed')).toBe('360 km/h');
    expect(await text('detail-altitude')).toBe('10,000 ft');
    expect(await text('geometry-summary')).toBe('Point, lat, lon 43.74000, 7.44000');

    await chooseUnits({ speed: 'mph', coords: 'mgrs' });
    await page.getByTestId('tab-detail').click();
    expect(await text('detail-speed')).toBe('224 mph');
    expect(await text('geometry-summary')).toMatch(/^Point, MGRS 32T LP \d{5} \d{5}$/);
    await waitText('profile-speed', /mph/);
    await shot('72-units-detail-mgrs');
  });

  it('keeps the units over a reload', async () => {
    await page.reload();
    await page.getByTestId('tab-objects').click();
    expect(await listSpeed('Unit Ship')).toBe('Speed mph 22.4');
    await page.getByTestId('tab-offline').click();
    expect(await page.getByTestId('units-speed').inputValue()).toBe('mph');
    expect(await page.getByTestId('units-altitude').inputValue()).toBe('ft');
    expect(await page.getByTestId('units-coords').inputValue()).toBe('mgrs');
  });

  it('reads out the coordinates under the moving pointer and says when it left the map', async () => {
    await chooseUnits({ coords: 'decimal' });
    const readout = page.getByTestId('cursor-coords');
    const [sx, sy] = await screenOf(page, SHIP_POS);
    await page.mouse.move(sx, sy);
    const atShip = (await readout.textContent()) ?? '';
    const m = /^lat, lon (-?\d+\.\d{5}), (-?\d+\.\d{5})$/.exec(atShip);
    expect(m, atShip).not.toBeNull();
    expect(Number(m![1])).toBeCloseTo(SHIP_POS[1], 3);
    expect(Number(m![2])).toBeCloseTo(SHIP_POS[0], 3);

    await page.mouse.move(sx + 150, sy - 100, { steps: 5 });
    const moved = (await readout.textContent()) ?? '';
    expect(moved).toMatch(/^lat, lon /);
    expect(moved).not.toBe(atShip);
    const [lat, lon] = /^lat, lon (\S+), (\S+)$/.exec(moved)!.slice(1).map(Number) as [number, number];
    expect(lat).toBeGreaterThan(SHIP_POS[1]);
    expect(lon).toBeGreaterThan(SHIP_POS[0]);

    await chooseUnits({ coords: 'dms' });
    await page.mouse.move(sx, sy);
    expect(await readout.textContent()).toMatch(/^lat, lon 43°44′\d\d\.\d″N, 7°25′\d\d\.\d″E$/);
    await page.mouse.move(sx + 40, sy + 20, { steps: 3 });
    await shot('70-units-status-and-readout');

    // Off the map, onto the side panel: the readout says so instead of keeping the last position.
    const panel = (await page.getByTestId('offline-panel').boundingBox())!;
    await page.mouse.move(panel.x + panel.width / 2, panel.y + 40, { steps: 5 });
    await expect.poll(() => readout.textContent()).toBe('pointer off the map');
    await page.getByTestId('units-section').screenshot({ path: join(SCREENSHOT_DIR, '71-units-setting.png') });
    expect(consoleErrors).toEqual([]);
  });
});

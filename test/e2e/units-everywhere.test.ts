/**
 * Issue 20, units everywhere, against the real headless twin in Chromium: with knots and feet chosen
 * under Maps & files → Units, an alert main wrote in m/s reads in knots (and in km/h after a
 * switch), a new rule's value starts in knots, the scale bar says feet and miles, and range rings
 * step and are labelled in feet and miles (with a field in miles). Screenshots:
 * /tmp/h20-units-alert.png, /tmp/h20-units-rule.png, /tmp/h20-units-rings.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
let sourceId: string;
const consoleErrors: string[] = [];
const SHIP: [number, number] = [9.97, 53.55];

async function chooseUnits(units: { speed?: string; altitude?: string }): Promise<void> {
  await page.getByTestId('tab-offline').click();
  if (units.speed) await page.getByTestId('units-speed').selectOption(units.speed);
  if (units.altitude) await page.getByTestId('units-altitude').selectOption(units.altitude);
}

beforeAll(async () => {
  app = await startHeadlessApp();
  sourceId = await app.addRestSource('Harbour feed');
  await app.push(sourceId, [
    {
      osm_id: 'fast',
      type: 'node',
      tags: { kind: 'ship', name: 'Fast Boat', speed: 2 },
      geom: { type: 'Point', coordinates: SHIP },
    },
  ]);
  await app.rest('/api/rules', {
    method: 'POST',
    body: JSON.stringify({
      name: 'Speeding',
      filter: 'kind=ship',
      trigger: { type: 'speed_above', value: 10 },
    }),
  });
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
  await page.goto(`${app.ready.url}#map=12/${SHIP[1]}/${SHIP[0]}`);
  await page.getByTestId('object-row').first().waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('units everywhere (headless twin, Chromium)', () => {
  it("says an alert's speeds in the chosen unit, though main wrote m/s", async () => {
    await chooseUnits({ speed: 'kn', altitude: 'ft' });
    await app.push(sourceId, [
      {
        osm_id: 'fast',
        type: 'node',
        tags: { kind: 'ship', name: 'Fast Boat', speed: 12.5 },
        geom: { type: 'Point', coordinates: SHIP },
      },
    ]);
    await page.getByRole('tab', { name: 'Alerts' }).click();
    const message = page.getByTestId('alert-row').locator('.alert-message');
    await message.first().waitFor();
    expect(await message.first().textContent()).toMatch(
      /^Fast Boat went above 19\.4 kn \(24\.3 kn\) at \d\d:\d\d:\d\d\.$/,
    );
    await page.screenshot({ path: '/tmp/h20-units-alert.png' });
    // What main stored is unchanged: m/s, the store's unit.
    const stored = await app.rest<{ items: { message: string }[] }>('/api/alerts');
    expect(stored.items[0]?.message).toMatch(/went above 10 m\/s \(12\.5 m\/s\)/);
    await chooseUnits({ speed: 'km/h' });
    await page.getByRole('tab', { name: 'Alerts' }).click();
    expect(await message.first().textContent()).toMatch(/went above 36\.0 km\/h \(45\.0 km\/h\)/);
    await chooseUnits({ speed: 'kn' });
  });

  it("starts a new rule's value in the chosen speed unit, and altitude in feet", async () => {
    await page.getByRole('tab', { name: 'Rules' }).click();
    await page.getByRole('button', { name: 'New rule' }).click();
    const editor = page.getByRole('form', { name: 'New rule' });
    await editor.getByRole('combobox', { name: 'Trigger' }).selectOption('speed_above');
    expect(await editor.getByRole('combobox', { name: 'Unit' }).inputValue()).toBe('kn');
    await editor.getByRole('spinbutton', { name: 'Speed' }).fill('10');
    await page.screenshot({ path: '/tmp/h20-units-rule.png' });
    await editor.getByRole('combobox', { name: 'Trigger' }).selectOption('altitude_above');
    expect(await editor.getByRole('combobox', { name: 'Unit' }).inputValue()).toBe('ft');
    // Feet chosen: a proximity distance is typed in feet too.
    await editor.getByRole('combobox', { name: 'Trigger' }).selectOption('proximity');
    await editor.getByRole('spinbutton', { name: 'Closer than (ft)' }).fill('500');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'units-rule-proximity-ft.png') });
    await editor.getByRole('button', { name: 'Cancel' }).click();
  });

  it('draws the scale bar and the range rings in feet and miles, with the step field in miles', async () => {
    const scale = page.locator('.leaflet-control-scale-line');
    expect(await scale.count()).toBe(1);
    expect(await scale.first().textContent()).toMatch(/^\d+ (ft|mi)$/);
    await page.getByRole('tab', { name: 'Objects' }).click();
    // A double click opens the detail, which has the range rings button.
    await page.getByTestId('object-row').filter({ hasText: 'Fast Boat' }).dblclick();
    await page.getByTestId('object-detail').waitFor();
    await page.getByTestId('rings-toggle').click();
    const rings = page.getByTestId('range-rings-text');
    await rings.waitFor();
    expect(await rings.textContent()).toMatch(/^Range rings around Fast Boat: .*(ft|mi).* \(auto\)$/);
    const labels = await page.getByTestId('ring-label').allTextContents();
    expect(labels).toHaveLength(5);
    for (const l of labels) expect(l).toMatch(/^[\d,.]+ (ft|mi)$/);
    expect(await page.getByTestId('range-rings').textContent()).toContain('mi');
    await page.getByTestId('ring-step').fill('1');
    await page.getByTestId('ring-step').press('Enter');
    await expect
      .poll(() => page.getByTestId('ring-label').allTextContents())
      .toEqual(['1 mi', '2 mi', '3 mi', '4 mi', '5 mi']);
    await page.screenshot({ path: '/tmp/h20-units-rings.png' });
    // Back to metres: the scale bar and the rings follow.
    await chooseUnits({ speed: 'kn', altitude: 'm' });
    await expect.poll(async () => (await scale.first().textContent()) ?? '').toMatch(/^\d+ (m|km)$/);
    await expect.poll(() => page.getByTestId('ring-label').first().textContent()).toBe('1.6 km');
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

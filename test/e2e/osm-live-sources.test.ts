/**
 * The `overpass` source in the window against the real headless twin in Debian's Chromium: the form
 * offers its template and hint, and its card says what the last answer of a local server replaying
 * a real Overpass answer (osmtogeojson's map.json) held. Screenshots: test-output/screenshots/
 * (osm-live-*) and /tmp/h18-*.png.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';

const fixtures = join(__dirname, '..', 'fixtures');
const MAP = readFileSync(join(fixtures, 'osm', 'map.json'));
const STATUS_FREE = readFileSync(join(fixtures, 'osm-live', 'overpass-status-free.txt'));

let app: HeadlessApp;
let browser: Browser;
let page: Page;
let overpass: Server;
let overpassUrl: string;
const consoleErrors: string[] = [];
const shot = async (name: string, target: Page | Locator = page) => {
  await target.screenshot({ path: join(SCREENSHOT_DIR, `osm-live-${name}.png`) });
  await target.screenshot({ path: `/tmp/h18-${name}.png` });
};

beforeAll(async () => {
  overpass = createServer((req, res) => {
    if (req.url?.startsWith('/api/status')) res.writeHead(200, { 'content-type': 'text/plain' }).end(STATUS_FREE);
    else res.writeHead(200, { 'content-type': 'application/json' }).end(MAP);
  });
  await new Promise<void>((resolve) => overpass.listen(0, '127.0.0.1', resolve));
  overpassUrl = `http://127.0.0.1:${(overpass.address() as AddressInfo).port}/api/interpreter`;
  app = await startHeadlessApp();
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
  await page.goto(app.ready.url);
  await page.getByTestId('tab-sources').click();
});

afterAll(async () => {
  overpass?.closeAllConnections();
  overpass?.close();
  await browser?.close();
  await app?.stop();
});

describe('overpass source (headless twin, Chromium)', () => {
  it('offers the template and hint, and the card shows the answer’s element count and data time', async () => {
    await page.getByTestId('source-new').click();
    await page.getByTestId('source-name').fill('Eppan watch');
    await page.getByTestId('source-type').selectOption('overpass');
    const form = page.getByTestId('source-form');
    await form.getByText(/Runs an Overpass QL query/).waitFor();
    const template = JSON.parse(await page.getByTestId('source-connection-info').inputValue()) as Record<
      string,
      unknown
    >;
    expect(template.query).toContain('[out:json]');
    expect(template.query).toContain('{{bbox}}');
    await shot('overpass-form', form);

    const info = {
      url: overpassUrl,
      query: '[out:json][timeout:25];nwr({{bbox}});out meta;>;out meta;',
      bbox: [11.25, 46.45, 11.26, 46.46],
      interval_ms: 600000,
    };
    await page.getByTestId('source-connection-info').fill(JSON.stringify(info, null, 2));
    await page.getByTestId('source-save').click();
    const card = page.getByTestId('source-card').filter({ hasText: 'Eppan watch' });
    await card
      .getByTestId('source-state')
      .getByText(/polling every 10 min, last answer .* ago \(96 elements, data as of 2014-03-13T12:44:02Z\)/)
      .waitFor();
    // The 23 objects the import's geometry builder makes of the answer's 96 elements.
    await card.getByText(/\b23 stored\b/).waitFor();
    expect(await card.getByTestId('push-token').count()).toBe(0);
    await shot('overpass-card', card);
    await shot('overpass-sources-tab');
    expect(consoleErrors).toEqual([]);
  });
});

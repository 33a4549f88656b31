/**
 * The live OSM sources in the window against the real headless twin in Debian's Chromium: the
 * `overpass` form offers its template and hint, and its card says what the last answer of a local
 * server replaying a real Overpass answer (osmtogeojson's map.json) held; "Watch upstream" in an
 * OSM object's detail adds the element to an `osm_api` source (pointed at a local server: no test
 * reaches the real API); an `osm_replication` source reading a local folder of real diffs (no
 * network) says its last applied sequence and data time. Screenshots: test-output/screenshots/ (osm-live-*) and /tmp/h18-*.png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
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
    else if (req.url?.startsWith('/api/interpreter'))
      res.writeHead(200, { 'content-type': 'application/json' }).end(MAP);
    // The OSM API's answer for an element it does not have.
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
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

  it('adds an OSM object to an osm_api source with "Watch upstream" and says where, beside the button', async () => {
    const apiBase = overpassUrl.replace('/api/interpreter', '');
    await app.rest('/api/data-sources', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Upstream watch',
        type: 'osm_api',
        connection_info: { url: apiBase, watch: ['node/123'], format: 'xml', interval_ms: 600000 },
      }),
    });
    await page.goto(app.ready.url);
    await page.getByTestId('filter-input').fill('name~"Pfarrkirche"');
    await page.getByTestId('filter-apply').click();
    await page.getByTestId('object-row').first().dblclick();
    const detail = page.getByTestId('object-detail');
    await detail.waitFor();
    await detail.getByTestId('watch-upstream').click();
    await detail
      .getByTestId('detail-action-status')
      .getByText("Watching way/33748706 upstream in 'Upstream watch'.", { exact: true })
      .waitFor();
    await shot('watch-upstream', detail);
    const sources = await app.rest<{ items: Array<{ name: string; connection_info: { watch?: string[] } }> }>(
      '/api/data-sources',
    );
    expect(sources.items.find((s) => s.name === 'Upstream watch')?.connection_info.watch).toEqual([
      'node/123',
      'way/33748706',
    ]);
    await detail.getByTestId('watch-upstream').click();
    await detail
      .getByTestId('detail-action-status')
      .getByText("way/33748706 is already watched upstream by 'Upstream watch'.", { exact: true })
      .waitFor();
    expect(consoleErrors).toEqual([]);
  });
});

describe('osm_replication source (headless twin, Chromium)', () => {
  it('applies a local folder of real diffs and the card says the last applied sequence and its data time', async () => {
    // osmium-tool's two test diffs and pyosmium's real minutely diff (fixtures/SOURCES.md) as sequences 7–9.
    const dir = mkdtempSync(join(tmpdir(), 'e2e-replication-'));
    const diffs = [
      ['osmium-merge-change1.osc', '2015-01-01T01:00:00Z'],
      ['osmium-merge-change2.osc', '2015-01-01T02:00:00Z'],
      ['pyosmium-example-test.osc', '2016-07-02T21:35:02Z'],
    ] as const;
    const state = (n: number, at: string) => `sequenceNumber=${n}\ntimestamp=${at.replace(/:/g, '\\:')}\n`;
    diffs.forEach(([file, at], i) => {
      const base = join(dir, '000', '000', `00${7 + i}`);
      mkdirSync(dirname(base), { recursive: true });
      writeFileSync(`${base}.osc.gz`, gzipSync(readFileSync(join(fixtures, 'osm-live', file))));
      writeFileSync(`${base}.state.txt`, state(7 + i, at));
    });
    writeFileSync(join(dir, 'state.txt'), state(9, diffs[2][1]));
    try {
      await page.goto(app.ready.url);
      await page.getByTestId('tab-sources').click();
      await page.getByTestId('source-new').click();
      await page.getByTestId('source-name').fill('Diffs on disk');
      await page.getByTestId('source-type').selectOption('osm_replication');
      await page
        .getByTestId('source-form')
        .getByText(/Applies OSM replication diffs/)
        .waitFor();
      const info = { directory: dir, area: [0, 0, 20, 50], interval_ms: 60000, start_sequence: 7 };
      await page.getByTestId('source-connection-info').fill(JSON.stringify(info, null, 2));
      await page.getByTestId('source-save').click();
      const card = page.getByTestId('source-card').filter({ hasText: 'Diffs on disk' });
      await card
        .getByTestId('source-state')
        .getByText(/polling every 60 s, last answer .* ago \(sequence 9, data as of 2016-07-02T21:35:02Z\)/)
        .waitFor();
      expect(await card.getByTestId('push-token').count()).toBe(0);
      await shot('replication-card', card);
      await shot('replication-sources-tab');

      // Way 21's upstream versions in its detail, each with a link to its changeset on openstreetmap.org.
      await page.goto(app.ready.url);
      await page.getByTestId('filter-input').fill('type:way xyz=new');
      await page.getByTestId('filter-apply').click();
      await page.getByTestId('object-row').first().dblclick();
      const detail = page.getByTestId('object-detail');
      const link = detail.getByTestId('tag-changes').getByTestId('changeset-link').first();
      await link.waitFor();
      expect(await link.textContent()).toBe('changeset 2');
      expect(await link.getAttribute('href')).toBe('https://www.openstreetmap.org/changeset/2');
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
      await shot('replication-changeset-link', detail);
      expect(consoleErrors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Source cards against the real headless twin in Debian's Chromium: only a push source shows a push
 * token; a push source's status counts its connected publishers (a real `ws` publisher); the
 * listener and poller words come from their status; a disabled Create says why.
 * Screenshots go to test-output/screenshots/ (source-cards-*).
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import WebSocket from 'ws';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const shot = (name: string, target: Page | Locator = page) =>
  target.screenshot({ path: join(SCREENSHOT_DIR, `source-cards-${name}.png`) });

const card = (name: string) => page.getByTestId('source-card').filter({ hasText: name });

/** Opens the form, fills name, type and connection info, and presses Create. */
async function createInUi(name: string, type: string, info: string): Promise<void> {
  await page.getByTestId('source-new').click();
  await page.getByTestId('source-name').fill(name);
  await page.getByTestId('source-type').selectOption(type);
  await page.getByTestId('source-connection-info').fill(info);
  await page.getByTestId('source-save').click();
  await card(name).waitFor();
}

/** A publisher connected to the hub with the source's push token; resolves once the socket is open. */
function connectPublisher(sourceId: string, token: string, clientId: string): Promise<WebSocket> {
  const url = `${app.base.replace(/^http/, 'ws')}/api/ws/data-source/${sourceId}/${clientId}`;
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** A port nothing listens on now (bound, read and released). */
async function freePort(): Promise<number> {
  const srv = createTcpServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** A feed a rest source can poll: one GeoJSON point. */
let feed: Server;

beforeAll(async () => {
  feed = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ osm_id: 'buoy-1', type: 'node', tags: { kind: 'sensor' }, geom: 'POINT(10 53.5)' }));
  });
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  app = await startHeadlessApp();
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
  await page.goto(app.ready.url);
  await page.getByTestId('tab-sources').click();
});

afterAll(async () => {
  feed?.close();
  await browser?.close();
  await app?.stop();
});

describe('source cards (headless twin, Chromium)', () => {
  it('shows no push token for a simulator source, not after Create and not on its card', async () => {
    await createInUi('Harbour simulator', 'simulator', '{"count": 5, "rate_per_s": 5, "seed": 3}');
    const sim = card('Harbour simulator');
    await sim.getByTestId('source-state').getByText('running').waitFor();
    expect(await page.getByTestId('token-notice').count()).toBe(0);
    expect(await sim.getByTestId('push-token').count()).toBe(0);
    expect(await sim.getByRole('button', { name: 'Rotate token' }).count()).toBe(0);
    expect(await sim.textContent()).not.toMatch(/token|Publish to/i);
    await shot('simulator', sim);
  });

  it('says why Create is disabled: the missing name, then the invalid connection info', async () => {
    await page.getByTestId('source-new').click();
    const save = page.getByTestId('source-save');
    const why = page.getByTestId('source-save-why');
    expect(await save.isDisabled()).toBe(true);
    expect(await why.textContent()).toBe('Fill in a name.');
    expect(await save.getAttribute('title')).toBe('Fill in a name.');
    expect(await save.getAttribute('aria-describedby')).toBe(await why.getAttribute('id'));
    await shot('create-missing-name', page.getByTestId('source-form'));

    await page.getByTestId('source-name').fill('Feed');
    await page.getByTestId('source-type').selectOption('websocket');
    await page.getByTestId('source-connection-info').fill('{"url": "http://example.org/feed"}');
    const reason =
      "Fix the connection info: Field 'connection_info.url' must use ws:// or wss://, got 'http://example.org/feed'.";
    await why.getByText(reason).waitFor();
    expect(await save.getAttribute('title')).toBe(reason);
    await shot('create-invalid-info', page.getByTestId('source-form'));

    await page.getByTestId('source-connection-info').fill('{}');
    await why.waitFor({ state: 'detached' });
    expect(await save.isDisabled()).toBe(false);
    expect(await save.getAttribute('aria-describedby')).toBeNull();
    await page.getByTestId('source-form').getByRole('button', { name: 'Cancel' }).click();
  });

  it('counts the publishers connected to a websocket source, and goes back when they leave', async () => {
    await createInUi('Harbour publishers', 'websocket', '{}');
    const pub = card('Harbour publishers');
    const token = (await pub.getByTestId('token-value').textContent()) ?? '';
    expect(token.length).toBeGreaterThan(20);
    const sourceId = (await pub.getAttribute('data-source-id')) ?? '';
    await pub.getByRole('button', { name: 'I have copied it' }).click();
    const state = pub.getByTestId('source-state');
    await state.getByText('waiting for publishers').waitFor();
    expect(await pub.getByRole('button', { name: 'Rotate token' }).count()).toBe(1);
    await shot('websocket-waiting', pub);

    const first = await connectPublisher(sourceId, token, 'boat-1');
    await state.getByText('1 publisher connected', { exact: true }).waitFor();
    await shot('websocket-one-publisher', pub);
    const second = await connectPublisher(sourceId, token, 'boat-2');
    await state.getByText('2 publishers connected', { exact: true }).waitFor();
    second.close();
    await state.getByText('1 publisher connected', { exact: true }).waitFor();
    first.close();
    await state.getByText('waiting for publishers').waitFor();
  });

  it('rotates the push token on the card and shows the new one once, with Copy', async () => {
    const pub = card('Harbour publishers');
    await pub.getByRole('button', { name: 'Rotate token' }).click();
    await pub.getByTestId('token-notice').waitFor();
    expect(await pub.getByTestId('token-notice').getByRole('button', { name: 'Copy' }).count()).toBeGreaterThan(0);
    await shot('websocket-rotated', pub);
    await pub.getByRole('button', { name: 'I have copied it' }).click();
    await pub.getByTestId('push-token').waitFor();
  });

  it('says where a listener is bound', async () => {
    const port = await freePort();
    await createInUi('Phones', 'osmand', `{"host": "127.0.0.1", "port": ${port}}`);
    const phones = card('Phones');
    await phones.getByTestId('source-state').getByText(`listening on 127.0.0.1:${port}`, { exact: true }).waitFor();
    expect(await phones.getByTestId('push-token').count()).toBe(0);
    await shot('listener', phones);
  });

  it("gives a poller's interval and the age of its last answer", async () => {
    const { port } = feed.address() as AddressInfo;
    await createInUi('Buoys', 'rest', `{"url": "http://127.0.0.1:${port}/buoys.json", "interval_s": 5}`);
    const buoys = card('Buoys');
    await buoys
      .getByTestId('source-state')
      .getByText(/^polling every 5 s, last answer [0-9] s ago$/)
      .waitFor();
    expect(await buoys.getByTestId('push-token').count()).toBe(0);
    await shot('poller', buoys);
    await shot('panel', page.getByTestId('sources-panel'));
  });

  it("keeps an imported file's long source name on one line in its filter chip", async () => {
    const name = 'harbour-vessels-2024-06-01-morning-shift-north-quay.geojson';
    await app.rest('/api/data-sources', {
      method: 'POST',
      body: JSON.stringify({ name, type: 'file', is_active: false }),
    });
    await page.reload();
    const chip = page.getByTitle(name, { exact: true });
    await chip.waitFor();
    const box = await chip.evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      line: parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.5,
      cut: el.scrollWidth > el.clientWidth,
    }));
    expect(box.height).toBeLessThan(box.line * 2);
    expect(box.cut).toBe(true);
    await shot('chips', page.locator('.chips'));
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

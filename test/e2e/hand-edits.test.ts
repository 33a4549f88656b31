/**
 * Hand edits that last (issue 20 §1) against the real headless twin in Debian's Chromium: a tag
 * edited in the detail panel keeps its value when the feed sends the next update (the feed's other
 * keys still change), the row says it was edited and what the feed says, and "Use feed value" gives
 * the key back to the feed. Screenshots: 60–61-*.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { OsmObject } from '../../electron/contract/domain.js';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
let sourceId = '';
let objectId = '';
const consoleErrors: string[] = [];

/** The feed's k-th report of the ship: its name as the feed spells it, and a speed that changes. */
async function feed(k: number, name: string, speed: number): Promise<void> {
  await app.rest(`/api/data-sources/${sourceId}/objects`, {
    method: 'POST',
    body: JSON.stringify({
      type: 'objects',
      seq: k,
      objects: [
        {
          osm_id: '353136000',
          type: 'node',
          tags: { kind: 'ship', name, speed },
          geom: { type: 'Point', coordinates: [4.4 + k * 0.001, 51.9] },
          // Observed now: a hand edit counts as the newest observation (it sets observed_at).
          observed_at: new Date().toISOString(),
        },
      ],
    }),
  });
}

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
const valueOf = (key: string) => page.getByTestId(`tag-value-${key}`).inputValue();

beforeAll(async () => {
  app = await startHeadlessApp();
  sourceId = (
    await app.rest<{ id: string }>('/api/data-sources', {
      method: 'POST',
      body: JSON.stringify({ name: 'AIS feed', type: 'rest' }),
    })
  ).id;
  await feed(1, 'Ever Given', 5);
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('hand edits that last (headless twin, Chromium)', () => {
  it('keeps an edited name through the next feed update and shows the feed’s value beside it', async () => {
    await page.goto(`${app.ready.url}#map=12/51.900/4.410`);
    await page.getByTestId('object-row').first().dblclick();
    await page.getByTestId('object-detail').waitFor();
    objectId = (await page.getByTestId('object-detail').getAttribute('data-id')) ?? '';
    expect(await valueOf('name')).toBe('Ever Given');

    await page.getByTestId('tag-value-name').fill('EVER GIVEN (checked)');
    await page.getByTestId('tag-value-name').press('Enter');
    await page.getByTestId('tag-override-name').waitFor();
    expect(await page.getByTestId('tag-override-name').textContent()).toContain(
      'Edited by hand; the feed says “Ever Given”.',
    );

    await feed(2, 'EVERGIVEN', 7);
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=tag-value-speed]') as HTMLInputElement | null)?.value === '7',
    );
    expect(await valueOf('name')).toBe('EVER GIVEN (checked)');
    expect(await page.getByTestId('tag-override-name').textContent()).toContain(
      'Edited by hand; the feed says “EVERGIVEN”.',
    );
    await shot('60-hand-edit-kept');
    const stored = await app.rest<OsmObject>(`/api/objects/${objectId}`);
    expect(stored.tags).toMatchObject({ name: 'EVER GIVEN (checked)', speed: 7 });
    expect(stored.overrides).toEqual({ name: { value: 'EVER GIVEN (checked)', feed: 'EVERGIVEN' } });
  });

  it('gives the key back to the feed with “Use feed value”', async () => {
    await page.getByRole('button', { name: "Use the feed's value of name" }).click();
    await page.getByTestId('tag-override-name').waitFor({ state: 'detached' });
    expect(await valueOf('name')).toBe('EVERGIVEN');
    await shot('61-hand-edit-cleared');
    const stored = await app.rest<OsmObject>(`/api/objects/${objectId}`);
    expect(stored.tags.name).toBe('EVERGIVEN');
    expect(stored).not.toHaveProperty('overrides');
    await feed(3, 'Ever Given', 8);
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=tag-value-name]') as HTMLInputElement | null)?.value === 'Ever Given',
    );
    expect(consoleErrors).toEqual([]);
  });
});

/**
 * A stable session (issue 20 item 2) against the real headless twin in Chromium: a page with a
 * wrong or missing access key shows one full screen saying so (no app, no toasts), and "Rotate
 * access key" under Maps & files reloads the page with the new key, which keeps working while the
 * old one is refused. Screenshots: /tmp/shots/stale-key.png, /tmp/shots/access-key.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { STALE_KEY_MESSAGE } from '../../renderer/src/app/session-gate.js';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';

const SHOTS = '/tmp/shots';
let app: HeadlessApp;
let browser: Browser;

beforeAll(async () => {
  app = await startHeadlessApp();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The browser's own reports of the refused upgrade and key check; anything else is a fault. */
const isRefusalNoise = (text: string) =>
  /WebSocket connection to .* failed|Failed to load resource: the server responded with a status of 401/.test(text);

/** Status of a REST call with `token`. */
async function statusWith(token: string): Promise<number> {
  const res = await fetch(`${app.base}/api/data-sources`, { headers: { Authorization: `Bearer ${token}` } });
  return res.status;
}

describe('the access key (headless twin, Chromium)', () => {
  it.each([
    ['a wrong key', '/?token=a-key-from-some-earlier-run-0123456789abcdef'],
    ['no key', '/'],
  ])(
    'shows exactly one "out of date" screen for a page with %s',
    async (name, path) => {
      const errors: string[] = [];
      const page = await openAppPage(browser, errors);
      try {
        await page.goto(`${app.base}${path}`);
        const screen = page.getByTestId('stale-key-screen');
        await expect.poll(() => screen.count(), { timeout: 15_000 }).toBe(1);
        expect(await screen.getByRole('heading').innerText()).toBe(STALE_KEY_MESSAGE);
        // Nothing keeps trying: after a while it is still that one screen, with no app and no toasts.
        await page.waitForTimeout(2000);
        expect(await page.locator('.app').count()).toBe(0);
        expect(await page.getByTestId('notice').count()).toBe(0);
        expect(await page.getByRole('alert').count()).toBe(1);
        expect(errors.filter((e) => !isRefusalNoise(e))).toEqual([]);
        if (name === 'a wrong key') {
          await page.screenshot({ path: join(SHOTS, 'stale-key.png') });
          await page.screenshot({ path: join(SCREENSHOT_DIR, 'stale-key.png') });
        }
      } finally {
        await page.close();
      }
    },
    60_000,
  );

  it('rotates the key from Maps & files: the page reloads with the new key and keeps working', async () => {
    const errors: string[] = [];
    const page: Page = await openAppPage(browser, errors);
    const other: Page = await openAppPage(browser, []);
    try {
      const old = app.ready.token;
      await page.goto(app.ready.url);
      await other.goto(app.ready.url);
      await page.getByTestId('tab-offline').click();
      const section = page.getByTestId('access-key-section');
      await section.scrollIntoViewIfNeeded();
      await section.getByTestId('access-key-rotate').click();
      await expect.poll(() => section.getByTestId('access-key-confirm').count()).toBe(1);
      await section.screenshot({ path: join(SHOTS, 'access-key.png') });
      await section.screenshot({ path: join(SCREENSHOT_DIR, 'access-key.png') });
      await section.getByTestId('access-key-confirm').click();

      await page.waitForURL((url) => url.searchParams.get('token') !== old, { timeout: 15_000 });
      const fresh = new URL(page.url()).searchParams.get('token')!;
      expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await statusWith(old)).toBe(401);
      expect(await statusWith(fresh)).toBe(200);

      // The reloaded page works: a panel that calls the app fills in.
      await page.getByTestId('tab-offline').click();
      await expect.poll(() => page.getByTestId('history-figures').count(), { timeout: 15_000 }).toBe(1);
      expect(await page.getByTestId('stale-key-screen').count()).toBe(0);
      expect(await page.getByTestId('notice').count()).toBe(0);
      expect(errors).toEqual([]);

      // Another tab with the old key gets the one screen, not a stream of errors.
      await expect.poll(() => other.getByTestId('stale-key-screen').count(), { timeout: 15_000 }).toBe(1);
      expect(await other.getByTestId('notice').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, 'after-rotation.png') });
    } finally {
      await page.close();
      await other.close();
    }
  }, 90_000);
});

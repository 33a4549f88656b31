/**
 * The filter text's autocompletion against the real headless twin in Debian's Chromium: in the
 * filter bar `ki` offers `kind=`, a click accepts it, the stored kinds follow (most frequent first),
 * the keyboard picks one, Enter applies the filter; the same list works in the rule editor's filter
 * fields, where the keys the list takes never submit or cancel the form. Screenshot: 50-*.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });

/** Three ships, two cars and an aircraft near Hamburg. */
const OBJECTS = [
  ['ship', 'Ever Given', 6],
  ['ship', 'Maersk Elba', 4],
  ['ship', 'Cap San Diego', 0],
  ['car', 'Patrol 1', 12],
  ['car', 'Patrol 2', 9],
  ['aircraft', 'Christoph 29', 40],
] as const;

const list = () => page.getByRole('listbox', { name: 'Filter completions' });
const options = async () => (await list().getByRole('option').allTextContents()).map((t) => t.trim());

/** Waits until the open list's first options start with `labels` (each option reads its label, then a note). */
async function offers(labels: string[]): Promise<void> {
  await expect
    .poll(async () => {
      const shown = await options();
      return labels.every((l, i) => shown[i]?.startsWith(l)) ? labels : shown;
    })
    .toEqual(labels);
}

async function expectClosed(input: Locator): Promise<void> {
  await list().waitFor({ state: 'hidden' });
  expect(await input.getAttribute('aria-expanded')).toBe('false');
}

beforeAll(async () => {
  app = await startHeadlessApp();
  const source = await app.rest<{ id: string }>('/api/data-sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'Harbour feed', type: 'rest' }),
  });
  const now = Date.now();
  await app.rest(`/api/data-sources/${source.id}/objects`, {
    method: 'POST',
    body: JSON.stringify({
      type: 'objects',
      seq: 1,
      objects: OBJECTS.map(([kind, name, speed], i) => ({
        osm_id: `o${i}`,
        type: 'node',
        tags: { kind, name, speed },
        geom: { type: 'Point', coordinates: [9.9 + i * 0.02, 53.54] },
        observed_at: new Date(now - i * 1000).toISOString(),
      })),
    }),
  });
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('filter autocompletion (headless twin, Chromium)', () => {
  it('offers kind= for "ki" in the filter bar, as an ARIA combobox', async () => {
    await page.goto(`${app.ready.url}#map=11/53.540/9.960`);
    await page.getByTestId('tab-objects').click();
    await page
      .getByTestId('object-row')
      .nth(OBJECTS.length - 1)
      .waitFor();
    const input = page.getByRole('combobox', { name: 'Filter (text syntax)' });
    await input.click();
    await input.pressSequentially('ki', { delay: 30 });
    await offers(['kind=', 'kind:']);
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    expect(await input.getAttribute('aria-controls')).toBe(await list().getAttribute('id'));
    expect((await options())[0]).toMatch(/^kind=tag · 6 objects$/);
  });

  it('accepts kind= with a click, then offers the stored kinds, most frequent first', async () => {
    const input = page.getByRole('combobox', { name: 'Filter (text syntax)' });
    await list()
      .getByRole('option', { name: /^kind=/ })
      .click();
    expect(await input.inputValue()).toBe('kind=');
    await offers(['ship', 'car', 'aircraft']);
    expect(await options()).toEqual(['ship3 objects', 'car2 objects', 'aircraft1 object']);
    await page.keyboard.press('ArrowDown');
    const active = await input.getAttribute('aria-activedescendant');
    expect(active).toBeTruthy();
    expect(await page.locator(`[id="${active}"]`).getAttribute('aria-selected')).toBe('true');
    await shot('50-filter-completion');
  });

  it('accepts a kind with the keyboard, and Enter then applies the filter', async () => {
    const input = page.getByRole('combobox', { name: 'Filter (text syntax)' });
    await page.keyboard.press('Enter');
    expect(await input.inputValue()).toBe('kind=ship');
    await expectClosed(input);
    expect(await input.evaluate((e: HTMLInputElement) => e.selectionStart)).toBe('kind=ship'.length);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid=object-row]')];
      return rows.length === 3 && rows.every((r) => r.children[1]?.textContent === 'ship');
    });
  });

  it('closes on Escape without reverting the text, and a second Escape reverts as before', async () => {
    const input = page.getByRole('combobox', { name: 'Filter (text syntax)' });
    await input.press('End');
    await input.pressSequentially(' -st', { delay: 30 });
    await offers(['-stale']);
    await input.press('Escape');
    await expectClosed(input);
    expect(await input.inputValue()).toBe('kind=ship -st');
    await input.press('Escape');
    expect(await input.inputValue()).toBe('kind=ship');
  });

  it('works the same in the rule editor, where the keys it takes never submit the form', async () => {
    await page.getByRole('tab', { name: 'Rules' }).click();
    await page.getByRole('button', { name: 'New rule' }).click();
    const editor = page.getByRole('form', { name: 'New rule' });
    const input = editor.getByRole('combobox', { name: 'Objects (filter)' });
    await input.click();
    await input.pressSequentially('ty', { delay: 30 });
    await offers(['type:']);
    await input.press('Tab');
    expect(await input.inputValue()).toBe('type:');
    await offers(['node', 'way', 'relation']);
    await input.press('Escape');
    await expectClosed(input);
    // Escape closed the list only: the editor is still open.
    await editor.waitFor();
    await input.fill('');
    await input.pressSequentially('kind=c', { delay: 30 });
    await offers(['car']);
    await input.press('ArrowDown');
    await input.press('Enter');
    expect(await input.inputValue()).toBe('kind=car');
    await editor.getByText('2 objects match now').waitFor();
    expect(await page.getByTestId('rule-row').count()).toBe(0);
  });

  it('completes the proximity rule\'s "Other objects" filter too', async () => {
    const editor = page.getByRole('form', { name: 'New rule' });
    await editor.getByRole('combobox', { name: 'Trigger' }).selectOption('proximity');
    const other = editor.getByRole('combobox', { name: 'Other objects (filter, optional)' });
    await other.click();
    await other.pressSequentially('sp', { delay: 30 });
    await offers(['speed=']);
    await other.press('Tab');
    expect(await other.inputValue()).toBe('speed=');
    await offers(['0', '12']);
    await other.press('Escape');
    await editor.getByRole('button', { name: 'Cancel' }).click();
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

/**
 * A new user's first run, scripted from the README (issue 20, "Done when"): its set-up commands
 * exist, `npm run serve` started exactly as the README says prints the link, the link opens the
 * app in Debian's Chromium, then in the README's words: Sources → New source, Name, Type
 * `simulator`, Create; filter; select a ship; edit its name in the Detail tab; wait for the feed's
 * next update (the edit stays, "Edited by hand; the feed says …"); export, and GDAL reads the file
 * with as many features as the filter selects. Screenshots: new-user-*.png (CI keeps them).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { OsmObject } from '../../electron/contract/domain.js';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';

const README = readFileSync('README.md', 'utf8');
const SCRIPTS = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

let app: HeadlessApp;
let browser: Browser;
let page: Page;
let objectId = '';
const consoleErrors: string[] = [];
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `new-user-${name}.png`) });

/** The shell commands of the README's "Set up and run" section, one per line, comments dropped. */
function setUpCommands(): string[] {
  const section = README.slice(
    README.indexOf('## Set up and run'),
    README.indexOf('\n## ', README.indexOf('## Set up and run') + 1),
  );
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
    m[1]!
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter(Boolean),
  );
}

beforeAll(async () => {
  app = await startHeadlessApp({ viaNpm: true });
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors, { acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('a new user, from the top of the README (headless twin, Chromium)', () => {
  it('finds set-up commands that exist: npm install, then npm start or npm run serve', () => {
    const commands = setUpCommands();
    expect(commands[0]).toBe('npm install');
    expect(commands).toContain('npm start');
    expect(commands).toContain('npm run serve');
    for (const c of commands.filter((x) => x.startsWith('npm run ') || x === 'npm start')) {
      const script = c === 'npm start' ? 'start' : c.split(' ')[2]!;
      expect(SCRIPTS, `README runs '${c}'`).toHaveProperty(script);
    }
  });

  it('opens the link `npm run serve` printed, on the embedded SQLite database', async () => {
    expect(app.ready.database).toMatch(/^sqlite:.*tracker\.db$/);
    await page.goto(app.ready.url);
    await page.getByTestId('status-bar').getByText('hub http').waitFor();
    await shot('1-first-start');
  });

  it('adds the simulator as the README says: Sources, New source, Name, Type simulator, Create', async () => {
    await page.getByRole('tab', { name: 'Sources' }).click();
    await page.getByRole('button', { name: 'New source' }).click();
    await page.getByLabel('Name').fill('My simulator');
    expect(await page.getByLabel('Type').inputValue()).toBe('simulator');
    await page.getByRole('button', { name: 'Create' }).click();
    const card = page.getByTestId('source-card').filter({ hasText: 'My simulator' });
    await card.getByText('running').waitFor();
    await card.getByRole('button', { name: 'Show on map' }).click();
    await shot('2-simulator-running');
  });

  it('filters the ships', async () => {
    await page.getByRole('tab', { name: 'Objects' }).click();
    await page.getByTestId('filter-input').fill('kind=ship');
    await page.getByTestId('filter-input').press('Enter');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid=object-row]')];
      return rows.length > 0 && rows.every((r) => r.children[1]?.textContent === 'ship');
    });
    await shot('3-ships');
  });

  it('selects a ship and renames it in the Detail tab; the name outlives the next feed update', async () => {
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await page.getByTestId('object-row').first().dblclick();
    await page.getByTestId('object-detail').waitFor();
    objectId = (await page.getByTestId('object-detail').getAttribute('data-id')) ?? '';
    const feedName = await page.getByLabel('Value of name', { exact: true }).inputValue();
    await page.getByLabel('Value of name', { exact: true }).fill('Checked by analyst');
    await page.getByLabel('Value of name', { exact: true }).press('Enter');
    await page.getByLabel('edited by hand').waitFor();
    const edited = await app.rest<OsmObject>(`/api/objects/${objectId}`);
    // The simulator reports every object every 5 s: wait for a newer observation than the edit.
    await expect
      .poll(async () => (await app.rest<OsmObject>(`/api/objects/${objectId}`)).observed_at > edited.observed_at, {
        timeout: 20_000,
      })
      .toBe(true);
    const after = await app.rest<OsmObject>(`/api/objects/${objectId}`);
    expect(after.tags.name).toBe('Checked by analyst');
    expect(after.overrides?.name).toEqual({ value: 'Checked by analyst', feed: feedName });
    expect(await page.getByLabel('Value of name', { exact: true }).inputValue()).toBe('Checked by analyst');
    await page.getByText(`Edited by hand; the feed says “${feedName}”.`).waitFor();
    await shot('4-edited');
  });

  it('exports what the filter selects, and GDAL reads it back', async () => {
    await page.getByRole('tab', { name: 'Objects' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export' }).click(),
    ]);
    const file = join(SCREENSHOT_DIR, '..', 'new-user-ships.geojson');
    await download.saveAs(file);
    const info = execFileSync('ogrinfo', ['-ro', '-so', '-al', file], { encoding: 'utf8' });
    const features = Number(/Feature Count: (\d+)/.exec(info)?.[1]);
    const ships = await app.rest<{ total: number }>('/api/objects?kind=ship&limit=1');
    expect(features).toBe(ships.total);
    expect(features).toBeGreaterThan(0);
    const fc = JSON.parse(readFileSync(file, 'utf8')) as {
      features: { id?: string; properties: Record<string, unknown> }[];
    };
    expect(fc.features.find((f) => f.properties.name === 'Checked by analyst')).toBeDefined();
    await shot('5-exported');
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

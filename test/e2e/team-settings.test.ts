/**
 * The "Team database" settings (issue 19 items 2 and 4) against the real headless twin in Chromium
 * and a real, password-checking Postgres (a private server, test/reliability/private-postgres.ts):
 * a wrong password is reported by "Test connection", the right one connects, "Save" keeps the URL
 * without the password and the password encrypted, says the change applies at the next start, and
 * after a restart the app is in the team and its status bar says "team: synced".
 * Screenshots: test-output/screenshots/team-settings{,-joined}.png.
 * Runs where TEST_DATABASE_URL is set (Postgres is installed there, as in CI).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgTestDatabase, pgTestUrl } from '../db/store-targets.js';
import { startPrivatePostgres, type PrivatePostgres } from '../reliability/private-postgres.js';
import { launchChromium, openAppPage, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';

const baseUrl = pgTestUrl();

describe.runIf(baseUrl)('team database settings (headless twin, Chromium, real Postgres)', () => {
  let server: PrivatePostgres;
  let app: HeadlessApp | undefined;
  let browser: Browser;
  let dataDir: string;
  let bare: string;
  let password: string;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startPrivatePostgres();
    const { url } = await createPgTestDatabase(server.url);
    const u = new URL(url);
    password = decodeURIComponent(u.password);
    u.password = '';
    bare = u.toString();
    dataDir = mkdtempSync(join(tmpdir(), 'team-settings-e2e-'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    server?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tests, saves and, after a restart, joins the team database without ever showing the password', async () => {
    app = await startHeadlessApp({ dataDir });
    let page = await openAppPage(browser, errors);
    await page.goto(app.ready.url);
    await page.getByTestId('tab-offline').click();
    let section = page.getByTestId('team-section');
    await section.scrollIntoViewIfNeeded();
    expect(await section.getByTestId('team-in-use').textContent()).toBe('Not in a team now.');
    expect(await section.getByTestId('team-password').getAttribute('placeholder')).toBe('none saved');

    await section.getByTestId('team-url').fill(bare);
    await section.getByTestId('team-password').fill('not-the-password');
    await section.getByTestId('team-test').click();
    await expect
      .poll(() => section.getByTestId('team-test-result').textContent())
      .toMatch(/^Could not connect to postgres:\/\/tracker@127\.0\.0\.1:\d+\/\w+: password authentication failed/);

    await section.getByTestId('team-password').fill(password);
    await section.getByTestId('team-test').click();
    await expect
      .poll(() => section.getByTestId('team-test-result').textContent())
      .toMatch(/^Connected to postgres:\/\/tracker@127\.0\.0\.1:\d+\/\w+ \(PostgreSQL \d+/);

    await section.getByTestId('team-save').click();
    await section.getByTestId('team-restart').waitFor();
    expect(await section.getByTestId('team-restart').textContent()).toBe(
      'Saved. The change applies when the app starts again.',
    );
    expect(await section.getByTestId('team-password').inputValue()).toBe('');
    expect(await section.getByTestId('team-password').getAttribute('placeholder')).toBe('saved (type to replace)');
    expect(await section.getByTestId('team-url').inputValue()).toBe(bare);
    const settings = readFileSync(join(dataDir, 'settings.json'), 'utf8');
    expect(settings).not.toContain(password);
    expect(JSON.parse(settings)).toMatchObject({ teamDatabaseUrl: bare, teamDatabasePasswordSealed: /^enc:v1:/ });
    expect(await page.content()).not.toContain(password);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'team-settings.png') });
    await page.close();

    // The next start joins: the section names the database in use and the status bar the sync.
    await app.stop();
    app = await startHeadlessApp({ dataDir });
    page = await openAppPage(browser, errors);
    await page.goto(app.ready.url);
    await expect.poll(() => page.getByTestId('status-team').textContent(), { timeout: 30_000 }).toBe('team: synced');
    await page.getByTestId('tab-offline').click();
    section = page.getByTestId('team-section');
    await section.scrollIntoViewIfNeeded();
    expect(await section.getByTestId('team-in-use').textContent()).toBe(`In use now: ${bare}`);
    expect(await section.getByTestId('team-restart').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'team-settings-joined.png') });
    expect(errors).toEqual([]);
  });
});

describe.runIf(!baseUrl)('team database settings (headless twin, Chromium, real Postgres)', () => {
  it.skip('needs TEST_DATABASE_URL', () => undefined);
});

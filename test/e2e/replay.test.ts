/**
 * Replay against the real headless twin in Debian's Chromium: positions pushed through the hub at
 * known past times, the "Time" slider dragged back shows an aircraft at its old position (through
 * the map's own hit test and tooltip) with its trail, the detail panel shows its track, profile and
 * tag changes, and "Live" brings back the newest position. Screenshots: 30–33-replay-*.png.
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
const MIN = 60_000;
const T0 = Date.now();
/** Minutes before T0 of the first and last positions of the early leg, and of the newest position. */
const START = 40;
const LEG_END = 30;
const NEWEST = 2;
const OLD_POS: [number, number] = [7.42, 43.72];
const NEW_POS: [number, number] = [7.46, 43.745];
const BOATS = 5;

const iso = (minutesAgo: number) => new Date(T0 - minutesAgo * MIN).toISOString();

async function push(sourceId: string, objects: unknown[]): Promise<void> {
  await app.rest(`/api/data-sources/${sourceId}/objects`, {
    method: 'POST',
    body: JSON.stringify({ type: 'objects', seq: 1, objects }),
  });
}

/** The aircraft and five boats at minute k of the early leg (one position a minute). */
function legAt(k: number): unknown[] {
  const at = iso(START - k);
  const plane = {
    osm_id: 'plane',
    type: 'node',
    tags: { kind: 'aircraft', name: 'Old Name', speed: 40 + k * 3, altitude: 300 + k * 60, heading: 90 },
    geom: { type: 'Point', coordinates: [OLD_POS[0] - (10 - k) * 0.002, OLD_POS[1]] },
    observed_at: at,
  };
  const boats = Array.from({ length: BOATS }, (_, b) => ({
    osm_id: `boat-${b}`,
    type: 'node',
    tags: { kind: 'ship', name: `Boat ${b}`, speed: 4, heading: 45 },
    geom: { type: 'Point', coordinates: [7.4 + k * 0.0015 + b * 0.004, 43.7 + k * 0.0012 + b * 0.003] },
    observed_at: at,
  }));
  return [plane, ...boats];
}

/** Hovers a position until the map's tooltip names what is there (or says nothing is), or times out. */
async function tooltipAt(pos: [number, number], until: (text: string | null) => boolean): Promise<string | null> {
  const [x, y] = await screenOf(page, pos);
  let text: string | null = null;
  for (let i = 0; i < 60; i++) {
    await page.mouse.move(x + (i % 2), y);
    const tip = page.getByTestId('map-tooltip');
    text = (await tip.count()) ? await tip.textContent() : null;
    if (until(text)) return text;
    await page.waitForTimeout(150);
  }
  return text;
}

/** The local "YYYY-MM-DD HH:MM:SS" the time bar shows, as epoch ms. */
function parseLocal(text: string): number {
  const m = /(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/.exec(text);
  if (!m) throw new Error(`The time bar shows no moment: "${text}"`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(y!, mo! - 1, d!, h!, mi!, s!).getTime();
}

beforeAll(async () => {
  app = await startHeadlessApp();
  const source = await app.rest<{ id: string }>('/api/data-sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'Airfield feed', type: 'rest' }),
  });
  for (let k = 0; k <= START - LEG_END; k++) await push(source.id, legAt(k));
  await push(source.id, [
    {
      osm_id: 'plane',
      type: 'node',
      tags: { kind: 'aircraft', name: 'Replay Plane', speed: 70, altitude: 900, heading: 60 },
      geom: { type: 'Point', coordinates: NEW_POS },
      observed_at: iso(NEWEST),
    },
  ]);
  browser = await launchChromium();
  page = await openAppPage(browser, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('replay (headless twin, Chromium)', () => {
  it('opens live with the newest position and a time bar over the stored range', async () => {
    await page.goto(`${app.ready.url}#map=14/43.728/7.43`);
    await page.waitForFunction(() =>
      /^6 in view/.test(document.querySelector('[data-testid=status-in-view]')?.textContent ?? ''),
    );
    const slider = page.getByRole('slider', { name: 'Time' });
    await expect.poll(() => slider.isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('button', { name: 'Live' }).getAttribute('aria-pressed')).toBe('true');
    expect(await tooltipAt(NEW_POS, (t) => t !== null)).toMatch(/Replay Plane/);
    await page.getByLabel('trails').fill('30');
    await page.mouse.move(5, 300);
    await page.getByTestId('time-bar').screenshot({ path: join(SCREENSHOT_DIR, '30-replay-time-bar-live.png') });
  });

  it('drags the Time slider back and shows the aircraft at its old position, with trails', async () => {
    const slider = page.getByRole('slider', { name: 'Time' });
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    // From the thumb at the right end (live) to 45 % of the range: START - 0.45 × (START - NEWEST) minutes ago.
    await page.mouse.move(box.x + box.width - 6, y);
    await page.mouse.down();
    for (let f = 0.9; f >= 0.45; f -= 0.15) await page.mouse.move(box.x + 8 + f * (box.width - 16), y, { steps: 4 });
    await page.mouse.up();
    const moment = parseLocal((await slider.getAttribute('aria-valuetext')) ?? '');
    expect(moment).toBeGreaterThan(T0 - LEG_END * MIN);
    expect(moment).toBeLessThan(T0 - NEWEST * MIN);
    expect(await page.getByRole('button', { name: 'Live' }).getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('status-in-view').textContent()).toMatch(/^6 in view at \d{4}-/);

    expect(await tooltipAt(OLD_POS, (t) => t !== null)).toMatch(/Old Name.*aircraft/);
    expect(await tooltipAt(NEW_POS, (t) => t === null)).toBeNull();
    await page.mouse.move(5, 300);
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '31-replay-moment-with-trails.png') });
  });

  it('opens the detail at that moment with the track, speed/altitude profile and tag changes', async () => {
    const [x, y] = await screenOf(page, OLD_POS);
    await page.mouse.click(x, y);
    const detail = page.getByTestId('object-detail');
    await detail
      .getByTestId('detail-moment')
      .getByText(/As it was at/)
      .waitFor();
    await detail.getByRole('heading', { name: /Old Name/ }).waitFor();
    await detail.getByTestId('track-profile').waitFor();
    const changes = detail.getByTestId('tag-changes');
    await changes.getByText('name: Old Name → Replay Plane').waitFor();
    expect(await changes.textContent()).toMatch(/by Airfield feed/);
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0);
    await page.mouse.move(5, 300);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '32-replay-detail-track-profile-tags.png') });
  });

  it('plays at 60x from the moment and pauses', async () => {
    await page.keyboard.press('Escape');
    const slider = page.getByRole('slider', { name: 'Time' });
    const before = parseLocal((await slider.getAttribute('aria-valuetext')) ?? '');
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('60');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect
      .poll(async () => parseLocal((await slider.getAttribute('aria-valuetext')) ?? ''), { timeout: 10_000 })
      .toBeGreaterThan(before + 60_000);
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await page.getByRole('button', { name: 'Live' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('returns to the newest position with Live', async () => {
    await page.getByRole('button', { name: 'Live' }).click();
    expect(await page.getByRole('button', { name: 'Live' }).getAttribute('aria-pressed')).toBe('true');
    expect(await tooltipAt(NEW_POS, (t) => t !== null)).toMatch(/Replay Plane/);
    expect(await tooltipAt(OLD_POS, (t) => t === null)).toBeNull();
    await page.mouse.move(5, 300);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '33-replay-back-to-live.png') });
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

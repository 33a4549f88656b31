/**
 * File import in the real headless twin (Chromium, everything outside the app's origin blocked):
 * the GPX sample through the file input, a malformed file and a file with bad features dropped on
 * the window, and a file over 20 MB streamed to the hub's POST /api/import. Each ends in a result
 * panel ("imported N, skipped M" with reasons, or the one-sentence refusal).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, SCREENSHOT_DIR, startHeadlessApp, type HeadlessApp } from './headless-app.js';
import { openOfflinePage } from './offline-page.js';

let app: HeadlessApp;
let browser: Browser;
let page: Page;
const outside: string[] = [];
const pageErrors: string[] = [];
const posts: string[] = [];
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `offline-${name}.png`) });

interface Source {
  id: string;
  name: string;
  type: string;
}
const sources = () =>
  app.rest<{ items?: Source[] } | Source[]>('/api/data-sources').then((r) => (Array.isArray(r) ? r : (r.items ?? [])));

/** Drops files on the window the way a file manager would (a DataTransfer with Files). */
async function drop(files: { name: string; content: string }[]): Promise<void> {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.content], f.name));
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

const result = (name: string) => page.getByTestId('import-result').filter({ hasText: name });

beforeAll(async () => {
  app = await startHeadlessApp();
  browser = await launchChromium();
  page = await openOfflinePage(browser, app, { outside, errors: pageErrors }, (p) =>
    p.on('request', (r) => r.method() === 'POST' && posts.push(new URL(r.url()).pathname)),
  );
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('import (headless twin)', () => {
  it('imports the GPX sample chosen with Import…', async () => {
    await page.getByTestId('tab-offline').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-button').click();
    await (await chooser).setFiles(join(process.cwd(), 'test/fixtures/gpx/gpxparser-test.gpx'));
    await result('gpxparser-test.gpx').waitFor();
    const text = (await result('gpxparser-test.gpx').textContent())!;
    expect(text).toMatch(/\(gpx\): imported [1-9]\d*, skipped 0/);
    const created = (await sources()).find((s) => s.name === 'gpxparser-test.gpx');
    expect(created?.type).toBe('file');
    await page.getByTestId('import-progress').waitFor({ state: 'detached' });
  });

  it('refuses a malformed file dropped on the window and imports nothing from it', async () => {
    const before = (await sources()).length;
    await drop([{ name: 'broken.geojson', content: '{"type":"FeatureCollection","features":[{"type":"Feature"' }]);
    await result('broken.geojson').waitFor();
    expect(await result('broken.geojson').textContent()).toMatch(
      /Not imported: File 'broken\.geojson' cannot be imported: .+\./,
    );
    expect((await sources()).length).toBe(before);
  });

  it('lists the reason for each skipped feature of a dropped file', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { osm_id: 'good', name: 'Good' },
          geometry: { type: 'Point', coordinates: [9.99, 53.55] },
        },
        { type: 'Feature', properties: { osm_id: 'far' }, geometry: { type: 'Point', coordinates: [200, 2] } },
        { type: 'Feature', properties: { osm_id: 'none' }, geometry: null },
      ],
    };
    await drop([{ name: 'mixed.geojson', content: JSON.stringify(fc) }]);
    await result('mixed.geojson').waitFor();
    const panel = result('mixed.geojson');
    expect(await panel.textContent()).toMatch(/imported 1, skipped 2/);
    await expect(panel.locator('.skip-reasons li').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^Feature 2: .*200/),
      'Feature 3: it has no geometry',
    ]);
    await shot('07-import-results');
  });

  it('streams a file over 20 MB to the hub instead of sending it as one message', async () => {
    const features: string[] = [];
    let bytes = 0;
    for (let i = 0; bytes < 21 * 1024 * 1024; i++) {
      const f = `{"type":"Feature","properties":{"osm_id":"big-${i}","name":"Point number ${i} with a longer name to fill bytes","kind":"sensor","note":"${'x'.repeat(60)}"},"geometry":{"type":"Point","coordinates":[${(i % 3600) / 10 - 180},${(Math.floor(i / 3600) % 1700) / 10 - 85}]}}`;
      features.push(f);
      bytes += f.length + 1;
    }
    const content = Buffer.from(`{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}`);
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-button').click();
    await (await chooser).setFiles({ name: 'big.geojson', mimeType: 'application/geo+json', buffer: content });
    await page.getByTestId('import-progress').waitFor();
    // Main's files.progressed events move the bar while the hub reads the stream.
    await page.waitForFunction(() => {
      const text = document.querySelector('[data-testid=import-progress] span')?.textContent;
      if (text === undefined) return document.body.textContent?.includes('big.geojson (geojson)');
      return /read all|[1-9][\d.]* [kMG]?B of/.test(text ?? '');
    });
    const advanced = await page.getByTestId('import-progress').isVisible();
    if (advanced) await shot('08-import-progress');
    await result('big.geojson').waitFor({ timeout: 100_000 });
    expect(await result('big.geojson').textContent()).toMatch(
      new RegExp(`imported ${features.length.toLocaleString('en-US')}, skipped 0`),
    );
    expect(posts).toContain('/api/import');
    expect(advanced).toBe(true);
  });

  it('made no request outside the app and threw no page errors', () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

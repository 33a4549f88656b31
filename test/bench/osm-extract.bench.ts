/**
 * OpenStreetMap extracts (issue 17), each figure beside a peer measured in the same run on the same
 * file (`OSM_BENCH_EXTRACT`, default the committed Monaco extract):
 * - `.osm.pbf` import through the real core, elements/s and peak RSS, beside GDAL's
 *   `ogr2ogr -f GPKG out.gpkg extract.osm.pbf` (timed from the import call on a started app, see
 *   osm-child.ts; GDAL's time includes its process start);
 * - the vector basemap build (z0–14), time, peak RSS and size, beside Debian's `tilemaker` with its
 *   OpenMapTiles example config (skipped with a note when tilemaker is not installed);
 * - the renderer's draw time per vector tile at z16/17 in headless Chromium (p95; target ≤ 30 ms),
 *   on the tilemaker Monaco basemap opened through the UI (needs `npm run build`).
 * Imports and builds run three times each; the median counts, the peak RSS is the largest.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium, startHeadlessApp } from '../e2e/headless-app.js';
import { median, type BenchRow, type BenchSuite } from './bench-kit.js';

const here = dirname(fileURLToPath(import.meta.url));
const EXTRACT = process.env.OSM_BENCH_EXTRACT ?? join(here, '..', 'fixtures', 'osm', 'monaco-2026-03-10.osm.pbf');
const TILEMAKER_MBTILES = join(here, '..', 'fixtures', 'basemap', 'monaco-openmaptiles-tilemaker.mbtiles');
const TILEMAKER_EXAMPLES = '/usr/share/doc/tilemaker/examples';
const RUNS = 3;

interface Child {
  ms: number;
  maxRssMb: number;
  [k: string]: number;
}

function child(mode: 'import' | 'count' | 'basemap', target = ''): Child {
  const out = spawnSync('npx', ['tsx', join(here, 'osm-child.ts'), mode, EXTRACT, target], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (out.status !== 0) throw new Error(`osm child (${mode}) failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Child;
}

/** Runs a peer under GNU time: wall seconds and peak RSS. */
function timed(cmd: string, args: string[], cwd: string): { ms: number; maxRssMb: number } {
  const out = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', cmd, ...args], { cwd, encoding: 'utf8' });
  const line = out.stderr.split('\n').find((l) => l.startsWith('TIME '));
  if (out.status !== 0 || !line) throw new Error(`${cmd} failed (${out.status}): ${out.stderr.slice(-800)}`);
  const [, s, kb] = line.split(' ');
  return { ms: Number(s) * 1000, maxRssMb: Number(kb) / 1024 };
}

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

function repeat<T extends { ms: number; maxRssMb: number }>(run: (i: number) => T): T & { peak: number } {
  const runs = Array.from({ length: RUNS }, (_, i) => run(i));
  const ms = median(runs.map((r) => r.ms));
  return { ...runs.find((r) => r.ms === ms)!, peak: Math.max(...runs.map((r) => r.maxRssMb)) };
}

async function drawTimes(work: string): Promise<number[]> {
  const app = await startHeadlessApp();
  const browser = await launchChromium();
  try {
    const file = join(work, 'monaco.mbtiles');
    copyFileSync(TILEMAKER_MBTILES, file);
    const page: Page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(app.ready.url);
    await page.getByTestId('tab-offline').click();
    await page.getByTestId('mbtiles-open').click();
    await page.getByTestId('mbtiles-path').fill(file);
    await page.getByTestId('mbtiles-path-open').click();
    await page.getByTestId('layer-vector').waitFor();
    const views = [
      '16/43.7384/7.4246',
      '16/43.7310/7.4200',
      '16/43.7440/7.4300',
      '17/43.7384/7.4246',
      '17/43.7330/7.4190',
    ];
    await page.evaluate(() => performance.clearMeasures('basemap-tile-draw'));
    for (const view of views) {
      await page.evaluate((h) => (location.hash = h), `#map=${view}`);
      await page.waitForFunction(
        (z) => document.querySelector('[data-testid=map]')?.getAttribute('data-zoom') === z,
        view.split('/')[0],
      );
      await page.waitForTimeout(400);
    }
    return await page.evaluate(() => performance.getEntriesByName('basemap-tile-draw').map((e) => e.duration));
  } finally {
    await browser.close();
    await app.stop();
  }
}

export const suite: BenchSuite = {
  name: 'osm-extract',
  async run(): Promise<BenchRow[]> {
    if (!existsSync(EXTRACT)) throw new Error(`The extract '${EXTRACT}' does not exist (set OSM_BENCH_EXTRACT).`);
    const work = mkdtempSync(join(tmpdir(), 'osm-extract-bench-'));
    const rows: BenchRow[] = [];
    try {
      const elements = child('count').elements!;
      const mb = statSync(EXTRACT).size / 1e6;
      const ours = repeat((i) => child('import', join(work, `import-${i}`)));
      const gdal = repeat((i) => timed('ogr2ogr', ['-f', 'GPKG', `gdal-${i}.gpkg`, EXTRACT], work));
      const note = `${elements.toLocaleString('en')} elements (${ours.objects!.toLocaleString('en')} objects stored), ${mb.toFixed(1)} MB; ${ours.built ? 'the built app (dist/)' : 'sources through tsx (npm run build first for the built app)'}, timed from the import call on a started app (its start-up threads settled) to the report; peer: ogr2ogr -f GPKG, same file`;
      rows.push(
        {
          name: '.osm.pbf import through the core (elements/s)',
          value: elements / (ours.ms / 1000),
          baseline: elements / (gdal.ms / 1000),
          unit: 'el/s',
          higherIsBetter: true,
          target: '>= 100,000 el/s and >= ogr2ogr',
          note,
        },
        {
          name: '.osm.pbf import peak RSS (whole process)',
          value: ours.peak,
          baseline: gdal.peak,
          unit: 'MB',
          higherIsBetter: false,
          target: '<= 500 MB',
        },
      );
      const built = repeat((i) => {
        const dir = join(work, `basemap-${i}`);
        execFileSync('mkdir', ['-p', dir]);
        return child('basemap', dir);
      });
      const ourSize = statSync(join(work, 'basemap-0', 'bench.mbtiles')).size;
      let peer: { ms: number; peak: number; size: number } | null = null;
      if (has('tilemaker') && existsSync(join(TILEMAKER_EXAMPLES, 'config-openmaptiles.json'))) {
        const t = repeat((i) => {
          const out = `tm-${i}.mbtiles`;
          return timed(
            'tilemaker',
            [
              '--input',
              EXTRACT,
              '--output',
              out,
              '--config',
              join(TILEMAKER_EXAMPLES, 'config-openmaptiles.json'),
              '--process',
              join(TILEMAKER_EXAMPLES, 'process-openmaptiles.lua'),
            ],
            work,
          );
        });
        peer = { ms: t.ms, peak: t.peak, size: statSync(join(work, 'tm-0.mbtiles')).size };
      }
      const peerNote = peer
        ? 'peer: tilemaker, OpenMapTiles example config, z0–14'
        : 'tilemaker not installed: no peer';
      rows.push(
        {
          name: 'basemap build from the extract, z0–14 (s)',
          value: built.ms / 1000,
          baseline: peer ? peer.ms / 1000 : null,
          unit: 's',
          higherIsBetter: false,
          note: `${built.tiles} tiles, ${built.features} features; ${peerNote}`,
        },
        {
          name: 'basemap build peak RSS (whole process)',
          value: built.peak,
          baseline: peer?.peak ?? null,
          unit: 'MB',
          higherIsBetter: false,
        },
        {
          name: 'basemap file size',
          value: ourSize / 1024,
          baseline: peer ? peer.size / 1024 : null,
          unit: 'KB',
          higherIsBetter: false,
        },
      );
      if (
        existsSync(join(here, '..', '..', 'dist', 'renderer')) &&
        readdirSync(join(here, '..', '..', 'dist')).length
      ) {
        const times = (await drawTimes(work)).sort((a, b) => a - b);
        rows.push({
          name: 'vector tile draw time p95 at z16/17 (Chromium)',
          value: times[Math.floor(times.length * 0.95)] ?? NaN,
          baseline: null,
          unit: 'ms',
          higherIsBetter: false,
          target: '<= 30 ms',
          note: `${times.length} tiles drawn, median ${median(times).toFixed(1)} ms; tilemaker's Monaco basemap; no raw baseline`,
        });
      } else {
        console.log('vector tile draw time: skipped, run `npm run build` first (the bench drives the built renderer)');
      }
      return rows;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

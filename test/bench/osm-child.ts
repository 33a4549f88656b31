/**
 * Child process of the OSM extract benchmark, so each side's time and peak memory are its own:
 * `import <extract> <dataDir>` imports through the real core (createCore: SQLite store, ingest with
 * its writer thread, the import worker); `count <extract>` counts the file's elements with our PBF
 * reader alone; `basemap <extract> <outDir>` builds the vector basemap as the app's worker does.
 * Prints one JSON line `{ …, ms, maxRssMb }`.
 */
import { createReadStream, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCore } from '../../electron/core/create-core.js';
import type { startServer as StartServer } from '../../electron/headless/serve.js';
import { readPbf } from '../../electron/core/files/import/osm/pbf-reader.js';
import { readOsmFeatures } from '../../electron/core/files/import/osm/read-osm.js';
import { buildBasemap } from '../../electron/core/tiles/basemap/build-basemap.js';
import { readExtractBounds } from '../../electron/core/tiles/basemap/extract-bounds.js';
import type { OsmFeature } from '../../electron/core/tiles/basemap/openmaptiles-layers.js';

const [mode, file, target] = process.argv.slice(2) as [string, string, string];

/** Most time to wait for the started app to settle before the timed import. */
const SETTLE_MAX_MS = 10_000;

/**
 * Resolves once the process (all its threads) used under 10% of one core over 100 ms: a started app
 * keeps loading worker threads (the import's ready reader thread among them) for a few hundred
 * ms after `startServer` resolves, and on two cores that start-up would be counted in the import
 * (measured: +280 ms wall, +390 ms CPU on Monaco). A user imports into an app that has started.
 */
async function settled(): Promise<void> {
  const until = performance.now() + SETTLE_MAX_MS;
  while (performance.now() < until) {
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const used = process.cpuUsage(before);
    if ((used.user + used.system) / 1000 < 10) return;
  }
}

/**
 * The built app when there is one (`npm run build`: the bundles and their worker threads, as users run
 * them), else the sources through tsx, whose worker threads compile TypeScript while being timed.
 * Timed from the import call on a started, settled app to its report (every object committed, node
 * locations and way lists kept): the writer thread, which starts with the first write, is counted.
 */
async function importExtract() {
  const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'headless', 'serve.mjs');
  if (existsSync(bundle)) {
    const { startServer } = (await import(pathToFileURL(bundle).href)) as { startServer: typeof StartServer };
    const server = await startServer({ dataDir: target, port: 0, env: { LOG_LEVEL: 'warn' } });
    await settled();
    const started = performance.now();
    const report = await server.core.files.importPath(file);
    const ms = performance.now() - started;
    await server.stop();
    return { objects: report.imported, skipped: report.skipped, ms, built: 1 };
  }
  const core = await createCore({
    mode: 'test',
    overrides: { dataDir: target },
    keepLogging: true,
    statsIntervalMs: 0,
  });
  await settled();
  const started = performance.now();
  const report = await core.files.importPath(file);
  const ms = performance.now() - started;
  await core.close();
  return { objects: report.imported, skipped: report.skipped, ms, built: 0 };
}

async function count() {
  let elements = 0;
  const bump = () => void elements++;
  const started = performance.now();
  for await (const _ of readPbf(createReadStream(file, { highWaterMark: 1 << 20 }), {
    header: () => undefined,
    node: bump,
    way: bump,
    relation: bump,
  }));
  return { elements, ms: performance.now() - started };
}

async function basemap() {
  const started = performance.now();
  const features = readOsmFeatures(
    { name: basename(file), stream: () => createReadStream(file) },
    { maxDocumentBytes: 64 * 1024 * 1024 },
  ) as AsyncIterable<OsmFeature>;
  const result = await buildBasemap(features, {
    outPath: join(target, 'bench.mbtiles'),
    name: 'bench',
    origin: file,
    // As the app's worker does: the extract's declared bounds close the sea along them.
    extractBounds: await readExtractBounds(file),
  });
  return { tiles: result.tiles, features: result.features, ms: performance.now() - started };
}

const result = mode === 'import' ? await importExtract() : mode === 'count' ? await count() : await basemap();
console.log(JSON.stringify({ ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 }));

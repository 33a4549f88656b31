/**
 * Child process of the import benchmark, so each side's peak memory is measured on its own:
 * `ours <file> <dataDir>` imports the file through the real core (createCore: SQLite store, ingest
 * with its worker writer, files service); `raw <file> <dbPath>` is the baseline: JSON.parse of the
 * whole file and plain better-sqlite3 inserts of the same features in one transaction.
 * `parse <file>` runs only our streamed reader and validation (no store), to show where time goes.
 * Prints `{ features, skipped, bytes, ms, maxRssMb }`.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createCore } from '../../electron/core/create-core.js';
import { toOps } from '../../electron/core/files/import/to-ops.js';
import { readImport } from '../../electron/core/files/import/read-import.js';

const [mode, file, target] = process.argv.slice(2) as [string, string, string];
const bytes = statSync(file).size;

async function ours() {
  const core = await createCore({
    mode: 'test',
    overrides: { dataDir: target },
    keepLogging: true,
    statsIntervalMs: 0,
  });
  const started = performance.now();
  const report = await core.files.importPath(file);
  const ms = performance.now() - started;
  await core.close();
  return { features: report.imported, skipped: report.skipped, ms };
}

interface Feature {
  properties: Record<string, unknown> & { osm_id?: string };
  geometry: { type: string; coordinates: number[] };
}

function raw() {
  const started = performance.now();
  const fc = JSON.parse(readFileSync(file, 'utf8')) as { features: Feature[] };
  const db = new Database(target);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'CREATE TABLE objects (id INTEGER PRIMARY KEY, osm_id TEXT UNIQUE, tags TEXT, geom TEXT, min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL)',
  );
  const insert = db.prepare(
    'INSERT INTO objects (osm_id, tags, geom, min_lon, min_lat, max_lon, max_lat) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const f of fc.features) {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      insert.run(
        String(f.properties.osm_id),
        JSON.stringify(f.properties),
        JSON.stringify(f.geometry),
        lon,
        lat,
        lon,
        lat,
      );
    }
  })();
  db.close();
  return { features: fc.features.length, skipped: 0, ms: performance.now() - started };
}

async function parse() {
  const started = performance.now();
  let features = 0;
  let skipped = 0;
  const input = {
    name: 'bench.geojson',
    size: bytes,
    stream: () => createReadStream(file, { highWaterMark: 1 << 20 }),
  };
  for await (const record of readImport(input, 'geojson')) {
    if ('skip' in record || typeof toOps(record.object, 'bench', 0) === 'string') skipped++;
    else features++;
  }
  return { features, skipped, ms: performance.now() - started };
}

const result = mode === 'ours' ? await ours() : mode === 'parse' ? await parse() : raw();
console.log(JSON.stringify({ ...result, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024 }));

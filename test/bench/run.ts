/**
 * `npm run bench [-- name…]`: runs every suite in test/bench/*.bench.ts (or the named ones), prints
 * each figure beside its raw baseline from the same run, and writes bench/results/<suite>.json.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatRows, writeResults, type BenchSuite } from './bench-kit.js';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

let failed = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { suite: BenchSuite };
  console.log(`\n== ${mod.suite.name} (${file})`);
  try {
    const rows = await mod.suite.run();
    console.log(formatRows(rows));
    console.log(`results: ${writeResults(mod.suite.name, rows)}`);
  } catch (err) {
    failed++;
    console.error(`bench ${file} failed: ${err instanceof Error ? err.stack : String(err)}`);
  }
}
if (files.length === 0) console.log('No benchmark suites matched.');
process.exitCode = failed ? 1 : 0;

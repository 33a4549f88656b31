#!/usr/bin/env node
// `npm run build`: bundles Electron main + preload (CJS), the headless server and the workers (ingest
// writer, import, basemap, rules) with esbuild, and the renderer with Vite into dist/renderer.
// Flags: --only main,headless,renderer   --if-stale (skip parts whose output is newer than the sources)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, MAIN_OUT, RENDERER_OUT, ROOT, fail, isStale } from './lib/paths.mjs';

/** Native or optional packages that must stay require()d at run time, never bundled. */
export const NATIVE_EXTERNALS = ['electron', 'better-sqlite3', 'pg-native', 'bufferutil', 'utf-8-validate'];
const SHIM = path.join(ROOT, 'electron/main/native/better-sqlite3-electron.cjs');
const CORE_SOURCES = ['electron', 'db', 'package.json'];
export const RENDERER_SOURCES = ['renderer', 'electron/contract', 'vite.config.ts', 'package.json'];

/** In Electron bundles `better-sqlite3` resolves to a shim that loads the Electron-ABI binding. */
const electronSqlitePlugin = {
  name: 'electron-better-sqlite3',
  setup(build) {
    build.onResolve({ filter: /^better-sqlite3$/ }, (args) =>
      args.importer === SHIM ? { path: 'better-sqlite3', external: true } : { path: SHIM },
    );
  },
};

/** Bundled code looks for its SQL migrations beside the bundle (db/migrate.ts defaultMigrationsRoot). */
function copyMigrations(outDir) {
  const target = path.join(outDir, 'migrations');
  rmSync(target, { recursive: true, force: true });
  cpSync(path.join(ROOT, 'db', 'migrations'), target, { recursive: true });
}

async function buildMain(esbuild) {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: true,
    external: NATIVE_EXTERNALS,
    plugins: [electronSqlitePlugin],
    logLevel: 'warning',
    // CJS has no import.meta.url: give every module the bundle's own URL, as an ESM bundle would
    // (db/migrate.ts then finds dist/main/migrations, the ingest writer its worker beside the bundle).
    banner: { js: "const __bundle_url = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__bundle_url' },
  };
  await esbuild.build({
    ...common,
    entryPoints: {
      main: 'electron/main/main.ts',
      'ingest-writer-worker': 'db/sqlite/writer/writer-worker.ts',
      'import-worker': 'electron/core/files/import/import-worker.ts',
      'basemap-worker': 'electron/core/tiles/basemap/basemap-worker.ts',
      'rules-worker': 'electron/core/rules/rules-worker.ts',
    },
    outdir: MAIN_OUT,
    outExtension: { '.js': '.cjs' },
  });
  // The sandboxed preload may require only 'electron' (no node:url for the banner); the rest is bundled.
  const { banner: _banner, define: _define, ...preloadOptions } = common;
  await esbuild.build({
    ...preloadOptions,
    plugins: [],
    entryPoints: { preload: 'electron/preload/preload.ts' },
    outdir: MAIN_OUT,
    outExtension: { '.js': '.cjs' },
  });
  copyMigrations(MAIN_OUT);
}

async function buildHeadless(esbuild) {
  const out = path.join(DIST, 'headless');
  await esbuild.build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    packages: 'external',
    logLevel: 'warning',
    entryPoints: {
      serve: 'electron/headless/serve.ts',
      'ingest-writer-worker': 'db/sqlite/writer/writer-worker.ts',
      'import-worker': 'electron/core/files/import/import-worker.ts',
      'basemap-worker': 'electron/core/tiles/basemap/basemap-worker.ts',
      'rules-worker': 'electron/core/rules/rules-worker.ts',
    },
    outdir: out,
    outExtension: { '.js': '.mjs' },
  });
  copyMigrations(out);
}

/**
 * Runs `vite build` with the project's vite.config.ts; the output must land in dist/renderer.
 * Vite's output goes to stderr so stdout stays machine-readable (serve's ready line).
 */
export function buildRenderer() {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) fail('The renderer build (vite build) failed; see the messages above.');
  if (!existsSync(path.join(RENDERER_OUT, 'index.html')))
    fail(`vite build did not write ${RENDERER_OUT}/index.html; check build.outDir in vite.config.ts.`);
}

/** Builds the requested parts; with ifStale, only those whose sources changed. */
export async function build({ only = ['main', 'headless', 'renderer'], ifStale = false } = {}) {
  mkdirSync(DIST, { recursive: true });
  const esbuild = await import('esbuild');
  const want = (part, output, sources) => only.includes(part) && (!ifStale || isStale(output, sources));
  if (want('main', path.join(MAIN_OUT, 'main.cjs'), CORE_SOURCES)) await buildMain(esbuild);
  if (want('headless', path.join(DIST, 'headless', 'serve.mjs'), CORE_SOURCES)) await buildHeadless(esbuild);
  if (want('renderer', path.join(RENDERER_OUT, 'index.html'), RENDERER_SOURCES)) buildRenderer();
}

function parseArgs(argv) {
  const opts = { ifStale: argv.includes('--if-stale') };
  const i = argv.indexOf('--only');
  if (i >= 0)
    opts.only = String(argv[i + 1] ?? '')
      .split(',')
      .filter(Boolean);
  return opts;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  build(parseArgs(process.argv.slice(2))).catch((error) => fail(`Build failed: ${error.message}`));
}

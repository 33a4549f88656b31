#!/usr/bin/env node
// `npm run dev`: the Vite dev server with hot reload for the renderer, and Electron loading it
// (main and preload rebuilt with esbuild on start; restart `npm run dev` after changing main code).
import { build } from './build.mjs';
import { MISSING_ELECTRON_MESSAGE, ensureElectronSqlite, findElectronBinary, launchElectron } from './lib/electron.mjs';
import { ROOT, fail } from './lib/paths.mjs';
import path from 'node:path';

const binary = findElectronBinary();
if (!binary) fail(MISSING_ELECTRON_MESSAGE);

try {
  const { createServer } = await import('vite');
  const server = await createServer({ configFile: path.join(ROOT, 'vite.config.ts') });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The Vite dev server did not report its URL.');
  process.stderr.write(`Renderer dev server: ${url}\n`);
  await build({ only: ['main'] });
  const binding = await ensureElectronSqlite();
  const child = launchElectron(binary, { args: process.argv.slice(2), env: { TRACKER_SQLITE_BINDING: binding, TRACKER_DEV_SERVER_URL: url } });
  child.on('exit', () => void server.close());
} catch (error) {
  fail(`${error.message}`);
}

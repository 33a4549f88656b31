#!/usr/bin/env node
// `npm run dev`: the Vite dev server with hot reload for the renderer, and Electron loading it
// (main and preload rebuilt with esbuild on start; restart `npm run dev` after changing main code).
import { build } from './build.mjs';
import { MISSING_ELECTRON_MESSAGE, ensureElectronSqlite, findElectronBinary, launchElectron } from './lib/electron.mjs';
import path from 'node:path';
import { ROOT, fail } from './lib/paths.mjs';

const binary = findElectronBinary();
if (!binary) fail(MISSING_ELECTRON_MESSAGE);

try {
  const { createServer } = await import('vite');
  // In dev the page's meta CSP would block Vite's inline React-refresh preamble; main sends a dev CSP
  // header instead (electron/main/security.ts), so the meta tag is dropped from the served page only.
  const devCsp = {
    name: 'tracker-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\b[^>]*Content-Security-Policy[^>]*>/i, ''),
  };
  const server = await createServer({ configFile: path.join(ROOT, 'vite.config.ts'), plugins: [devCsp] });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The Vite dev server did not report its URL.');
  process.stderr.write(`Renderer dev server: ${url}\n`);
  await build({ only: ['main'] });
  const binding = await ensureElectronSqlite();
  const child = launchElectron(binary, {
    args: process.argv.slice(2),
    env: { TRACKER_SQLITE_BINDING: binding, TRACKER_DEV_SERVER_URL: url },
  });
  child.on('exit', () => void server.close());
} catch (error) {
  fail(`${error.message}`);
}

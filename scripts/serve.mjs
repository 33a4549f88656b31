#!/usr/bin/env node
// `npm run serve -- [--port N] [--host H] [--data-dir DIR] [--database-url URL] [--token-file PATH]`:
// builds the renderer when dist/renderer is missing or stale, then runs the headless server
// (electron/headless/serve.ts under tsx), forwarding arguments, stdio and signals. The app token
// comes from TRACKER_TOKEN or a 0600 file, never the command line (`ps` and npm's banner show it).
import { spawn } from 'node:child_process';
import { RENDERER_SOURCES, buildRenderer } from './build.mjs';
import path from 'node:path';
import { RENDERER_OUT, ROOT, fail, isStale } from './lib/paths.mjs';

if (!process.argv.includes('--no-build') && isStale(path.join(RENDERER_OUT, 'index.html'), RENDERER_SOURCES)) {
  process.stderr.write('Building the renderer (dist/renderer)…\n');
  buildRenderer();
}

const args = process.argv.slice(2).filter((a) => a !== '--no-build');
const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/headless/serve.ts'), ...args], {
  cwd: ROOT,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => fail(`Could not start the headless server: ${error.message}`));
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));

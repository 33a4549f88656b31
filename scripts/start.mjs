#!/usr/bin/env node
// `npm start`: checks for the Electron binary, builds what changed, makes sure better-sqlite3 has
// an Electron-ABI build (once; kept apart from the Node build), then launches Electron.
import { build } from './build.mjs';
import { MISSING_ELECTRON_MESSAGE, ensureElectronSqlite, findElectronBinary, launchElectron } from './lib/electron.mjs';
import { fail } from './lib/paths.mjs';

const binary = findElectronBinary();
if (!binary) fail(MISSING_ELECTRON_MESSAGE);

try {
  await build({ only: ['main', 'renderer'], ifStale: true });
  const binding = await ensureElectronSqlite();
  launchElectron(binary, { args: process.argv.slice(2), env: { TRACKER_SQLITE_BINDING: binding } });
} catch (error) {
  fail(`${error.message} Run \`npm run serve\` to use the app without Electron.`);
}

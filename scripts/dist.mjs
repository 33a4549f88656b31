#!/usr/bin/env node
// `npm run dist -- [electron-builder flags, e.g. --linux | --win | --mac]`: builds everything, makes
// sure the icons and the Electron-ABI better-sqlite3 exist, then runs electron-builder with
// electron-builder.yml. Needs internet (Electron's zip and headers); see docs/packaging.md.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from './build.mjs';
import { NATIVE_DIR, ensureElectronSqlite } from './lib/electron.mjs';
import { ROOT, fail } from './lib/paths.mjs';
import { makeIcons } from './make-icons.mjs';

const args = process.argv.slice(2);
const archFlag = ['x64', 'arm64', 'ia32', 'armv7l'].find((a) => args.includes(`--${a}`));

try {
  if (!existsSync(path.join(ROOT, 'build', 'icon.png'))) makeIcons();
  await build({ only: ['main', 'renderer'] });
  // electron-builder's own rebuild is off (it would overwrite the Node build); ship ours instead.
  const binding = await ensureElectronSqlite({ arch: archFlag ?? process.arch });
  mkdirSync(path.join(NATIVE_DIR, 'current'), { recursive: true });
  copyFileSync(binding, path.join(NATIVE_DIR, 'current', 'better_sqlite3.node'));
} catch (error) {
  fail(`${error.message}`);
}

const cli = path.join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
const result = spawnSync(process.execPath, [cli, '--config', 'electron-builder.yml', ...args], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (result.status !== 0)
  fail(
    'electron-builder failed (it needs internet access to download Electron); see the messages above and docs/packaging.md.',
  );

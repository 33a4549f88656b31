// Finding the Electron binary, building better-sqlite3 for Electron's ABI beside the Node build,
// and launching Electron. Shared by start.mjs, dev.mjs and dist.mjs.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.mjs';

const ELECTRON_DIR = path.join(ROOT, 'node_modules', 'electron');
/** Where the Electron-ABI builds live; node_modules/better-sqlite3 keeps the Node build. */
export const NATIVE_DIR = path.join(ROOT, '.electron-native');

/** The one sentence printed when the binary is missing (tested by scripts/start.test.ts). */
export const MISSING_ELECTRON_MESSAGE =
  "Electron's binary is not installed (node_modules/electron/dist is missing), so the desktop app cannot start; run `npm run serve` to open the same app in a browser, or `npx install-electron` where the internet is reachable.";

export function electronVersion() {
  return JSON.parse(readFileSync(path.join(ELECTRON_DIR, 'package.json'), 'utf8')).version;
}

/**
 * The Electron executable's path, or undefined when it is not installed. Reads path.txt directly:
 * `require('electron')` would try to download the binary, which must never happen from npm start.
 */
export function findElectronBinary(env = process.env) {
  const pathFile = path.join(ELECTRON_DIR, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(candidate) ? candidate : undefined;
  }
  if (!relative) return undefined;
  const candidate = path.join(ELECTRON_DIR, 'dist', relative);
  return existsSync(candidate) ? candidate : undefined;
}

/** Path of the Electron-ABI better_sqlite3.node for this Electron version, platform and arch. */
export function electronSqliteBindingPath(arch = process.arch) {
  const sqliteVersion = JSON.parse(
    readFileSync(path.join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8'),
  ).version;
  return path.join(
    NATIVE_DIR,
    `better-sqlite3-${sqliteVersion}-electron-${electronVersion()}-${process.platform}-${arch}`,
    'better_sqlite3.node',
  );
}

/**
 * Makes sure the Electron-ABI build of better-sqlite3 exists, building it once in a scratch copy
 * (downloads Electron's headers or a prebuilt binary). Returns its path; throws with one sentence.
 */
export async function ensureElectronSqlite({ arch = process.arch, log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const target = electronSqliteBindingPath(arch);
  if (existsSync(target)) return target;
  const version = electronVersion();
  const work = path.join(NATIVE_DIR, 'work');
  rmSync(work, { recursive: true, force: true });
  const moduleDir = path.join(work, 'node_modules', 'better-sqlite3');
  mkdirSync(moduleDir, { recursive: true });
  cpSync(path.join(ROOT, 'node_modules', 'better-sqlite3'), moduleDir, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
  });
  const sqliteVersion = JSON.parse(readFileSync(path.join(moduleDir, 'package.json'), 'utf8')).version;
  writeFileSync(
    path.join(work, 'package.json'),
    JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }),
  );
  log(`Building better-sqlite3 ${sqliteVersion} for Electron ${version} (${process.platform}-${arch}), once…`);
  try {
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({ buildPath: work, electronVersion: version, arch, force: true, onlyModules: ['better-sqlite3'] });
  } catch (error) {
    const reason = String(error?.message ?? error).split('\n')[0];
    throw new Error(
      `Could not build better-sqlite3 for Electron ${version} (this needs internet access for Electron's headers and a C++ toolchain): ${reason}`,
      { cause: error },
    );
  }
  const built = path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(built)) throw new Error(`The Electron build of better-sqlite3 finished but ${built} is missing.`);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(built, target);
  rmSync(work, { recursive: true, force: true });
  return target;
}

/** Launches Electron on the app; forwards SIGINT/SIGTERM and exits with its code. */
export function launchElectron(binary, { args = [], env = {} } = {}) {
  const childEnv = { ...process.env, ...env };
  delete childEnv.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [ROOT, ...args], { stdio: 'inherit', env: childEnv });
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return child;
}

// `npm start` on a machine without Electron's binary: one sentence pointing at `npm run serve`,
// a non-zero exit and no stack trace; and the binary lookup accepting an installed binary.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MISSING_ELECTRON_MESSAGE, findElectronBinary } from './lib/electron.mjs';

const root = path.resolve(import.meta.dirname, '..');
const empty = mkdtempSync(path.join(tmpdir(), 'no-electron-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('npm start without the Electron binary', () => {
  it('prints one sentence pointing at npm run serve and exits non-zero without a stack trace', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/start.mjs')], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([MISSING_ELECTRON_MESSAGE]);
    expect(r.stderr).toContain('npm run serve');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(MISSING_ELECTRON_MESSAGE.match(/[.!?](\s|$)/g)).toHaveLength(1);
  });

  it('the same for npm run dev', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/dev.mjs')], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toBe(MISSING_ELECTRON_MESSAGE);
  });
});

describe('findElectronBinary', () => {
  it('finds an installed binary', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'electron-'));
    const pathTxt = path.join(root, 'node_modules/electron/path.txt');
    let name = 'electron';
    try {
      name = readFileSync(pathTxt, 'utf8').trim() || name;
    } catch {
      // no path.txt: the override dir is searched for 'electron'
    }
    const binary = path.join(dir, name);
    writeFileSync(binary, '#!/bin/sh\n');
    chmodSync(binary, 0o755);
    try {
      expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toBe(binary);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing binary as undefined', () => {
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: empty })).toBeUndefined();
  });
});

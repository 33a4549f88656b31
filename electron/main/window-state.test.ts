// The remembered window state: round trip, damaged file, and bounds fitted to changed displays.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, fitToDisplays, loadWindowState, saveWindowState } from './window-state.js';

const dir = mkdtempSync(path.join(tmpdir(), 'winstate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const screen = { x: 0, y: 0, width: 1920, height: 1080 };

describe('window state', () => {
  it('round-trips through the data dir', () => {
    const state = { bounds: { x: 10, y: 20, width: 900, height: 700 }, isMaximized: true };
    saveWindowState(dir, state);
    expect(loadWindowState(dir)).toEqual(state);
  });

  it('falls back to the default for a damaged or missing file', () => {
    const other = mkdtempSync(path.join(tmpdir(), 'winstate-'));
    expect(loadWindowState(other)).toBe(DEFAULT_WINDOW_STATE);
    writeFileSync(path.join(other, 'window-state.json'), '{"bounds":{"x":"a"}}');
    expect(loadWindowState(other)).toBe(DEFAULT_WINDOW_STATE);
    rmSync(other, { recursive: true, force: true });
  });

  it('keeps bounds that are on a display', () => {
    expect(fitToDisplays({ x: 100, y: 100, width: 800, height: 600 }, [screen], screen)).toEqual({
      x: 100,
      y: 100,
      width: 800,
      height: 600,
    });
  });

  it('centres bounds left on a display that is gone, and enforces the minimum size', () => {
    const fitted = fitToDisplays({ x: 3000, y: 100, width: 100, height: 100 }, [screen], screen);
    expect(fitted).toEqual({ x: 640, y: 340, width: 640, height: 400 });
  });
});

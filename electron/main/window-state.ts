/**
 * The main window's remembered size and position, kept as `window-state.json` in the data dir.
 * Pure file and geometry logic (no electron import) so it is tested in plain Node.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  isMaximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = {
  bounds: { x: -1, y: -1, width: 1280, height: 800 },
  isMaximized: false,
};
export const MIN_SIZE = { width: 640, height: 400 } as const;
const FILE_NAME = 'window-state.json';

const isRect = (r: unknown): r is Rect =>
  !!r &&
  typeof r === 'object' &&
  ['x', 'y', 'width', 'height'].every((k) => Number.isFinite((r as Record<string, unknown>)[k]));

/** Reads the saved state; a missing or damaged file gives the default. */
export function loadWindowState(dataDir: string): WindowState {
  try {
    const raw = JSON.parse(readFileSync(path.join(dataDir, FILE_NAME), 'utf8')) as Partial<WindowState>;
    if (!isRect(raw.bounds)) return DEFAULT_WINDOW_STATE;
    return { bounds: raw.bounds, isMaximized: raw.isMaximized === true };
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/** Writes the state atomically (temp file + rename). */
export function saveWindowState(dataDir: string, state: WindowState): void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, FILE_NAME);
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}

/**
 * Fits saved bounds to the current displays: kept when at least a 100×50 corner of the title area
 * is on some display, otherwise centred on `fallback` (monitors change between launches).
 */
export function fitToDisplays(bounds: Rect, workAreas: Rect[], fallback: Rect): Rect {
  const width = Math.max(MIN_SIZE.width, Math.round(bounds.width));
  const height = Math.max(MIN_SIZE.height, Math.round(bounds.height));
  const visible = workAreas.some(
    (a) =>
      bounds.x + 100 <= a.x + a.width &&
      bounds.x + width - 100 >= a.x &&
      bounds.y >= a.y &&
      bounds.y + 50 <= a.y + a.height,
  );
  if (visible) return { x: Math.round(bounds.x), y: Math.round(bounds.y), width, height };
  const w = Math.min(width, fallback.width);
  const h = Math.min(height, fallback.height);
  return {
    x: fallback.x + Math.round((fallback.width - w) / 2),
    y: fallback.y + Math.round((fallback.height - h) / 2),
    width: w,
    height: h,
  };
}

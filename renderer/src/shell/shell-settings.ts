/**
 * Settings the window remembers in localStorage: the theme (else the system preference, applied as
 * <html data-theme>), the stale minutes, the trail minutes and the units.
 */
import { useEffect } from 'react';
import { useShell } from '../app/shell-context.js';
import type { ShellState, Theme } from '../app/shell-store.js';
import { parseUnits } from '../app/units.js';

const THEME_KEY = 'osm-tracker.theme';
const STALE_KEY = 'osm-tracker.stale-min';
const TRAIL_KEY = 'osm-tracker.trail-min';
const UNITS_KEY = 'osm-tracker.units';

/** The saved units, or the defaults when none were saved or the saved text is not JSON. */
function loadUnits(win: Window): ShellState['units'] {
  try {
    return parseUnits(JSON.parse(win.localStorage.getItem(UNITS_KEY) ?? 'null'));
  } catch {
    return parseUnits(null);
  }
}

/** The remembered theme, stale and trail minutes and units, for the shell store's first state. */
export function loadShellSettings(win: Window = window): Pick<ShellState, 'theme' | 'staleMin' | 'trailMin' | 'units'> {
  const saved = win.localStorage.getItem(THEME_KEY);
  const theme: Theme =
    saved === 'light' || saved === 'dark'
      ? saved
      : win.matchMedia?.('(prefers-color-scheme: dark)').matches
        ? 'dark'
        : 'light';
  return {
    theme,
    staleMin: Number(win.localStorage.getItem(STALE_KEY)) || 5,
    trailMin: Number(win.localStorage.getItem(TRAIL_KEY)) || 10,
    units: loadUnits(win),
  };
}

/** Applies the theme to the document and saves the settings whenever they change. */
export function useShellSettings(): void {
  const theme = useShell((s) => s.theme);
  const staleMin = useShell((s) => s.staleMin);
  const trailMin = useShell((s) => s.trailMin);
  const units = useShell((s) => s.units);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(THEME_KEY, theme);
  }, [theme]);
  useEffect(() => localStorage.setItem(STALE_KEY, String(staleMin)), [staleMin]);
  useEffect(() => localStorage.setItem(TRAIL_KEY, String(trailMin)), [trailMin]);
  useEffect(() => localStorage.setItem(UNITS_KEY, JSON.stringify(units)), [units]);
}

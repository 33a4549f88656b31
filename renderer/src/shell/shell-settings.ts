/**
 * Settings the window remembers in localStorage: the theme (else the system preference, applied as
 * <html data-theme>), the stale threshold of each kind, the trail minutes, what colours the symbols
 * and the units.
 */
import { useEffect } from 'react';
import { useShell } from '../app/shell-context.js';
import type { ShellState, Theme } from '../app/shell-store.js';
import { loadColourBy, saveColourBy } from '../map/layers/colour-by.js';
import { parseStaleThresholds } from '../state/stale-thresholds.js';
import { parseUnits } from '../app/units.js';

const THEME_KEY = 'osm-tracker.theme';
const STALE_KEY = 'osm-tracker.stale-after';
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

/** The remembered theme, stale thresholds, trail minutes, colour and units, for the shell store's first state. */
export function loadShellSettings(
  win: Window = window,
): Pick<ShellState, 'theme' | 'staleAfter' | 'trailMin' | 'colourBy' | 'units'> {
  const saved = win.localStorage.getItem(THEME_KEY);
  const theme: Theme =
    saved === 'light' || saved === 'dark'
      ? saved
      : win.matchMedia?.('(prefers-color-scheme: dark)').matches
        ? 'dark'
        : 'light';
  return {
    theme,
    staleAfter: parseStaleThresholds(win.localStorage.getItem(STALE_KEY)),
    trailMin: Number(win.localStorage.getItem(TRAIL_KEY)) || 10,
    colourBy: loadColourBy(win.localStorage),
    units: loadUnits(win),
  };
}

/** Applies the theme to the document and saves the settings whenever they change. */
export function useShellSettings(): void {
  const theme = useShell((s) => s.theme);
  const staleAfter = useShell((s) => s.staleAfter);
  const trailMin = useShell((s) => s.trailMin);
  const colourBy = useShell((s) => s.colourBy);
  const units = useShell((s) => s.units);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(THEME_KEY, theme);
  }, [theme]);
  useEffect(() => localStorage.setItem(STALE_KEY, JSON.stringify(staleAfter)), [staleAfter]);
  useEffect(() => localStorage.setItem(TRAIL_KEY, String(trailMin)), [trailMin]);
  useEffect(() => saveColourBy(colourBy), [colourBy]);
  useEffect(() => localStorage.setItem(UNITS_KEY, JSON.stringify(units)), [units]);
}

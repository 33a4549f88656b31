/**
 * Settings the window remembers in localStorage: the theme (else the system preference, applied as
 * <html data-theme>), the trail minutes, what colours the symbols and the units. The stale threshold
 * of each kind is the core's (app.staleThresholds): the map, the filter's `stale`, the hub and the
 * rules share it; a window that remembered its own before (localStorage) hands it to the core once.
 */
import { useEffect } from 'react';
import type { ApiClient } from '../api/client.js';
import { useApp } from '../app/app-context.js';
import { useShell, useShellActions } from '../app/shell-context.js';
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

/** The remembered theme, trail minutes, colour and units, for the shell store's first state. */
export function loadShellSettings(win: Window = window): Pick<ShellState, 'theme' | 'trailMin' | 'colourBy' | 'units'> {
  const saved = win.localStorage.getItem(THEME_KEY);
  const theme: Theme =
    saved === 'light' || saved === 'dark'
      ? saved
      : win.matchMedia?.('(prefers-color-scheme: dark)').matches
        ? 'dark'
        : 'light';
  return {
    theme,
    trailMin: Number(win.localStorage.getItem(TRAIL_KEY)) || 10,
    colourBy: loadColourBy(win.localStorage),
    units: loadUnits(win),
  };
}

/** Applies the theme to the document and saves the settings whenever they change. */
export function useShellSettings(): void {
  const theme = useShell((s) => s.theme);
  const trailMin = useShell((s) => s.trailMin);
  const colourBy = useShell((s) => s.colourBy);
  const units = useShell((s) => s.units);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(THEME_KEY, theme);
  }, [theme]);
  useEffect(() => localStorage.setItem(TRAIL_KEY, String(trailMin)), [trailMin]);
  useEffect(() => saveColourBy(colourBy), [colourBy]);
  useEffect(() => localStorage.setItem(UNITS_KEY, JSON.stringify(units)), [units]);
}

/**
 * The core's stale thresholds, read once (or, when this window still remembers thresholds of its
 * own from before they were the core's, handed to the core once and forgotten), then followed.
 */
export async function loadStaleThresholds(client: ApiClient, storage: Storage = localStorage) {
  const legacy = storage.getItem(STALE_KEY);
  if (legacy === null) return (await client.call('app.staleThresholds', {})).thresholds;
  const { thresholds } = await client.call('app.setStaleThresholds', { thresholds: parseStaleThresholds(legacy) });
  storage.removeItem(STALE_KEY);
  return thresholds;
}

/** Keeps the shell's stale thresholds equal to the core's. */
export function useStaleThresholds(): void {
  const { client } = useApp();
  const { receiveStaleAfter } = useShellActions();
  useEffect(() => {
    let mounted = true;
    loadStaleThresholds(client)
      .then((t) => mounted && receiveStaleAfter(t))
      // An unreachable core is reported once, by app.info; the defaults stay meanwhile.
      .catch(() => undefined);
    const off = client.on('app.staleThresholdsChanged', ({ thresholds }) => receiveStaleAfter(thresholds));
    return () => {
      mounted = false;
      off();
    };
  }, [client, receiveStaleAfter]);
}

/**
 * Which style a vector basemap is drawn in: the app's theme, or always light / always dark. Kept in
 * localStorage; the basemap switcher sets it and the map reads it through `useBasemapStyleChoice`.
 */
import { useSyncExternalStore } from 'react';
import type { BasemapTheme } from './vector-style.js';

export type BasemapStyleChoice = 'auto' | BasemapTheme;

const KEY = 'osm-tracker.basemap-style';
const listeners = new Set<() => void>();

function read(): BasemapStyleChoice {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'auto';
}

/** Remembers the choice and tells every reader. */
export function setBasemapStyleChoice(choice: BasemapStyleChoice): void {
  localStorage.setItem(KEY, choice);
  for (const l of listeners) l();
}

/** The current choice, re-rendering when it changes. */
export function useBasemapStyleChoice(): BasemapStyleChoice {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, read);
}

/** The theme to draw with: the choice, or the app's theme for 'auto'. */
export function basemapTheme(choice: BasemapStyleChoice, appTheme: BasemapTheme): BasemapTheme {
  return choice === 'auto' ? appTheme : choice;
}

/**
 * Keyboard shortcuts for the main actions. Ignored while typing in a field (fields handle their own Escape).
 */
import { useEffect, useRef } from 'react';

export const SHORTCUTS: { key: string; label: string }[] = [
  { key: '/', label: 'Focus the filter' },
  { key: '1', label: 'Objects list' },
  { key: '2', label: 'Object detail' },
  { key: '3', label: 'Data sources' },
  { key: '4', label: 'Maps and files (basemap, offline area, import)' },
  { key: '5', label: 'Alerts' },
  { key: '6', label: 'Rules and geofences' },
  { key: 'z', label: 'Zoom to fit every object the filter selects' },
  { key: 'f', label: 'Follow / unfollow the selected object' },
  { key: 't', label: 'Switch light / dark theme' },
  { key: 'm', label: 'Measure distance and bearing (on / off)' },
  { key: 'r', label: 'Range rings around the selected object or a clicked point (on / off)' },
  { key: 'Escape', label: 'End measuring, then clear range rings, then clear the selection' },
  { key: '?', label: 'Show these shortcuts' },
];

/** Calls `actions[key]` for shortcut keys pressed outside text fields. */
export function useShortcuts(actions: Record<string, () => void>): void {
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      const typing =
        !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
      if (typing) return;
      const action = ref.current[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

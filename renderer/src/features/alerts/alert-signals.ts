/**
 * How a raised alert gets attention besides the panel: a short beep made with WebAudio (no sound
 * file) and a desktop notification through the `Notification` API (Electron's renderer has the same
 * API as a browser, so there is one code path). Both can be switched off; the choice is kept in
 * localStorage like the window's other settings.
 */
import { useSyncExternalStore } from 'react';

export interface AlertSignalSettings {
  sound: boolean;
  notifications: boolean;
}

const KEYS: Record<keyof AlertSignalSettings, string> = {
  sound: 'osm-tracker.alert-sound',
  notifications: 'osm-tracker.alert-notifications',
};
const listeners = new Set<() => void>();
let cached: AlertSignalSettings | null = null;

/** The remembered settings (both on unless switched off). */
export function loadAlertSignalSettings(storage: Storage = localStorage): AlertSignalSettings {
  return { sound: storage.getItem(KEYS.sound) !== 'off', notifications: storage.getItem(KEYS.notifications) !== 'off' };
}

/** Remembers one setting and tells every reader. */
export function setAlertSignal(key: keyof AlertSignalSettings, on: boolean, storage: Storage = localStorage): void {
  storage.setItem(KEYS[key], on ? 'on' : 'off');
  cached = null;
  for (const l of listeners) l();
}

/** The current settings, re-rendering when they change. */
export function useAlertSignalSettings(): AlertSignalSettings {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => (cached ??= loadAlertSignalSettings()),
  );
}

let audio: AudioContext | null = null;
let lastBeep = -Infinity;
/** A burst of alerts beeps once. */
const BEEP_GAP_MS = 1000;

/** A short two-tone beep (about a quarter second); silent where WebAudio is missing or blocked. */
export function playAlertSound(): void {
  const Ctx = globalThis.AudioContext;
  if (!Ctx || performance.now() - lastBeep < BEEP_GAP_MS) return;
  lastBeep = performance.now();
  audio ??= new Ctx();
  const ctx = audio;
  // A context created before any user gesture starts suspended; resuming may be refused, which is fine.
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  const t = ctx.currentTime;
  const gain = ctx.createGain();
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.2, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.28);
  gain.connect(ctx.destination);
  const osc = ctx.createOscillator();
  osc.type = 'sine';
  osc.frequency.setValueAtTime(880, t);
  osc.frequency.setValueAtTime(660, t + 0.12);
  osc.connect(gain);
  osc.start(t);
  osc.stop(t + 0.3);
}

/** Whether desktop notifications can be shown now, or could be after asking. */
export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks for permission to show desktop notifications (call from a click). */
export async function requestNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/**
 * Shows a desktop notification when permitted; `onClick` runs when the user clicks it. Each one
 * replaces the previous (one tag), so a burst of alerts does not pile up on the desktop.
 */
export function showDesktopNotification(title: string, body: string, onClick: () => void): void {
  if (notificationPermission() !== 'granted') return;
  const n = new Notification(title, { body, tag: 'osm-tracker-alert', renotify: true } as NotificationOptions);
  n.onclick = () => {
    window.focus();
    onClick();
    n.close();
  };
}

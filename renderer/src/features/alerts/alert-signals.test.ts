import { describe, expect, it } from 'vitest';
import { loadAlertSignalSettings, notificationPermission, setAlertSignal } from './alert-signals.js';

describe('alert signal settings', () => {
  it('are both on until switched off, and remembered', () => {
    localStorage.clear();
    expect(loadAlertSignalSettings()).toEqual({ sound: true, notifications: true });
    setAlertSignal('sound', false);
    expect(loadAlertSignalSettings()).toEqual({ sound: false, notifications: true });
    setAlertSignal('notifications', false);
    setAlertSignal('sound', true);
    expect(loadAlertSignalSettings()).toEqual({ sound: true, notifications: false });
  });
  it('say unsupported where there is no Notification API (jsdom)', () => {
    expect(notificationPermission()).toBe('unsupported');
  });
});

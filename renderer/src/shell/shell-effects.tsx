/**
 * What the window does besides drawing: live wiring, remembered settings, app info and main's
 * notices, and the keyboard shortcuts. Rendered once; it draws nothing.
 */
import { useEffect } from 'react';
import type { ConnectionEvents } from '../api/connect-api.js';
import { errorMessage, useApp } from '../app/app-context.js';
import { useShellActions, useShellStore } from '../app/shell-context.js';
import { useLiveWiring } from './live-wiring.js';
import { useShellSettings, useStaleThresholds } from './shell-settings.js';
import { useShortcuts } from './use-shortcuts.js';

/** Loads app.info once and shows main's `app.notified` events as notifications. */
function useAppInfo(): void {
  const { client, notify } = useApp();
  const { setInfo } = useShellActions();
  useEffect(() => {
    client
      .call('app.info', {})
      .then(setInfo)
      .catch((err: unknown) => notify('error', `Could not reach the app core: ${errorMessage(err)}`));
    return client.on('app.notified', (n) => notify(n.level, n.message));
  }, [client, notify, setInfo]);
}

/** The shortcut keys listed in SHORTCUTS, bound to the shell's actions. */
function useShellShortcuts(): void {
  const { actions } = useShellStore();
  useShortcuts({
    '/': actions.focusFilter,
    '1': () => actions.showTab('objects'),
    '2': () => actions.showTab('detail'),
    '3': () => actions.showTab('sources'),
    '4': () => actions.showTab('offline'),
    '5': () => actions.showTab('alerts'),
    '6': () => actions.showTab('rules'),
    z: actions.fitAll,
    f: actions.toggleFollow,
    t: actions.toggleTheme,
    m: actions.toggleMeasure,
    r: actions.toggleRings,
    Escape: () => actions.select(null),
    '?': actions.toggleHelp,
  });
}

/** The window's effects; `connection` reports reconnects of the WebSocket transport. */
export function ShellEffects({ connection }: { connection: ConnectionEvents | undefined }) {
  useLiveWiring(connection);
  useShellSettings();
  useStaleThresholds();
  useAppInfo();
  useShellShortcuts();
  return null;
}

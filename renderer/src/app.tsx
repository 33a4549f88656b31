/**
 * The application: the API client, notifications, the shell store and the live store as providers
 * around the window's shell. Anything that escapes a handler becomes a notification.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from './api/client.js';
import type { ConnectionEvents } from './api/connect-api.js';
import { AppContext, errorMessage, type AppServices } from './app/app-context.js';
import { LiveObjectsContext } from './app/live-context.js';
import { ShellContext } from './app/shell-context.js';
import { createShellStore } from './app/shell-store.js';
import { Notifications } from './features/status-bar/notifications.js';
import { Shell } from './shell/shell.js';
import { loadShellSettings } from './shell/shell-settings.js';
import { useNotices } from './shell/use-notices.js';
import { createLiveObjects } from './state/live-objects.js';

/** Errors that escape a handler become notifications, never a silent failure or a blank window. */
function useWindowErrors(notify: AppServices['notify']): void {
  useEffect(() => {
    const onError = (e: ErrorEvent) => notify('error', `Unexpected error: ${e.message}`);
    const onRejection = (e: PromiseRejectionEvent) => notify('error', `Unexpected error: ${errorMessage(e.reason)}`);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    return () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    };
  }, [notify]);
}

/** The whole UI for one API client. */
export function App({ client, connection }: { client: ApiClient; connection?: ConnectionEvents }) {
  const { notices, notify, dismiss } = useNotices();
  const services: AppServices = useMemo(() => ({ client, notify }), [client, notify]);
  const [shell] = useState(() => createShellStore(loadShellSettings()));
  const [objects] = useState(() => createLiveObjects());
  useWindowErrors(notify);
  return (
    <AppContext value={services}>
      <ShellContext value={shell}>
        <LiveObjectsContext value={objects}>
          <Shell connection={connection} />
        </LiveObjectsContext>
      </ShellContext>
      <Notifications notices={notices} onDismiss={dismiss} />
    </AppContext>
  );
}

/**
 * The application: the API client, notifications, the shell store and the live store as providers
 * around the window's shell. Anything that escapes a handler becomes a notification.
 */
import { useEffect, useMemo, useState } from 'react';
import { RpcError, type ApiClient } from './api/client.js';
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

const WINDOW_FAULT = 'Something went wrong in this window; reload it if it stops responding.';

/** Errors that escape a handler become notifications, never a silent failure or a blank window. */
function useWindowErrors(notify: AppServices['notify']): void {
  useEffect(() => {
    // A fault in the window's own code is a programmer's message: the console keeps it, the user
    // reads a sentence. A refusal from main that nobody caught is main's sentence.
    const onError = () => notify('error', WINDOW_FAULT);
    const onRejection = (e: PromiseRejectionEvent) =>
      notify('error', e.reason instanceof RpcError ? errorMessage(e.reason) : WINDOW_FAULT);
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

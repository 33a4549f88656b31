/**
 * A headless page whose key the hub refuses (missing, or out of date after a rotation) shows one
 * full screen saying so, instead of the app and a stream of failed calls. Electron never gets here.
 */
import { useCallback, useSyncExternalStore, type ReactNode } from 'react';
import type { ConnectionEvents } from '../api/connect-api.js';
import type { ConnectionState } from '../api/ws-transport.js';

/** The screen's headline, also quoted in README and docs/security.md. */
export const STALE_KEY_MESSAGE = "This page's access key is out of date — open the link printed by the app";

/** The app, or only the "out of date" screen once the transport reports 'refused'. */
export function SessionGate({
  connection,
  children,
}: {
  connection: (ConnectionEvents & { state?: () => ConnectionState }) | undefined;
  children: ReactNode;
}) {
  const subscribe = useCallback(
    (changed: () => void) => connection?.onStateChange(changed) ?? (() => undefined),
    [connection],
  );
  const refused = useSyncExternalStore(subscribe, () => connection?.state?.() === 'refused');
  return refused ? <StaleKeyScreen /> : children;
}

/** The one screen: what happened and what to do, nothing else. */
export function StaleKeyScreen() {
  return (
    <main className="stale-key" data-testid="stale-key-screen" role="alert">
      <h1>{STALE_KEY_MESSAGE}</h1>
      <p>
        The app prints the link, with the current key, when it starts (<code>npm run serve</code>). The key stays the
        same across restarts until someone rotates it under <strong>Maps &amp; files → Access key</strong>.
      </p>
    </main>
  );
}

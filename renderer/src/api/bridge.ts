/**
 * The shape of `window.tracker`, the object Electron's preload exposes: only `call` and `on`.
 * The preload checks its implementation against this type with `satisfies Bridge`.
 */
import type { RpcReply } from './client.js';

/** What the preload exposes on `window.tracker`; no per-method code, so nothing to keep in sync. */
export interface Bridge {
  /** Calls a contract method in main; errors come back as `{ ok: false, error }` values. */
  call(method: string, params: unknown): Promise<RpcReply>;
  /** Listens to one push event; returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** The key under which the preload exposes the bridge. */
export const BRIDGE_KEY = 'tracker';

declare global {
  interface Window {
    tracker?: Bridge;
  }
}

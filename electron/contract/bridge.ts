/**
 * How a call and an event cross a process boundary: the reply every transport answers with, the IPC
 * channel names, the WebSocket path, and the `window.tracker` bridge the preload exposes.
 */
import type { AppErrorShape } from './errors.js';

/** What every transport returns for a call: errors are values, never throws across the boundary. */
export type RpcReply = { ok: true; result: unknown } | { ok: false; error: AppErrorShape };

/** The IPC invoke channel for calls (`{ method, params }` → RpcReply). */
export const RPC_CHANNEL = 'rpc';

/** The IPC push channel for events (`RpcPush`). */
export const RPC_EVENT_CHANNEL = 'rpc:event';

/** One event pushed on `RPC_EVENT_CHANNEL`. */
export interface RpcPush {
  event: string;
  payload: unknown;
}

/** Where the JSON-RPC 2.0 WebSocket bridge answers (headless browser, or a browser beside the app). */
export const RPC_PATH = '/api/rpc';

/**
 * The close code of app-token connections (the bridge, hub subscribers) when the access key was
 * rotated: the page then shows its "out of date" screen instead of reconnecting with the old key.
 */
export const CLOSE_ACCESS_KEY_CHANGED = 4401;

/** What the preload exposes on `window.tracker`; no per-method code, so nothing to keep in sync. */
export interface Bridge {
  /** Calls a contract method in main; errors come back as `{ ok: false, error }` values. */
  call(method: string, params: unknown): Promise<RpcReply>;
  /** Listens to one push event; returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** The key under which the preload exposes the bridge (`window.tracker`). */
export const BRIDGE_KEY = 'tracker';

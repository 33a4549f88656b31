/**
 * The preload: exposes exactly `call` and `on` on `window.tracker` (STYLE §2). It holds no
 * per-method code, so a new contract method needs no change here. Runs sandboxed (bundled to CJS).
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  BRIDGE_KEY,
  RPC_CHANNEL,
  RPC_EVENT_CHANNEL,
  type Bridge,
  type RpcPush,
  type RpcReply,
} from '../contract/bridge.js';

/** The ipcRenderer calls the bridge needs. */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Builds the bridge over an ipcRenderer; event objects never reach the page (they hold `sender`). */
export function createPreloadBridge(ipc: PreloadIpc) {
  return {
    call: (method: string, params: unknown) => ipc.invoke(RPC_CHANNEL, { method, params }) as Promise<RpcReply>,
    on(event: string, listener: (payload: unknown) => void) {
      const onPush = (_event: unknown, message: unknown): void => {
        const push = message as Partial<RpcPush> | null;
        if (push && push.event === event) listener(push.payload);
      };
      ipc.on(RPC_EVENT_CHANNEL, onPush);
      return () => {
        ipc.removeListener(RPC_EVENT_CHANNEL, onPush);
      };
    },
  } satisfies Bridge;
}

contextBridge.exposeInMainWorld(BRIDGE_KEY, createPreloadBridge(ipcRenderer));

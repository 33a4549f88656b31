/** The transport used inside Electron: forwards to the preload's `window.tracker` bridge. */
import type { Bridge } from '../../../electron/contract/bridge.js';
import type { RpcReply, Transport } from './client.js';

/** Wraps the preload bridge as a Transport; turns a rejected invoke into an error value. */
export function createIpcTransport(bridge: Bridge): Transport {
  return {
    async call(method, params): Promise<RpcReply> {
      try {
        return await bridge.call(method, params);
      } catch (error) {
        // ipcRenderer.invoke rejects only when main has no handler or the message cannot be cloned;
        // the user gets a sentence, the console keeps which call and why.
        console.error(`The call '${method}' did not reach main:`, error);
        return { ok: false, error: { code: 'UNAVAILABLE', message: 'The window could not reach the app.' } };
      }
    },
    on(event, listener) {
      return bridge.on(event, listener);
    },
  };
}

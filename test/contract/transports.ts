/**
 * The two transports the contract suite runs every case through: the IPC bridge over the fake
 * electron module (structured-clone copies, the real preload) and the real WebSocket bridge on a
 * real hub listening on 127.0.0.1 port 0.
 */
import { WebSocket } from 'ws';
import { createClient, type ApiClient, type Transport } from '../../renderer/src/api/client.js';
import { createIpcTransport } from '../../renderer/src/api/ipc-transport.js';
import { createWsTransport, type WebSocketLike, type WsTransport } from '../../renderer/src/api/ws-transport.js';
import type { Bridge } from '../../electron/contract/bridge.js';
import { createIpcBridge, createSenderCheck } from '../../electron/main/ipc-bridge.js';
import type { Dispatcher } from '../../electron/core/dispatch/dispatcher.js';
import type { EventBus } from '../../electron/core/dispatch/event-bus.js';
import { createFakeElectron, type FakeRenderer } from '../fakes/electron.js';
import { quietLogger } from '../fakes/quiet-logger.js';

export interface Connected {
  name: 'ipc' | 'ws';
  client: ApiClient;
  transport: Transport;
  close(): Promise<void> | void;
}

/**
 * Wires the IPC bridge to a fresh fake electron: our renderer (trusted) plus a factory for foreign
 * ones. `createPreloadBridge` is the real preload code (imported after electron is faked).
 */
export async function connectIpc(
  dispatcher: Pick<Dispatcher, 'dispatch'>,
  events?: Pick<EventBus, 'on'>,
  ourUrl?: string,
) {
  const fake = createFakeElectron();
  const ours = fake.createRenderer(ourUrl ? { url: ourUrl } : {});
  const bridge = createIpcBridge({
    ipcMain: fake.ipcMain,
    dispatcher,
    ...(events ? { events } : {}),
    eventTarget: () => ours.webContents,
    log: quietLogger,
    isTrustedSender: createSenderCheck(
      () => ours.webContents,
      (url) => url.startsWith('app://tracker/'),
    ),
  });
  const stop = bridge.start();
  const { createPreloadBridge } = await import('../../electron/preload/preload.js');
  const preloadFor = (r: FakeRenderer): Bridge => createPreloadBridge(r.ipcRenderer);
  const transport = createIpcTransport(preloadFor(ours));
  const connected: Connected = { name: 'ipc', client: createClient(transport), transport, close: stop };
  return { ...connected, fake, ours, bridge, preloadFor };
}

/** Opens the WS transport (the renderer's own code) against a running hub URL with a token. */
export function connectWs(baseUrl: string, token: string, origin?: string): Connected & { transport: WsTransport } {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/rpc?token=${encodeURIComponent(token)}`;
  const transport = createWsTransport({
    url,
    minDelayMs: 50,
    createSocket: (u) => new WebSocket(u, origin ? { origin } : {}) as unknown as WebSocketLike,
  });
  return { name: 'ws', client: createClient(transport), transport, close: () => transport.close() };
}

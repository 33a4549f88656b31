/**
 * Picks the transport at start-up: IPC when the Electron preload exposed `window.tracker`, the
 * WebSocket bridge otherwise (headless mode in a browser). Nothing else in the renderer knows which.
 */
import './bridge.js';
import { createClient, type ApiClient, type Transport } from './client.js';
import { createIpcTransport } from './ipc-transport.js';
import { bridgeUrlFromLocation, createWsTransport, type WsTransport } from './ws-transport.js';

/** A transport that can report reconnects (the WebSocket one does; IPC never drops). */
export type ConnectionEvents = Pick<WsTransport, 'onStateChange'>;

/** The client, its transport, and the transport's reconnect events when it has them. */
export interface ConnectedApi {
  client: ApiClient;
  transport: Transport;
  kind: 'ipc' | 'ws';
  connection?: ConnectionEvents;
}

/** Connects the API client for this page. */
export function connectApi(win: Window = window): ConnectedApi {
  if (win.tracker) {
    const transport = createIpcTransport(win.tracker);
    return { client: createClient(transport), transport, kind: 'ipc' };
  }
  const transport = createWsTransport({ url: bridgeUrlFromLocation(win.location, win.sessionStorage) });
  return { client: createClient(transport), transport, kind: 'ws', connection: transport };
}

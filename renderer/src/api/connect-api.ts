/**
 * Picks the transport at start-up: IPC when the Electron preload exposed `window.tracker`, the
 * WebSocket bridge otherwise (headless mode in a browser). Nothing else in the renderer knows which.
 */
import './bridge.js';
import { createClient, type ApiClient, type Transport } from './client.js';
import { createIpcTransport } from './ipc-transport.js';
import { checkAccess } from './access-check.js';
import {
  TOKEN_STORAGE_KEY,
  bridgeUrlFor,
  bridgeUrlFromLocation,
  createWsTransport,
  type WsTransport,
} from './ws-transport.js';

/** A transport that can report reconnects and a refused key (the WebSocket one does; IPC never drops). */
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
  const fromUrl = bridgeUrlFromLocation(win.location, win.sessionStorage);
  // After "Rotate access key" the page stores the new key before it reloads: reconnects and key
  // checks in between use it, so the reload is not mistaken for an out-of-date page.
  const token = (): string | null => win.sessionStorage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  const transport = createWsTransport({
    url: () => {
      const stored = token();
      return stored === null ? fromUrl : bridgeUrlFor(win.location, stored);
    },
    checkAccess: () => checkAccess(win.location.origin, token() ?? new URL(fromUrl).searchParams.get('token') ?? ''),
  });
  return { client: createClient(transport), transport, kind: 'ws', connection: transport };
}

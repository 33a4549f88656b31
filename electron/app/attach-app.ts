/**
 * Wires the app's two browser-facing pieces into the hub: the JSON-RPC bridge at `/api/rpc` (app
 * token required, checked by the hub's door with Host and Origin) and the built renderer at `/`
 * (static, no token: the page carries it in `?token=` for the bridge), and the page's key check
 * (`GET /api/rpc`).
 */
import { RPC_PATH } from '../contract/bridge.js';
import type { Hub } from '../core/hub/create-hub.js';
import { sendError } from '../core/hub/http-io.js';
import { createRpcBridge, type RpcBridgeOptions } from './rpc-bridge.js';
import { createStaticFiles } from './static-files.js';

/** The part of the hub this needs. */
export type HubHooks = Pick<Hub, 'addRoute' | 'addUpgrade' | 'trackConnection'>;

export interface AttachAppOptions extends Pick<RpcBridgeOptions, 'dispatcher' | 'events' | 'log' | 'maxPayload'> {
  /** dist/renderer; omit to serve the bridge only. */
  rendererDir?: string;
}

/** Adds `/api/rpc` and (optionally) the static renderer to a hub before `start()`; returns stop(). */
export function attachApp(hub: HubHooks, options: AttachAppOptions): () => Promise<void> {
  const { rendererDir, ...bridgeOptions } = options;
  const bridge = createRpcBridge({
    ...bridgeOptions,
    trackConnection: (ws, principal) => hub.trackConnection(ws, principal),
  });
  hub.addUpgrade(RPC_PATH, (req, socket, head, ctx) => bridge.upgrade(req, socket, head, ctx), { auth: 'app' });
  // A page cannot read why its WebSocket upgrade failed; a plain GET of the same path with its token
  // tells it: 204 (the key is good, the app was away) or the hub's 401 (the key is out of date).
  hub.addRoute('GET', RPC_PATH, (_req, res) => void res.writeHead(204, { 'Cache-Control': 'no-store' }).end());
  if (rendererDir) {
    const serveStatic = createStaticFiles({ root: rendererDir });
    hub.addRoute(
      'GET',
      '/*',
      async (req, res) => {
        if (await serveStatic(req, res)) return;
        sendError(res, {
          code: 'NOT_FOUND',
          message: `No file at '${new URL(req.url ?? '/', 'http://x').pathname.slice(0, 200)}'.`,
        });
      },
      { auth: 'none' },
    );
  }
  return () => bridge.stop();
}

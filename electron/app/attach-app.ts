/**
 * Wires the app's two browser-facing pieces into the hub: the JSON-RPC bridge at `/api/rpc` (app
 * token required, checked by the hub's door with Host and Origin) and the built renderer at `/`
 * (static, no token: the page carries it in `?token=` for the bridge).
 */
import type { WebSocket } from 'ws';
import { RPC_PATH } from '../contract/bridge.js';
import type { Logger } from '../contract/logger.js';
import type { Dispatcher } from '../core/dispatch/dispatcher.js';
import type { EventBus } from '../core/dispatch/event-bus.js';
import { sendError } from '../core/hub/http-io.js';
import type { RouteHandler, UpgradeHandler } from '../core/hub/types.js';
import { createRpcBridge } from './rpc-bridge.js';
import { createStaticFiles } from './static-files.js';

/** The part of the hub this needs (electron/core/hub/create-hub.ts). */
export interface HubHooks {
  addRoute(method: string, pattern: string, handler: RouteHandler, options?: { auth?: 'app' | 'none' }): void;
  addUpgrade(path: string, handler: UpgradeHandler, options?: { auth?: 'app' | 'none' }): void;
  trackConnection(ws: WebSocket): void;
}

export interface AttachAppOptions {
  dispatcher: Pick<Dispatcher, 'dispatch'>;
  /** The core's broadcast events (core.events), forwarded to every RPC client. */
  events?: Pick<EventBus, 'on'>;
  log: Logger;
  /** dist/renderer; omit to serve the bridge only. */
  rendererDir?: string;
  maxPayload?: number;
}

/** Adds `/api/rpc` and (optionally) the static renderer to a hub before `start()`; returns stop(). */
export function attachApp(hub: HubHooks, options: AttachAppOptions): () => Promise<void> {
  const bridge = createRpcBridge({
    dispatcher: options.dispatcher,
    ...(options.events ? { events: options.events } : {}),
    log: options.log,
    maxPayload: options.maxPayload,
    trackConnection: (ws) => hub.trackConnection(ws),
  });
  hub.addUpgrade(RPC_PATH, (req, socket, head, ctx) => bridge.upgrade(req, socket, head, ctx), { auth: 'app' });
  if (options.rendererDir) {
    const serveStatic = createStaticFiles({ root: options.rendererDir });
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

/**
 * The WebSocket twin of the IPC bridge: JSON-RPC 2.0 at `/api/rpc` (requests, results, errors, and
 * notifications for events), every call through the one dispatcher. The hub runs the Host/Origin/
 * token checks before handing an upgrade here; this bridge refuses anything without the app principal.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { EventName } from '../contract/events.js';
import type { Logger } from '../contract/logger.js';
import type { CallContext, Dispatcher, Principal } from '../core/dispatch/dispatcher.js';
import type { EventBus } from '../core/dispatch/event-bus.js';
import { JSON_RPC_CODES, handleJsonRpcText, jsonRpcError, jsonRpcNotification } from '../core/dispatch/json-rpc.js';

export interface RpcBridgeOptions {
  dispatcher: Pick<Dispatcher, 'dispatch'>;
  /** Broadcast events (source.statusChanged, app.statsChanged, …) forwarded to every client. */
  events?: Pick<EventBus, 'on'>;
  log: Logger;
  /** Largest accepted frame in bytes (default 256 MiB: files.import carries files of up to 200 MiB). */
  maxPayload?: number;
  /** Ping interval; a client that missed the previous pong is dropped (default 30 s; 0 = none). */
  heartbeatMs?: number;
  /** The hub's connection tracking (counts, heartbeat, error listener); when given, heartbeatMs defaults to 0. */
  trackConnection?: (ws: WebSocket, principal: Principal) => void;
  /** Bytes buffered for a slow client above which it is cut off with 1013 (default 64 MiB). */
  maxBufferedBytes?: number;
}

/** Creates the bridge; hand `upgrade` to the hub (`hub.addUpgrade(RPC_PATH, bridge.upgrade)`). */
export function createRpcBridge(options: RpcBridgeOptions) {
  const { dispatcher, log } = options;
  const maxBuffered = options.maxBufferedBytes ?? 64 * 1024 * 1024;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload ?? 256 * 1024 * 1024,
    perMessageDeflate: false,
  });
  const alive = new WeakMap<WebSocket, boolean>();
  let nextClient = 1;

  const heartbeatMs = options.heartbeatMs ?? (options.trackConnection ? 0 : 30_000);
  const heartbeat =
    heartbeatMs > 0
      ? setInterval(() => {
          for (const ws of wss.clients) {
            if (alive.get(ws) === false) {
              ws.terminate();
              continue;
            }
            alive.set(ws, false);
            ws.ping();
          }
        }, heartbeatMs)
      : undefined;
  heartbeat?.unref();

  const attach = (ws: WebSocket, principal: Principal): void => {
    const clientId = `rpc:${nextClient++}`;
    const closers: (() => void)[] = [];
    alive.set(ws, true);
    options.trackConnection?.(ws, principal);
    const send = (text: string): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > maxBuffered) {
        log.warn('rpc client cut off: too slow', { client_id: clientId, buffered: ws.bufferedAmount });
        ws.close(1013, 'Client too slow.');
        return;
      }
      ws.send(text);
    };
    const ctx: CallContext = {
      clientId,
      principal,
      push: (event: EventName, payload: unknown) => send(JSON.stringify(jsonRpcNotification(event, payload))),
      onClose: (cb) => void closers.push(cb),
      // Lets the live bus conflate instead of queueing while this client is still reading.
      isBusy: () => ws.bufferedAmount > 1024 * 1024,
    };
    ws.on('pong', () => alive.set(ws, true));
    // Without an error listener one bad frame (e.g. oversize) would throw and kill the process.
    ws.on('error', (error) => log.debug('rpc socket error', { client_id: clientId, error: error.message }));
    if (options.events) closers.push(options.events.on((event, payload) => ctx.push(event, payload)));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        send(
          JSON.stringify(
            jsonRpcError(
              null,
              { code: 'INVALID_INPUT', message: 'Binary frames are not JSON-RPC.' },
              JSON_RPC_CODES.parseError,
            ),
          ),
        );
        return;
      }
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8');
      void handleJsonRpcText(text, (method, params) => dispatcher.dispatch(method, params, ctx)).then(
        (reply) => reply !== null && send(reply),
        (error: unknown) => log.error('rpc frame failed', { client_id: clientId, error: String(error) }),
      );
    });
    ws.on('close', () => {
      for (const close of closers.splice(0)) {
        try {
          close();
        } catch (error) {
          log.error('rpc close handler failed', { client_id: clientId, error: String(error) });
        }
      }
    });
  };

  return {
    /** Upgrade handler, to be called after the hub's Host/Origin/token checks. */
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, ctx: { principal: Principal | null }): void {
      if (ctx.principal?.kind !== 'app') {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const principal = ctx.principal;
      wss.handleUpgrade(req, socket, head, (ws) => attach(ws, principal));
    },
    /** Open connections (for stats and tests). */
    clientCount: (): number => wss.clients.size,
    /** Closes every client (1001) and stops the heartbeat. */
    async stop(): Promise<void> {
      if (heartbeat) clearInterval(heartbeat);
      for (const ws of wss.clients) ws.close(1001, 'Server shutting down.');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

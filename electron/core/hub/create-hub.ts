/**
 * The local hub (ARCHITECTURE §5, §9): one Node HTTP server with `ws` in noServer mode. Every request
 * and upgrade passes the Host (421), Origin (403) and token (401) checks first; publishers feed the
 * one ingest path, subscribers watch the live bus, REST calls the one dispatcher.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE_ACCESS_KEY_CHANGED } from '../../contract/bridge.js';
import { AppError } from '../../contract/errors.js';
import { isLoopback } from '../config.js';
import { resolveHubConfig } from './hub-config.js';
import { answerClientError, sendError } from './http-io.js';
import { CLOSE_POLICY, createPublisherSet } from './publisher-set.js';
import { attachPublisher } from './publisher-socket.js';
import { addRestRoutes } from './rest-routes.js';
import {
  allowedHostSet,
  checkAppToken,
  checkHost,
  checkOrigin,
  createAuthFailures,
  loggablePath,
  presentedToken,
  type GuardFailure,
} from './request-guard.js';
import { createRouter } from './router.js';
import { createUpgradeSlots } from './upgrade-slots.js';
import { createSocketRegistry, refuseUpgrade } from './socket-registry.js';
import { createSourceAuth } from '../auth.js';
import { attachSubscriber } from './subscriber-socket.js';
import type { HubConfig, HubDeps, Principal, RouteHandler, RouteOptions, UpgradeHandler } from './types.js';
import type { Logger } from '../../contract/logger.js';

export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_TRY_AGAIN = 1013;
const PUBLISHER_PATH = /^\/api\/ws\/data-source\/([^/]+)\/([^/]+)\/?$/;
const SUBSCRIBER_PATH = /^\/api\/ws\/objects\/([^/]+)\/?$/;

export interface CreateHubOptions extends Partial<HubDeps> {
  /** The composed core; its parts are used unless given one by one. */
  core?: Partial<HubDeps>;
  config: Partial<HubConfig> & { token: string };
  log: Logger;
  version?: string;
}

export interface RunningHub {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface Hub {
  /** Adds an HTTP route (`:name` path params, trailing `*`); checked for Host/Origin, and the app token unless `auth: 'none'`. */
  addRoute(method: string, pattern: string, handler: RouteHandler, options?: RouteOptions): void;
  /** Adds a WebSocket upgrade path (exact); the Host/Origin/token checks run first. */
  addUpgrade(path: string, handler: UpgradeHandler, options?: RouteOptions): void;
  /**
   * Counts one more open connection made by an added upgrade handler; with the app principal it is
   * also closed when the app token changes (setToken).
   */
  trackConnection(ws: WebSocket, principal?: Principal): void;
  /**
   * Accepts `token` as the app token from now on and refuses the old one; connections opened with
   * the old one are closed with CLOSE_ACCESS_KEY_CHANGED shortly after (see closeAppSockets).
   */
  setToken(token: string): void;
  start(): Promise<RunningHub>;
  stats(): { publishers: number; subscribers: number; connections: number };
}

/** Builds the hub; nothing listens until `start()`. */
export function createHub(options: CreateHubOptions): Hub {
  const deps = pickDeps(options);
  const cfg = resolveHubConfig(options.config);
  const log = options.log;
  const router = createRouter();
  const failures = createAuthFailures({ log });
  addRestRoutes(router, deps, cfg, options.version ?? '0.0.0', failures);
  const upgrades = new Map<string, { handler: UpgradeHandler; auth: 'app' | 'none' }>();
  const wsOptions = {
    noServer: true,
    perMessageDeflate: false,
    skipUTF8Validation: true,
    clientTracking: false,
  } as const;
  const pubWss = new WebSocketServer({ ...wsOptions, maxPayload: cfg.maxPublisherPayload });
  const subWss = new WebSocketServer({ ...wsOptions, maxPayload: cfg.maxSubscriberPayload });
  const registry = createSocketRegistry(log);
  const track = registry.track;
  const refuse = refuseUpgrade;
  const publishers = createPublisherSet(deps.auth, log, (id, n) => deps.connectors?.setPublishers?.(id, n));
  const slots = createUpgradeSlots(cfg, log, deps.connectors);
  let subscribers = 0;
  let allowedHosts = new Set<string>();
  const appSockets = new Set<WebSocket>();

  /** Remembers a connection the app token opened, until it closes. */
  function trackApp(ws: WebSocket): void {
    appSockets.add(ws);
    ws.on('close', () => appSockets.delete(ws));
  }

  /**
   * Closes the old token's connections after a short grace: the caller of `app.rotateToken` holds
   * one of them, and must get its answer (the new token) before its socket closes.
   */
  function closeAppSockets(): void {
    const old = [...appSockets];
    setTimeout(() => {
      for (const ws of old) ws.close(CLOSE_ACCESS_KEY_CHANGED, 'The access key was changed.');
    }, 200).unref();
  }

  function doorCheck(req: IncomingMessage): GuardFailure | null {
    return checkHost(req, allowedHosts) ?? checkOrigin(req, allowedHosts, cfg.allowedOrigins);
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const path = loggablePath(req.url);
    const failed = doorCheck(req);
    if (failed) {
      log.warn('upgrade refused', { path, status: failed.status, reason: failed.message });
      return refuse(socket, failed.status, failed.code, failed.message);
    }
    const pub = PUBLISHER_PATH.exec(url.pathname);
    if (pub) return upgradePublisher(req, socket, head, url, safeDecode(pub[1]!), safeDecode(pub[2]!));
    const sub = SUBSCRIBER_PATH.exec(url.pathname);
    const added = upgrades.get(url.pathname);
    if (sub || added) {
      const bad = sub || added?.auth === 'app' ? checkAppToken(req, url, cfg.token) : null;
      if (bad) {
        await failures.refused(req, 'app token', path);
        return refuse(socket, bad.status, bad.code, bad.message);
      }
      if (!slots.take(req, socket, url, { kind: added ? 'rpc' : 'subscriber' })) return;
      const principal: Principal = { kind: 'app' };
      if (added) return added.handler(req, socket, head, { url, principal });
      return subWss.handleUpgrade(req, socket, head, (ws) => {
        track(ws);
        trackApp(ws);
        subscribers++;
        ws.on('close', () => subscribers--);
        attachSubscriber({ ws, clientId: safeDecode(sub![1]!), deps, cfg, log });
      });
    }
    log.warn('upgrade refused', { path, status: 404 });
    refuse(socket, 404, 'NOT_FOUND', `No WebSocket endpoint at '${path}'.`);
  }

  async function upgradePublisher(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    url: URL,
    sourceId: string,
    clientId: string,
  ): Promise<void> {
    const token = presentedToken(req, url);
    if (token === undefined)
      return refuse(socket, 401, 'UNAUTHORIZED', 'A source token is required (Authorization: Bearer or ?token=).');
    const state = await deps.auth.checkSource(sourceId, token);
    if (state === 'bad-token') {
      await failures.refused(req, 'source token', loggablePath(req.url));
      return refuse(socket, 401, 'UNAUTHORIZED', `The token presented is not valid for data source '${sourceId}'.`);
    }
    const ask = { kind: 'publisher', sourceId, authenticated: state === 'ok' } as const;
    if (!slots.take(req, socket, url, ask)) return;
    pubWss.handleUpgrade(req, socket, head, (ws) => {
      track(ws);
      if (state === 'inactive') {
        const reason = `Data source '${sourceId}' is inactive.`;
        log.info('publisher closed', { source_id: sourceId, reason });
        return ws.close(CLOSE_POLICY, reason.slice(0, 120));
      }
      publishers.add(sourceId, ws);
      log.info('publisher connected', { source_id: sourceId, client_id: clientId });
      attachPublisher({ ws, sourceId, clientId, deps, cfg, log, onSourceGone: (id) => void publishers.recheck(id) });
    });
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const failed = doorCheck(req);
    if (failed) {
      log.warn('request refused', { method: req.method, path: loggablePath(req.url), status: failed.status });
      return sendError(res, failed, failed.status);
    }
    const m = router.match(req.method ?? 'GET', url.pathname);
    if (m === null) return sendError(res, { code: 'NOT_FOUND', message: `No route for '${loggablePath(req.url)}'.` });
    if (m === 'method')
      return sendError(
        res,
        { code: 'INVALID_INPUT', message: `Method ${req.method ?? ''} is not allowed on '${url.pathname}'.` },
        405,
      );
    let principal: Principal | null = null;
    if (m.options.auth === 'app') {
      const bad = checkAppToken(req, url, cfg.token);
      if (bad) {
        await failures.refused(req, 'app token', loggablePath(req.url));
        return sendError(res, bad, bad.status);
      }
      principal = { kind: 'app' };
    }
    try {
      await m.handler(req, res, { params: m.params, url, principal });
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('INTERNAL', 'The request failed; see the local log.');
      if (!(err instanceof AppError))
        log.error('request failed', { method: req.method, path: loggablePath(req.url), error: String(err) });
      const status = (e.details as { status?: number } | undefined)?.status;
      if (!res.headersSent) sendError(res, { code: e.code, message: e.message }, status);
      else res.destroy();
    }
  }

  async function start(): Promise<RunningHub> {
    const server = createServer({ requestTimeout: 60_000, headersTimeout: 20_000, maxHeaderSize: cfg.maxHeaderBytes });
    server.on('request', (req, res) => void onRequest(req, res));
    server.on('upgrade', (req, socket, head) => {
      onUpgrade(req, socket, head).catch((err: unknown) => {
        log.error('upgrade failed', { path: loggablePath(req.url), error: String(err) });
        refuse(socket, 500, 'INTERNAL', 'The upgrade failed; see the local log.');
      });
    });
    server.on('clientError', (err, socket) => answerClientError(err, socket, cfg.maxHeaderBytes));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(cfg.port, cfg.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    allowedHosts = allowedHostSet(cfg, port);
    if (!isLoopback(cfg.host)) log.warn('hub is open to the network', { host: cfg.host, port });
    const stopHeartbeat = registry.startHeartbeat(cfg.heartbeatMs);
    const stopRechecks = publishers.startRechecks();
    const urlHost =
      cfg.host === '0.0.0.0' || cfg.host === '::' ? '127.0.0.1' : cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host;
    log.info('hub listening', { host: cfg.host, port });
    return {
      url: `http://${urlHost}:${port}`,
      port,
      async stop() {
        stopHeartbeat();
        stopRechecks();
        registry.closeAll(CLOSE_GOING_AWAY, 'Server shutting down.', 500);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 500).unref();
        await closed;
      },
    };
  }

  return {
    addRoute: (method, pattern, handler, opts) => router.add(method, pattern, handler, opts),
    addUpgrade(path, handler, opts = {}) {
      upgrades.set(path, { handler, auth: opts.auth ?? 'app' });
    },
    trackConnection(ws, principal) {
      track(ws);
      if (principal?.kind === 'app') trackApp(ws);
    },
    setToken(token) {
      if (token.length < 16)
        throw new AppError('INVALID_INPUT', "Option 'token' must be a string of at least 16 characters.");
      cfg.token = token;
      closeAppSockets();
    },
    start,
    stats: () => ({
      publishers: publishers.count(),
      subscribers,
      connections: registry.size(),
    }),
  };
}

function pickDeps(o: CreateHubOptions): HubDeps {
  const pick = <K extends keyof HubDeps>(k: K): HubDeps[K] => {
    const v = o[k] ?? o.core?.[k];
    if (v === undefined) throw new AppError('INVALID_INPUT', `createHub needs '${k}' (directly or in 'core').`);
    return v as HubDeps[K];
  };
  const store = pick('store');
  const connectors = o.connectors ?? o.core?.connectors;
  const rules = o.rules ?? o.core?.rules;
  return {
    dispatcher: pick('dispatcher'),
    ingest: pick('ingest'),
    store,
    auth: o.auth ?? o.core?.auth ?? createSourceAuth(store),
    ...(connectors ? { connectors } : {}),
    ...(rules ? { rules } : {}),
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

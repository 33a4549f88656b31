/**
 * The `osmand` connector: listens for phones running Traccar Client or OsmAnd (Traccar's OsmAnd
 * protocol over HTTP), decodes each report into an upsert for the device and answers 200 after it
 * commits; 400 for a report it cannot read (no device id, bad value), 403 for a device outside
 * `allow_devices`. Retries the bind with backoff while the port is taken.
 */
import net from 'node:net';
import type { OsmandConnectionInfo } from '../../../contract/sources/osmand.js';
import { isLoopback } from '../../config.js';
import { computeBackoff } from '../backoff.js';
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import { listenAddress } from '../net/listen-address.js';
import { serveHttpConnection, type HttpLimits, type HttpRequest, type HttpResponse } from './http-requests.js';
import { decodeOsmand } from './osmand-decode.js';

/** Limits of the listener (docs/adapters/osmand.md). */
export const OSMAND_LIMITS: HttpLimits & { maxConnections: number } = {
  maxHeadBytes: 16 * 1024,
  maxBodyBytes: 256 * 1024,
  requestTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  maxConnections: 1024,
};

/** Bind retries while the port is taken or the address is missing. */
const BIND_BACKOFF = { initial_ms: 1000, max_ms: 30_000, factor: 2, jitter: 0.2 };

/** The `osmand` connector: always runnable (host and port have defaults). */
export const osmandConnector: ConnectorFactory<OsmandConnectionInfo> = {
  type: 'osmand',
  isRunnable: () => true,
  start: (ctx) => startOsmandListener(ctx),
};

/** Starts listening; the returned stop closes the listener and every open connection. */
export function startOsmandListener(
  ctx: ConnectorContext<OsmandConnectionInfo>,
  limits: typeof OSMAND_LIMITS = OSMAND_LIMITS,
): StopConnector {
  const { host, port } = ctx.info;
  const allowDevices = ctx.info.allow_devices ? new Set(ctx.info.allow_devices) : undefined;
  const sockets = new Set<net.Socket>();
  let stopped = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const handle = async (req: HttpRequest): Promise<HttpResponse> => {
    ctx.noteMessage();
    if (req.method !== 'GET' && req.method !== 'POST') {
      ctx.reportRejected(1, `Method ${req.method} is not accepted; send GET or POST.`);
      return { status: 405, text: 'Only GET and POST are accepted.', headers: { Allow: 'GET, POST' } };
    }
    const decoded = decodeOsmand(
      { target: req.target, contentType: req.headers.get('content-type'), body: req.body },
      { sourceId: ctx.sourceId, now: ctx.now(), allowDevices },
    );
    if (!decoded.ok) {
      ctx.reportRejected(1, decoded.reason);
      return { status: decoded.status, text: decoded.reason };
    }
    if (decoded.note !== undefined) ctx.reportRejected(1, decoded.note);
    // Backpressure: while ingest is saturated the connection waits (and is not read) before its op joins the queue.
    if (ctx.isSaturated()) await ctx.whenDrained();
    await ctx.submit(decoded.ops);
    return { status: 200 };
  };

  const server = net.createServer((socket) => {
    if (sockets.size >= limits.maxConnections) {
      ctx.reportRejected(1, `Connection refused: ${limits.maxConnections} phones are already connected.`);
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveHttpConnection(socket, limits, {
      onRequest: handle,
      onBadRequest: (_status, reason) => ctx.reportRejected(1, reason),
    });
  });

  server.on('listening', () => {
    attempt = 0;
    const address = listenAddress(server.address(), `${host}:${port}`);
    ctx.setState({ state: 'listening', error: null, nextRetryAt: null, address });
    if (!isLoopback(host))
      ctx.log.warn('osmand listener is open to the network', { sourceId: ctx.sourceId, host, port });
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (stopped || server.listening) return;
    const delay = computeBackoff(BIND_BACKOFF, attempt);
    attempt += 1;
    const why = `Cannot listen on ${host}:${port}: ${err.code ?? err.message}.`;
    ctx.setState({ state: 'backoff', error: why, nextRetryAt: ctx.now() + delay });
    ctx.log.warn('osmand listener could not bind; retrying', { sourceId: ctx.sourceId, delayMs: delay, error: why });
    retryTimer = setTimeout(listen, delay);
  });

  function listen(): void {
    retryTimer = undefined;
    if (!stopped) server.listen({ port, host, exclusive: true });
  }
  listen();

  return async () => {
    stopped = true;
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
}

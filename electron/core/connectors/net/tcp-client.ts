/**
 * The TCP client the stream adapters share (nmea, gpsd, sbs, cot as a TAK client): connect, report
 * `connecting` / `connected` / `backoff` with the reason, reconnect after a failure or a drop with
 * bounded exponential backoff (reset once a connection delivered data or lived STABLE_AFTER_MS),
 * and stop by closing the socket and cancelling any retry. What a socket carries is the caller's.
 */
import net from 'node:net';
import { computeBackoff } from '../backoff.js';
import type { BackoffSettings } from '../connection-info.js';
import type { ConnectorContext } from '../connector-context.js';

/** A connection that lived this long (or delivered data) resets the backoff. */
export const STABLE_AFTER_MS = 10_000;

export interface TcpClientOptions {
  ctx: ConnectorContext<{ host: string; port: number; backoff: BackoffSettings }>;
  /** Names the peer in status errors and logs, e.g. `gpsd at 127.0.0.1:2947`. */
  where: string;
  /** Wires a new socket (data handlers, what to send on connect); returns what to do when it closes. */
  attach(socket: net.Socket): { onConnect?(): void; onClose?(): void };
  /** A connect that takes longer is abandoned and retried. */
  connectTimeoutMs?: number;
  /** A connected peer that sends nothing for this long is dropped and reconnected. */
  idleTimeoutMs?: number;
  keepAliveMs?: number;
}

export interface TcpClient {
  /** The connected socket, if any. */
  socket(): net.Socket | undefined;
  /** Closes the socket and cancels any retry; resolves once the socket is closed. */
  stop(): Promise<void>;
}

export function startTcpClient(o: TcpClientOptions): TcpClient {
  const { ctx, where } = o;
  let stopped = false;
  let current: net.Socket | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;

  const connect = (): void => {
    retryTimer = undefined;
    ctx.setState({ state: 'connecting', nextRetryAt: null });
    const s = net.connect({ host: ctx.info.host, port: ctx.info.port });
    current = s;
    let openedAt = 0;
    let delivered = false;
    let failure: string | undefined;
    const hooks = o.attach(s);
    const connectTimeoutMs = o.connectTimeoutMs ?? o.idleTimeoutMs ?? 0;
    s.setTimeout(connectTimeoutMs);
    s.on('timeout', () => {
      failure =
        openedAt === 0
          ? `Connecting to ${where} timed out after ${connectTimeoutMs / 1000} s.`
          : `${where} sent nothing for ${(o.idleTimeoutMs ?? 0) / 1000} s.`;
      s.destroy();
    });
    s.once('connect', () => {
      openedAt = ctx.now();
      s.setTimeout(o.idleTimeoutMs ?? 0);
      if (o.keepAliveMs !== undefined) s.setKeepAlive(true, o.keepAliveMs);
      ctx.setState({ state: 'connected', error: null, nextRetryAt: null });
      hooks.onConnect?.();
    });
    s.once('data', () => {
      delivered = true;
    });
    s.on('error', (err: Error) => {
      failure = `Connection to ${where} failed: ${err.message}.`;
    });
    s.once('close', () => {
      if (current === s) current = undefined;
      hooks.onClose?.();
      if (stopped) return;
      if (delivered || (openedAt > 0 && ctx.now() - openedAt >= STABLE_AFTER_MS)) attempt = 0;
      const why = failure ?? `${where} closed the connection.`;
      const delay = computeBackoff(ctx.info.backoff, attempt);
      attempt += 1;
      ctx.setState({ state: 'backoff', error: why, nextRetryAt: ctx.now() + delay });
      ctx.log.info('feed lost; retrying', { sourceId: ctx.sourceId, delayMs: delay, error: why });
      retryTimer = setTimeout(connect, delay);
    });
  };
  connect();

  return {
    socket: () => current,
    async stop() {
      stopped = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      retryTimer = undefined;
      const s = current;
      current = undefined;
      if (!s || s.destroyed) return;
      const closed = new Promise<void>((resolve) => s.once('close', () => resolve()));
      s.destroy();
      await closed;
    },
  };
}

/** Pauses a socket while ingest is saturated and resumes it once ingest has room (unless it closed). */
export function pauseWhileSaturated(ctx: ConnectorContext<unknown>, socket: net.Socket): void {
  if (!ctx.isSaturated() || socket.isPaused()) return;
  socket.pause();
  void ctx.whenDrained().then(() => {
    if (!socket.destroyed) socket.resume();
  });
}

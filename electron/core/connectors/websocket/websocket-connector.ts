/**
 * Connects out to a remote WebSocket feed, reads objects in the formats the hub accepts, and
 * reconnects after a drop with bounded exponential backoff and jitter.
 */
import { WebSocket, type RawData } from 'ws';
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import type { WebsocketConnectionInfo } from '../connection-info.js';
import { computeBackoff } from '../backoff.js';
import { decodeMessage } from '../decode-messages.js';
import { redactUrl } from '../redact-url.js';

/** Largest frame accepted from a feed. */
const MAX_PAYLOAD = 16 * 1024 * 1024;
/** A connection that lived this long (or delivered data) resets the backoff. */
const STABLE_AFTER_MS = 10_000;

/** The `websocket` connector: runnable when `connection_info.url` is set. */
export const websocketConnector: ConnectorFactory<WebsocketConnectionInfo> = {
  type: 'websocket',
  isRunnable: (info) => info.url !== undefined,
  start: startWebsocketConnector,
};

/** Starts reading the feed; the returned stop closes the socket and cancels any retry. */
export function startWebsocketConnector(ctx: ConnectorContext<WebsocketConnectionInfo>): StopConnector {
  const { info } = ctx;
  const url = info.url ?? '';
  let stopped = false;
  let socket: WebSocket | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;

  const connect = (): void => {
    retryTimer = undefined;
    ctx.setState({ state: 'connecting', nextRetryAt: null });
    const ws = new WebSocket(url, {
      headers: info.headers,
      perMessageDeflate: false,
      maxPayload: MAX_PAYLOAD,
      handshakeTimeout: 15_000,
    });
    socket = ws;
    let openedAt = 0;
    let delivered = false;
    let failure: string | undefined;

    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let alive = true;
    ws.on('open', () => {
      openedAt = ctx.now();
      if (info.heartbeat_s > 0) {
        // A peer that vanished without closing (cable, sleep, NAT) is only noticed by a missing pong.
        heartbeat = setInterval(() => {
          if (!alive) {
            failure = `Feed ${redactUrl(url)} stopped answering pings.`;
            ws.terminate();
            return;
          }
          alive = false;
          ws.ping();
        }, info.heartbeat_s * 1000);
      }
      ctx.setState({ state: 'connected', error: null, nextRetryAt: null });
      if (info.subscribe_message !== undefined) {
        const m = info.subscribe_message;
        ws.send(typeof m === 'string' ? m : JSON.stringify(m));
      }
    });
    ws.on('pong', () => {
      alive = true;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      delivered = true;
      alive = true;
      void onMessage(ws, data, isBinary);
    });
    ws.on('error', (err: Error) => {
      failure = `Connection to ${redactUrl(url)} failed: ${err.message}.`;
    });
    ws.on('close', (code: number, reason: Buffer) => {
      if (heartbeat !== undefined) clearInterval(heartbeat);
      if (socket === ws) socket = undefined;
      if (stopped) return;
      const lived = openedAt > 0 ? ctx.now() - openedAt : 0;
      if (delivered || lived >= STABLE_AFTER_MS) attempt = 0;
      const why =
        failure ??
        `Connection to ${redactUrl(url)} closed (code ${code}${reason.length > 0 ? `, ${reason.toString().slice(0, 200)}` : ''}).`;
      scheduleRetry(why);
    });
  };

  const scheduleRetry = (why: string): void => {
    const delay = computeBackoff(info.backoff, attempt);
    attempt += 1;
    ctx.setState({ state: 'backoff', error: why, nextRetryAt: ctx.now() + delay });
    ctx.log.info('websocket feed lost; retrying', { sourceId: ctx.sourceId, delayMs: delay, error: why });
    retryTimer = setTimeout(connect, delay);
  };

  const onMessage = async (ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> => {
    ctx.noteMessage();
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data as ArrayBuffer).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.reportRejected(
        1,
        `Message from ${redactUrl(url)} is not JSON${isBinary ? ' (binary frame)' : ''}: '${text.slice(0, 60)}'.`,
      );
      return;
    }
    const decoded = decodeMessage(parsed, { format: info.format, sourceId: ctx.sourceId, now: ctx.now() });
    if (decoded.errors.length > 0) ctx.reportRejected(decoded.errors.length, decoded.errors[0] ?? 'Invalid object.');
    const committed = ctx.submit(decoded.ops);
    // Backpressure: stop reading the socket while ingest is above its high-water mark.
    if (ctx.isSaturated() && !ws.isPaused) {
      ws.pause();
      await ctx.whenDrained();
      if (!stopped && ws.readyState === WebSocket.OPEN) ws.resume();
    }
    await committed;
  };

  connect();

  return async () => {
    stopped = true;
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
    const ws = socket;
    socket = undefined;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.terminate();
    await closed;
  };
}

/**
 * The `gpsd` connector: a client of gpsd's JSON port. It asks for reports with `?WATCH`, decodes
 * TPV and AIS lines into objects, and reconnects after a drop with bounded exponential backoff.
 */
import net from 'node:net';
import type { GpsdConnectionInfo } from '../../../contract/sources/gpsd.js';
import { computeBackoff } from '../backoff.js';
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import { createGpsdDecoder } from './gpsd-decoder.js';
import { createLineSplitter } from './line-splitter.js';

/**
 * Raw (unscaled) AIS values: gpsd's scaled form squares the rate of turn and loses its sign, and
 * writes type 27's status as text; the decoder scales raw values itself (it reads both forms).
 */
export const GPSD_WATCH = '?WATCH={"enable":true,"json":true,"scaled":false}\n';
/** Longest line read from gpsd; a longer one is dropped and counted as rejected. */
export const GPSD_MAX_LINE_BYTES = 64 * 1024;
/** A device's fix is stored once its cycle is complete: at its next fix, or after this much quiet. */
const SETTLE_MS = 1000;
const CONNECT_TIMEOUT_MS = 15_000;
const KEEPALIVE_MS = 30_000;

export const gpsdConnector: ConnectorFactory<GpsdConnectionInfo> = {
  type: 'gpsd',
  isRunnable: () => true,
  start: startGpsdConnector,
};

/** Connects to gpsd; the returned stop stores the pending fixes, closes the socket and cancels any retry. */
export function startGpsdConnector(ctx: ConnectorContext<GpsdConnectionInfo>): StopConnector {
  const { info } = ctx;
  const where = `gpsd at ${info.host}:${info.port}`;
  const decoder = createGpsdDecoder(ctx.sourceId);
  let stopped = false;
  let socket: net.Socket | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let loggedVersion = false;

  const settleTimer = setInterval(() => void ctx.submit(decoder.flush(ctx.now(), SETTLE_MS)), SETTLE_MS / 2);

  const connect = (): void => {
    retryTimer = undefined;
    ctx.setState({ state: 'connecting', nextRetryAt: null });
    const splitter = createLineSplitter(GPSD_MAX_LINE_BYTES);
    const s = net.connect({ host: info.host, port: info.port });
    socket = s;
    let failure: string | undefined;
    let delivered = false;
    s.setTimeout(CONNECT_TIMEOUT_MS, () => {
      failure = `Connecting to ${where} timed out after ${CONNECT_TIMEOUT_MS / 1000} s.`;
      s.destroy();
    });
    s.on('connect', () => {
      s.setTimeout(0);
      s.setKeepAlive(true, KEEPALIVE_MS);
      ctx.setState({ state: 'connected', error: null, nextRetryAt: null });
      s.write(GPSD_WATCH);
    });
    s.on('data', (chunk: Buffer) => {
      delivered = true;
      void onData(s, splitter.push(chunk));
    });
    s.on('error', (err: Error) => {
      failure = `Connection to ${where} failed: ${err.message}.`;
    });
    s.on('close', () => {
      if (socket === s) socket = undefined;
      if (stopped) return;
      void ctx.submit(decoder.flush(ctx.now()));
      if (delivered) attempt = 0;
      scheduleRetry(failure ?? `${where} closed the connection.`);
    });
  };

  const scheduleRetry = (why: string): void => {
    const delay = computeBackoff(info.backoff, attempt);
    attempt += 1;
    ctx.setState({ state: 'backoff', error: why, nextRetryAt: ctx.now() + delay });
    ctx.log.info('gpsd connection lost; retrying', { sourceId: ctx.sourceId, delayMs: delay, error: why });
    retryTimer = setTimeout(connect, delay);
  };

  const onData = async (s: net.Socket, input: { lines: string[]; overlong: number }): Promise<void> => {
    ctx.noteMessage();
    if (input.overlong > 0) {
      ctx.reportRejected(
        input.overlong,
        `A line from ${where} is longer than ${GPSD_MAX_LINE_BYTES} bytes; it was dropped.`,
      );
    }
    const ops = [];
    const now = ctx.now();
    for (const line of input.lines) {
      if (line.trim() === '') continue;
      const r = decoder.line(line, now);
      ops.push(...r.ops);
      if (r.rejected !== undefined) ctx.reportRejected(1, r.rejected);
      if (r.version !== undefined && !loggedVersion) {
        loggedVersion = true;
        ctx.log.info('connected to gpsd', { sourceId: ctx.sourceId, version: r.version });
      }
    }
    const committed = ctx.submit(ops);
    // Backpressure: stop reading gpsd while ingest is above its high-water mark.
    if (ctx.isSaturated() && !s.isPaused()) {
      s.pause();
      await ctx.whenDrained();
      if (!stopped && !s.destroyed) s.resume();
    }
    await committed;
  };

  connect();

  return async () => {
    stopped = true;
    clearInterval(settleTimer);
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
    await ctx.submit(decoder.flush(ctx.now()));
    const s = socket;
    socket = undefined;
    if (!s || s.destroyed) return;
    const closed = new Promise<void>((resolve) => s.once('close', () => resolve()));
    s.destroy();
    await closed;
  };
}

/**
 * The `sbs` connector: connects to a BaseStation port (dump1090 / readsb port 30003) as a TCP
 * client, decodes its lines into aircraft and reconnects after a drop with bounded exponential
 * backoff. Lines are bounded (64 KiB); garbage and overlong lines are counted as rejected and the
 * connection stays open. While ingest is saturated the socket is paused.
 */
import net from 'node:net';
import type { SbsConnectionInfo } from '../../../contract/sources/sbs.js';
import type { IngestOp } from '../../ingest/types.js';
import { createLineSplitter } from '../adsb/line-splitter.js';
import { computeBackoff } from '../backoff.js';
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import { createSbsDecoder } from './decode-sbs.js';

/** Longest line kept; an SBS line is under 200 bytes. */
export const SBS_MAX_LINE_BYTES = 64 * 1024;
/** A connection that lived this long (or delivered data) resets the backoff. */
const STABLE_AFTER_MS = 10_000;
/** A peer that sends nothing for this long is dropped and reconnected (dump1090 sends a heartbeat each minute). */
const IDLE_TIMEOUT_MS = 5 * 60_000;

export const sbsConnector: ConnectorFactory<SbsConnectionInfo> = {
  type: 'sbs',
  isRunnable: () => true,
  start: startSbsConnector,
};

/** Starts the client; the returned stop closes the socket and cancels any retry. */
export function startSbsConnector(ctx: ConnectorContext<SbsConnectionInfo>): StopConnector {
  const { info } = ctx;
  const where = `${info.host}:${info.port}`;
  let stopped = false;
  let socket: net.Socket | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;

  const connect = (): void => {
    retryTimer = undefined;
    ctx.setState({ state: 'connecting', nextRetryAt: null });
    const decoder = createSbsDecoder({ sourceId: ctx.sourceId, timeZone: info.time_zone });
    const sock = net.connect({ host: info.host, port: info.port });
    socket = sock;
    sock.setTimeout(IDLE_TIMEOUT_MS);
    let openedAt = 0;
    let delivered = false;
    let failure: string | undefined;
    let batch: IngestOp[] = [];
    let rejected = 0;
    let lastReason = '';

    const splitter = createLineSplitter(
      SBS_MAX_LINE_BYTES,
      (line) => {
        const r = decoder.decodeLine(line, ctx.now());
        if (typeof r === 'string') {
          rejected += 1;
          lastReason = r;
        } else if (r !== undefined) batch.push(r);
      },
      (bytes) => {
        rejected += 1;
        lastReason = `An SBS line of ${bytes} bytes is longer than ${SBS_MAX_LINE_BYTES} bytes; it was dropped.`;
      },
    );

    sock.on('connect', () => {
      openedAt = ctx.now();
      ctx.setState({ state: 'connected', error: null, nextRetryAt: null });
    });
    sock.on('data', (chunk: Buffer) => {
      delivered = true;
      ctx.noteMessage();
      splitter.push(chunk);
      if (rejected > 0) ctx.reportRejected(rejected, lastReason);
      rejected = 0;
      if (batch.length === 0) return;
      const ops = batch;
      batch = [];
      void ctx.submit(ops);
      // Backpressure: stop reading while ingest is above its high-water mark.
      if (ctx.isSaturated() && !sock.isPaused()) {
        sock.pause();
        void ctx.whenDrained().then(() => {
          if (!stopped && !sock.destroyed) sock.resume();
        });
      }
    });
    sock.on('timeout', () => {
      failure = `${where} sent nothing for ${IDLE_TIMEOUT_MS / 60_000} minutes.`;
      sock.destroy();
    });
    sock.on('error', (err: Error) => {
      failure = `Connection to ${where} failed: ${err.message}.`;
    });
    sock.on('close', () => {
      if (socket === sock) socket = undefined;
      if (stopped) return;
      const lived = openedAt > 0 ? ctx.now() - openedAt : 0;
      if (delivered || lived >= STABLE_AFTER_MS) attempt = 0;
      scheduleRetry(failure ?? `${where} closed the connection.`);
    });
  };

  const scheduleRetry = (why: string): void => {
    const delay = computeBackoff(info.backoff, attempt);
    attempt += 1;
    ctx.setState({ state: 'backoff', error: why, nextRetryAt: ctx.now() + delay });
    ctx.log.info('sbs feed lost; retrying', { sourceId: ctx.sourceId, delayMs: delay, error: why });
    retryTimer = setTimeout(connect, delay);
  };

  connect();

  return async () => {
    stopped = true;
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
    const sock = socket;
    socket = undefined;
    if (!sock || sock.destroyed) return;
    const closed = new Promise<void>((resolve) => sock.once('close', () => resolve()));
    sock.destroy();
    await closed;
  };
}

/**
 * The `gpsd` connector: a client of gpsd's JSON port. It asks for reports with `?WATCH`, decodes
 * TPV and AIS lines into objects, and reconnects after a drop with bounded exponential backoff.
 */
import type net from 'node:net';
import type { GpsdConnectionInfo } from '../../../contract/sources/gpsd.js';
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import { createLineSplitter } from '../net/line-splitter.js';
import { pauseWhileSaturated, startTcpClient } from '../net/tcp-client.js';
import { createGpsdDecoder } from './gpsd-decoder.js';

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
  let loggedVersion = false;

  const settleTimer = setInterval(() => void ctx.submit(decoder.flush(ctx.now(), SETTLE_MS)), SETTLE_MS / 2);

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
    pauseWhileSaturated(ctx, s);
    await committed;
  };

  const client = startTcpClient({
    ctx,
    where,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    keepAliveMs: KEEPALIVE_MS,
    attach(s) {
      const input = { lines: [] as string[], overlong: 0 };
      const splitter = createLineSplitter({
        maxBytes: GPSD_MAX_LINE_BYTES,
        onLine: (line) => input.lines.push(line),
        onOverlong: () => (input.overlong += 1),
      });
      s.on('data', (chunk: Buffer) => {
        splitter.push(chunk);
        void onData(s, { lines: input.lines.splice(0), overlong: input.overlong });
        input.overlong = 0;
      });
      return {
        onConnect: () => s.write(GPSD_WATCH),
        onClose: () => void ctx.submit(decoder.flush(ctx.now())),
      };
    },
  });

  return async () => {
    clearInterval(settleTimer);
    await ctx.submit(decoder.flush(ctx.now()));
    await client.stop();
  };
}

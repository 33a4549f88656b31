/**
 * The `sbs` connector: connects to a BaseStation port (dump1090 / readsb port 30003) as a TCP
 * client, decodes its lines into aircraft and reconnects after a drop with bounded exponential
 * backoff. Lines are bounded (64 KiB); garbage and overlong lines are counted as rejected and the
 * connection stays open. While ingest is saturated the socket is paused.
 */
import type { SbsConnectionInfo } from '../../../contract/sources/sbs.js';
import type { IngestOp } from '../../ingest/types.js';
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import { createLineSplitter } from '../net/line-splitter.js';
import { pauseWhileSaturated, startTcpClient } from '../net/tcp-client.js';
import { createSbsDecoder } from './decode-sbs.js';

/** Longest line kept; an SBS line is under 200 bytes. */
export const SBS_MAX_LINE_BYTES = 64 * 1024;
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
  const client = startTcpClient({
    ctx,
    where,
    idleTimeoutMs: IDLE_TIMEOUT_MS,
    attach(sock) {
      const decoder = createSbsDecoder({ sourceId: ctx.sourceId, timeZone: info.time_zone });
      let batch: IngestOp[] = [];
      let rejected = 0;
      let lastReason = '';
      const splitter = createLineSplitter({
        maxBytes: SBS_MAX_LINE_BYTES,
        onLine: (line) => {
          const r = decoder.decodeLine(line, ctx.now());
          if (typeof r === 'string') {
            rejected += 1;
            lastReason = r;
          } else if (r !== undefined) batch.push(r);
        },
        onOverlong: () => {
          rejected += 1;
          lastReason = `An SBS line is longer than ${SBS_MAX_LINE_BYTES} bytes; it was dropped.`;
        },
      });
      sock.on('data', (chunk: Buffer) => {
        ctx.noteMessage();
        splitter.push(chunk);
        if (rejected > 0) ctx.reportRejected(rejected, lastReason);
        rejected = 0;
        if (batch.length === 0) return;
        const ops = batch;
        batch = [];
        void ctx.submit(ops);
        // Backpressure: stop reading while ingest is above its high-water mark.
        pauseWhileSaturated(ctx, sock);
      });
      return {};
    },
  });
  return () => client.stop();
}

/**
 * The `cot` connector: Cursor-on-Target events from ATAK, WinTAK, iTAK or a TAK server, read over
 * TCP, UDP or UDP multicast (cot-links.ts), decoded (cot-decode.ts) and handed to ingest; with
 * `send`, the objects matching a filter go back out as CoT to the same peer (cot-sender.ts).
 */
import type { CotConnectionInfo } from '../../../contract/sources/cot.js';
import type { ConnectorContext, ConnectorFactory, ConnectorState, StopConnector } from '../connector-context.js';
import { addResult, decodeCotEvent, type CotDecoded } from './cot-decode.js';
import { createCotFramer } from './cot-framer.js';
import { startTcpClient, startTcpListener, startUdpSocket, type CotLink, type CotReader } from './cot-links.js';
import { startCotSender, type CotSender } from './cot-sender.js';

export const cotConnector: ConnectorFactory<CotConnectionInfo> = {
  type: 'cot',
  isRunnable: () => true,
  start: startCotConnector,
};

/** Starts the link and, with `send`, the sender; the returned stop closes both. */
export function startCotConnector(rawCtx: ConnectorContext<CotConnectionInfo>): StopConnector {
  let state: ConnectorState = 'connecting';
  let sendError: string | undefined;
  // The sender's problem is reported in the link's current state, which it does not change, and
  // stays the last error while the link itself is fine.
  const ctx: ConnectorContext<CotConnectionInfo> = {
    ...rawCtx,
    setState(change) {
      state = change.state;
      rawCtx.setState(change.error === null && sendError !== undefined ? { ...change, error: sendError } : change);
    },
  };
  let sender: CotSender | undefined;
  const isOwn = (uid: string): boolean => sender?.isOwn(uid) ?? false;
  const { info } = ctx;
  const start = info.protocol === 'udp' ? startUdpSocket : info.mode === 'connect' ? startTcpClient : startTcpListener;
  const link: CotLink = start({
    ctx,
    reader: () => createCotReader(ctx, isOwn),
    greeting: () => sender?.everything(),
  });
  if (info.send) {
    sender = startCotSender({
      ctx,
      settings: info.send,
      write: (events) => link.write(events),
      fail: (reason) => {
        sendError = reason;
        ctx.setState({ state, error: reason });
      },
    });
  }
  return async () => {
    sender?.stop();
    await link.stop();
  };
}

/**
 * A reader that decodes what arrives and submits it after each chunk; events this source sent
 * itself (heard back from a multicast group) are dropped.
 */
export function createCotReader(ctx: ConnectorContext<CotConnectionInfo>, isOwn: (uid: string) => boolean): CotReader {
  let batch: CotDecoded = { ops: [], errors: [], skipped: 0 };
  const framer = createCotFramer({
    event: (xml) => addResult(batch, decodeCotEvent(xml, ctx.sourceId)),
    reject: (reason) => batch.errors.push(reason),
  });
  const flush = (): void => {
    const { ops, errors } = batch;
    batch = { ops: [], errors: [], skipped: 0 };
    if (errors.length > 0) ctx.reportRejected(errors.length, errors[errors.length - 1] ?? '');
    const mine = ops.filter((op) => !isOwn(op.osmId));
    if (mine.length > 0) void ctx.submit(mine);
  };
  return {
    push(chunk) {
      ctx.noteMessage();
      framer.push(chunk);
      flush();
    },
    end() {
      framer.end();
      flush();
    },
  };
}

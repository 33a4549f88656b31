/**
 * The `nmea` connector: reads NMEA 0183 lines as a TCP client (net/tcp-client.ts, with an
 * optional init line such as gpsd's `?WATCH`), a TCP listener or a UDP listener, and hands the
 * decoded GPS receiver and AIS stations to ingest. Bad lines are counted as rejected, never fatal.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { NmeaConnectionInfo } from '../../../contract/sources/nmea.js';
import { isLoopback } from '../../config.js';
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import { createLineSplitter, type LineSplitter } from '../net/line-splitter.js';
import { listenAddress } from '../net/listen-address.js';
import { pauseWhileSaturated, startTcpClient } from '../net/tcp-client.js';
import { createNmeaDecoder, NMEA_LIMITS, type DecodedLines, type NmeaDecoder } from './nmea-decoder.js';

/** A fix epoch is stored after this long without GPS sentences (the next epoch stores it sooner). */
const EPOCH_IDLE_MS = 1500;
/** How often AIS fragments that never completed are looked for. */
const EXPIRE_EVERY_MS = 5000;

/** The `nmea` connector: always runnable (its settings have defaults). */
export const nmeaConnector: ConnectorFactory<NmeaConnectionInfo> = {
  type: 'nmea',
  isRunnable: () => true,
  start: startNmeaConnector,
};

/** One stream's reader: a decoder, a line splitter and the idle timer that stores a pending fix. */
interface Stream {
  splitter: LineSplitter;
  decoder: NmeaDecoder;
  /** Decodes what was pushed since the last call and hands it over; resolves after commit. */
  drain(): Promise<void>;
  expire(): void;
  close(): void;
}

/** Starts the client or listener; the returned stop closes every socket and timer it opened. */
export function startNmeaConnector(ctx: ConnectorContext<NmeaConnectionInfo>): StopConnector {
  const { info } = ctx;
  const streams = new Set<Stream>();
  const expireTimer = setInterval(() => streams.forEach((s) => s.expire()), EXPIRE_EVERY_MS);
  let stop: () => Promise<void>;
  if (info.mode === 'connect') stop = startClient(ctx, streams);
  else {
    if (!isLoopback(info.host)) {
      ctx.log.warn('nmea listener is open to the network', {
        sourceId: ctx.sourceId,
        host: info.host,
        port: info.port,
      });
    }
    stop = info.protocol === 'udp' ? startUdp(ctx, streams) : startTcpListener(ctx, streams);
  }
  return async () => {
    clearInterval(expireTimer);
    await stop();
    for (const s of streams) s.close();
    streams.clear();
  };
}

/** A decoding stream; `where` names the peer in error sentences. */
function openStream(ctx: ConnectorContext<NmeaConnectionInfo>, where: string): Stream {
  const decoder = createNmeaDecoder({ sourceId: ctx.sourceId, receiverId: ctx.info.receiver_id });
  let out: DecodedLines = { ops: [], rejected: [] };
  let idle: ReturnType<typeof setTimeout> | undefined;
  const splitter = createLineSplitter({
    maxBytes: NMEA_LIMITS.maxLineBytes,
    encoding: 'latin1',
    onLine: (line) => decoder.line(line, ctx.now(), out),
    onOverlong: () =>
      out.rejected.push(`A line from ${where} is longer than ${NMEA_LIMITS.maxLineBytes} bytes; it was dropped.`),
  });
  const hand = (): Promise<void> => {
    const taken = out;
    out = { ops: [], rejected: [] };
    if (taken.rejected.length > 0) ctx.reportRejected(taken.rejected.length, taken.rejected[0] ?? 'Bad NMEA input.');
    return taken.ops.length > 0 ? ctx.submit(taken.ops).then(() => undefined) : Promise.resolve();
  };
  return {
    splitter,
    decoder,
    drain() {
      if (idle !== undefined) clearTimeout(idle);
      idle = undefined;
      if (decoder.hasPendingFix()) {
        idle = setTimeout(() => {
          idle = undefined;
          decoder.flush(ctx.now(), out);
          void hand();
        }, EPOCH_IDLE_MS);
      }
      return hand();
    },
    expire() {
      decoder.flush(ctx.now(), out);
      void hand();
    },
    close() {
      if (idle !== undefined) clearTimeout(idle);
      idle = undefined;
    },
  };
}

/** Reads a TCP socket into a stream, pausing it while ingest is saturated. */
function readSocket(ctx: ConnectorContext<NmeaConnectionInfo>, socket: net.Socket, stream: Stream): void {
  socket.on('data', (chunk: Buffer) => {
    ctx.noteMessage();
    stream.splitter.push(chunk);
    void stream.drain();
    pauseWhileSaturated(ctx, socket);
  });
}

/** A socket closed: its last line and pending fix are stored, its timers cleared. */
function closeStream(stream: Stream, streams: Set<Stream>): void {
  stream.splitter.end();
  stream.expire();
  stream.close();
  streams.delete(stream);
}

function startClient(ctx: ConnectorContext<NmeaConnectionInfo>, streams: Set<Stream>): () => Promise<void> {
  const { info } = ctx;
  const where = `${info.host}:${info.port}`;
  const client = startTcpClient({
    ctx,
    where,
    attach(s) {
      const stream = openStream(ctx, where);
      streams.add(stream);
      s.setNoDelay(true);
      readSocket(ctx, s, stream);
      return {
        onConnect: () => {
          if (info.init !== undefined) s.write(`${info.init}\r\n`);
        },
        onClose: () => closeStream(stream, streams),
      };
    },
  });
  return () => client.stop();
}

function startTcpListener(ctx: ConnectorContext<NmeaConnectionInfo>, streams: Set<Stream>): () => Promise<void> {
  const { info } = ctx;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    const stream = openStream(ctx, `${s.remoteAddress ?? '?'}:${s.remotePort ?? '?'}`);
    streams.add(stream);
    readSocket(ctx, s, stream);
    s.on('error', () => undefined);
    s.once('close', () => {
      sockets.delete(s);
      closeStream(stream, streams);
    });
  });
  listen(ctx, server, () => server.listen(info.port, info.host));
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

function startUdp(ctx: ConnectorContext<NmeaConnectionInfo>, streams: Set<Stream>): () => Promise<void> {
  const { info } = ctx;
  const socket = dgram.createSocket({ type: info.host.includes(':') ? 'udp6' : 'udp4', reuseAddr: true });
  // One stream for every sender: AIS fragments are grouped by channel and sequence id, as receivers number them.
  const stream = openStream(ctx, `UDP port ${info.port}`);
  streams.add(stream);
  socket.on('message', (msg: Buffer) => {
    ctx.noteMessage();
    // A datagram holds whole lines; its end ends the last one.
    stream.splitter.push(msg);
    stream.splitter.end();
    void stream.drain();
  });
  listen(ctx, socket, () => socket.bind(info.port, info.host));
  return () =>
    new Promise<void>((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
}

/** Binds, reporting `listening` or the bind error (the runtime shows it; the source stays in error). */
function listen(ctx: ConnectorContext<NmeaConnectionInfo>, emitter: net.Server | dgram.Socket, bind: () => void): void {
  const { info } = ctx;
  emitter.once('listening', () => {
    const address = listenAddress(
      emitter.address(),
      `${info.host}:${info.port}`,
      info.protocol === 'udp' ? 'UDP' : undefined,
    );
    ctx.setState({ state: 'listening', error: null, nextRetryAt: null, address });
  });
  emitter.on('error', (err: Error) => {
    ctx.setState({
      state: 'error',
      error: `Listening on ${info.host}:${info.port} (${info.protocol}) failed: ${err.message}.`,
    });
  });
  bind();
}

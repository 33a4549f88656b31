/**
 * The three ways a `cot` source meets its peers: a TCP listener (ATAK/WinTAK clients stream to us),
 * a UDP socket (unicast or a joined multicast group such as the SA group 239.2.3.1:6969), and a TCP
 * client to a TAK server that reconnects with backoff. Each hands incoming bytes to a reader and can
 * write events back to whoever is connected.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { isLoopback } from '../../config.js';
import { computeBackoff } from '../backoff.js';
import type { ConnectorContext } from '../connector-context.js';
import { listenAddress } from '../net/listen-address.js';
import { pauseWhileSaturated, startTcpClient as startNetClient } from '../net/tcp-client.js';
import type { CotConnectionInfo } from '../../../contract/sources/cot.js';

/** Reads one peer's byte stream (a TCP connection) or single datagrams. */
export interface CotReader {
  push(chunk: Buffer): void;
  end(): void;
}

export interface CotLinkDeps {
  ctx: ConnectorContext<CotConnectionInfo>;
  /** A reader for a new TCP connection, or for one datagram. */
  reader(): CotReader;
  /** A peer connected: what it should get first (every object being sent), if anything. */
  greeting(): Buffer | undefined;
}

export interface CotLink {
  /** Writes events to the connected peer(s); false when none can take them now. */
  write(events: Buffer): boolean;
  stop(): Promise<void>;
}

/** Most TCP clients one listener serves at once. */
const MAX_CLIENTS = 256;
/** A peer with this much unsent output is skipped until it catches up. */
const MAX_BUFFERED = 1024 * 1024;

/** Reads a TCP socket, pausing it while ingest is saturated. */
function readSocket(ctx: ConnectorContext<CotConnectionInfo>, socket: net.Socket, reader: CotReader): void {
  socket.on('data', (chunk: Buffer) => {
    reader.push(chunk);
    pauseWhileSaturated(ctx, socket);
  });
  socket.on('end', () => reader.end());
}

const canWrite = (s: net.Socket): boolean => !s.destroyed && s.writable && s.writableLength < MAX_BUFFERED;

function warnIfOpen(ctx: ConnectorContext<CotConnectionInfo>, host: string, what: string): void {
  if (!isLoopback(host)) ctx.log.warn(`cot ${what} is open to the network`, { sourceId: ctx.sourceId, host });
}

/** Listens for TCP clients; retries with backoff when the port cannot be bound. */
export function startTcpListener(deps: CotLinkDeps): CotLink {
  const { ctx } = deps;
  const { host, port } = ctx.info;
  const clients = new Set<net.Socket>();
  let server: net.Server | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let stopped = false;

  const listen = (): void => {
    const srv = net.createServer((socket) => {
      clients.add(socket);
      socket.on('close', () => clients.delete(socket));
      socket.on('error', () => socket.destroy());
      readSocket(ctx, socket, deps.reader());
      const first = deps.greeting();
      if (first) socket.write(first);
    });
    srv.maxConnections = MAX_CLIENTS;
    server = srv;
    srv.once('error', (err: Error) => {
      server = undefined;
      srv.close();
      if (stopped) return;
      const delay = computeBackoff(ctx.info.backoff, attempt++);
      ctx.setState({
        state: 'backoff',
        error: `Cannot listen on ${host}:${port}: ${err.message}.`,
        nextRetryAt: ctx.now() + delay,
      });
      retry = setTimeout(listen, delay);
    });
    srv.listen(port, host, () => {
      attempt = 0;
      warnIfOpen(ctx, host, 'TCP listener');
      ctx.setState({ state: 'listening', error: null, address: listenAddress(srv.address(), `${host}:${port}`) });
    });
  };
  listen();

  return {
    write(events) {
      let wrote = false;
      for (const socket of clients) {
        if (!canWrite(socket)) continue;
        socket.write(events);
        wrote = true;
      }
      return wrote;
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      for (const socket of clients) socket.destroy();
      const srv = server;
      server = undefined;
      if (srv) await new Promise<void>((resolve) => srv.close(() => resolve()));
    },
  };
}

/** Connects to a TAK server; reconnects with backoff after a failure or a drop (net/tcp-client.ts). */
export function startTcpClient(deps: CotLinkDeps): CotLink {
  const { ctx } = deps;
  const client = startNetClient({
    ctx,
    where: `TAK server ${ctx.info.host}:${ctx.info.port}`,
    keepAliveMs: 30_000,
    attach(s) {
      readSocket(ctx, s, deps.reader());
      return {
        onConnect: () => {
          const first = deps.greeting();
          if (first) s.write(first);
        },
      };
    },
  });

  return {
    write(events) {
      const socket = client.socket();
      if (!socket || socket.connecting || !canWrite(socket)) return false;
      socket.write(events);
      return true;
    },
    stop: () => client.stop(),
  };
}

/**
 * Receives datagrams (one or more events each) on host:port, or on `multicast_group`:port joined on
 * the interface `host`; events sent go to the group.
 */
export function startUdpSocket(deps: CotLinkDeps): CotLink {
  const { ctx } = deps;
  const { host, port, multicast_group: group } = ctx.info;
  const socket = dgram.createSocket({ type: (group ?? host).includes(':') ? 'udp6' : 'udp4', reuseAddr: true });
  let ready = false;
  socket.on('message', (msg: Buffer) => {
    const reader = deps.reader();
    reader.push(msg);
    reader.end();
  });
  socket.on('error', (err: Error) => {
    ready = false;
    ctx.setState({ state: 'error', error: `UDP socket on ${host}:${port} failed: ${err.message}.` });
  });
  // A socket bound to the group address receives only that group's datagrams (Linux, macOS);
  // Windows cannot bind to a group address.
  const address = group === undefined ? host : process.platform === 'win32' ? '0.0.0.0' : group;
  socket.bind({ port, address }, () => {
    try {
      if (group !== undefined) {
        const iface = host === '0.0.0.0' || host === '::' ? undefined : host;
        socket.addMembership(group, iface);
        if (iface) socket.setMulticastInterface(iface);
        socket.setMulticastLoopback(true);
      }
    } catch (err) {
      ctx.setState({ state: 'error', error: `Cannot join ${group ?? ''} on ${host}: ${(err as Error).message}.` });
      return;
    }
    ready = true;
    warnIfOpen(ctx, host, group === undefined ? 'UDP listener' : 'multicast listener');
    const bound = listenAddress(socket.address(), `${address}:${port}`, group === undefined ? 'UDP' : 'UDP multicast');
    ctx.setState({ state: 'listening', error: null, address: bound });
  });

  return {
    write(events) {
      if (!ready || group === undefined) return false;
      // One event per datagram: TAK clients read a datagram as one event.
      for (const xml of events.toString('utf8').split('\n')) {
        if (xml.length > 0) socket.send(xml, port, group);
      }
      return true;
    },
    async stop() {
      ready = false;
      await new Promise<void>((resolve) => {
        try {
          socket.close(() => resolve());
        } catch {
          resolve(); // never bound (the bind failed): nothing to close
        }
      });
    },
  };
}

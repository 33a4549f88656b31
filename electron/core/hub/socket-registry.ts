/**
 * The hub's open WebSockets: each gets an `error` handler (one bad frame must only close its own
 * socket, never throw in the process) and a ping/pong heartbeat that drops peers which stopped
 * answering. Also writes refusals onto raw upgrade sockets.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Logger } from '../../contract/logger.js';

/** Creates the registry; `startHeartbeat()` returns its stop(). */
export function createSocketRegistry(log: Logger) {
  const sockets = new Set<WebSocket>();
  const alive = new WeakSet<WebSocket>();

  function track(ws: WebSocket): void {
    sockets.add(ws);
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('error', (err) => log.debug('socket error', { error: err.message }));
    ws.on('close', () => sockets.delete(ws));
  }

  /** Pings every socket each interval; one that did not answer the previous ping is terminated. */
  function startHeartbeat(intervalMs: number): () => void {
    const timer = setInterval(() => {
      for (const ws of sockets) {
        if (!alive.has(ws)) {
          ws.terminate();
          continue;
        }
        alive.delete(ws);
        ws.ping();
      }
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Closes every socket with `code`, then terminates what is left after `graceMs`. */
  function closeAll(code: number, reason: string, graceMs: number): void {
    for (const ws of sockets) ws.close(code, reason);
    setTimeout(() => {
      for (const ws of sockets) ws.terminate();
    }, graceMs).unref();
  }

  return { track, startHeartbeat, closeAll, size: () => sockets.size };
}

/** Answers a refused upgrade with an HTTP status and a JSON error body, then closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * A small HTTP/1.1 request reader for the OsmAnd listener. Node's parser refuses the request target
 * `?id=…` (no leading slash) that Traccar's load generator and older clients send, so requests are
 * read here: bounded head and body (Content-Length only), keep-alive, one request at a time per
 * connection, a deadline per request and an idle timeout, so a slow client cannot hold a slot.
 */
import type { Socket } from 'node:net';

export interface HttpLimits {
  /** Request line plus headers, in bytes. */
  maxHeadBytes: number;
  maxBodyBytes: number;
  /** From a request's first byte to its last. */
  requestTimeoutMs: number;
  /** Between requests on a kept-alive connection. */
  idleTimeoutMs: number;
}

export interface HttpRequest {
  method: string;
  target: string;
  /** Lower-case names; a repeated header keeps its last value. */
  headers: Map<string, string>;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  /** One sentence for a refusal; empty on success. */
  text?: string;
  headers?: Record<string, string>;
}

export interface HttpConnectionHandlers {
  /** Answers one request; the next is not read before this settles. */
  onRequest(req: HttpRequest): Promise<HttpResponse>;
  /** A request that could not be read (answered with `status` and closed). */
  onBadRequest(status: number, reason: string): void;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  403: 'Forbidden',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  411: 'Length Required',
  413: 'Content Too Large',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

const REQUEST_LINE = /^([A-Z]{1,16}) (\S{1,65536}) HTTP\/1\.([01])$/;
const HEAD_END = Buffer.from('\r\n\r\n');

/** Serves requests on one connection until it closes, a request fails to parse, or it times out. */
export function serveHttpConnection(socket: Socket, limits: HttpLimits, handlers: HttpConnectionHandlers): void {
  let buffer: Buffer = Buffer.alloc(0);
  let busy = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const arm = (ms: number, onExpire: () => void): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(onExpire, ms);
  };
  const idle = (): void => arm(limits.idleTimeoutMs, () => socket.destroy());
  const fail = (status: number, reason: string): void => {
    handlers.onBadRequest(status, reason);
    finish({ status, text: reason }, false);
  };
  const finish = (res: HttpResponse, keepAlive: boolean): void => {
    if (socket.destroyed) return;
    const text = res.text ?? '';
    const head = [
      `HTTP/1.1 ${res.status} ${REASONS[res.status] ?? 'Error'}`,
      'Content-Type: text/plain; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(text)}`,
      `Connection: ${keepAlive ? 'keep-alive' : 'close'}`,
      ...Object.entries(res.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.write(`${head.join('\r\n')}\r\n\r\n${text}`);
    if (!keepAlive) {
      if (timer !== undefined) clearTimeout(timer);
      socket.end();
      // Whatever else the client sends is not read; a client that never closes is cut off.
      socket.pause();
      setTimeout(() => socket.destroy(), 1000).unref();
    }
  };

  /** Reads as many whole requests as the buffer holds, one at a time. */
  const pump = (): void => {
    while (!busy && !socket.destroyed && buffer.length > 0) {
      const end = buffer.indexOf(HEAD_END);
      if (end < 0 || end + 4 > limits.maxHeadBytes) {
        if (end >= 0 || buffer.length > limits.maxHeadBytes) {
          fail(431, `Request head is longer than ${limits.maxHeadBytes} bytes.`);
        }
        return;
      }
      const head = parseHead(buffer.subarray(0, end).toString('latin1'));
      if ('error' in head) return fail(head.status, head.error);
      if (head.length > limits.maxBodyBytes) {
        return fail(413, `Request body of ${head.length} bytes is over the limit of ${limits.maxBodyBytes} bytes.`);
      }
      const total = end + 4 + head.length;
      if (buffer.length < total) {
        if (head.expectContinue && buffer.length === end + 4) socket.write('HTTP/1.1 100 Continue\r\n\r\n');
        return;
      }
      const req: HttpRequest = { ...head.request, body: buffer.subarray(end + 4, total) };
      buffer = buffer.subarray(total);
      busy = true;
      socket.pause();
      void handlers
        .onRequest(req)
        .catch((): HttpResponse => ({ status: 500, text: 'The request could not be processed.' }))
        .then((res) => {
          busy = false;
          finish(res, head.keepAlive);
          if (!head.keepAlive || socket.destroyed) return;
          socket.resume();
          if (buffer.length > 0) arm(limits.requestTimeoutMs, timeout);
          else idle();
          pump();
        });
    }
  };
  const timeout = (): void => {
    if (busy) return;
    fail(408, `Request not complete within ${limits.requestTimeoutMs / 1000} s.`);
  };

  socket.on('data', (chunk: Buffer) => {
    if (buffer.length === 0 && !busy) arm(limits.requestTimeoutMs, timeout);
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    pump();
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    if (timer !== undefined) clearTimeout(timer);
  });
  idle();
}

type Head =
  | {
      request: Omit<HttpRequest, 'body'>;
      length: number;
      keepAlive: boolean;
      expectContinue: boolean;
    }
  | { error: string; status: number };

function parseHead(text: string): Head {
  const lines = text.split('\r\n');
  const line = REQUEST_LINE.exec(lines[0] ?? '');
  if (!line)
    return { status: 400, error: `Request line is not 'METHOD target HTTP/1.x': '${(lines[0] ?? '').slice(0, 60)}'.` };
  const headers = new Map<string, string>();
  for (const h of lines.slice(1)) {
    const colon = h.indexOf(':');
    if (colon <= 0) return { status: 400, error: `Header line has no name: '${h.slice(0, 60)}'.` };
    headers.set(h.slice(0, colon).trim().toLowerCase(), h.slice(colon + 1).trim());
  }
  if (headers.has('transfer-encoding')) {
    return { status: 411, error: 'Transfer-Encoding is not supported; send the body with a Content-Length.' };
  }
  const rawLength = headers.get('content-length') ?? '0';
  if (!/^\d{1,15}$/.test(rawLength))
    return { status: 400, error: `Content-Length must be a number, got '${rawLength.slice(0, 40)}'.` };
  const connection = (headers.get('connection') ?? '').toLowerCase();
  return {
    request: { method: line[1] ?? '', target: line[2] ?? '', headers },
    length: Number(rawLength),
    keepAlive: line[3] === '1' ? !connection.includes('close') : connection.includes('keep-alive'),
    expectContinue: (headers.get('expect') ?? '').toLowerCase() === '100-continue',
  };
}

/**
 * HTTP plumbing for the hub's REST routes: JSON answers, error answers, bounded body reading, the
 * mapping from error codes to HTTP statuses, and the answers to requests the HTTP parser refused.
 */
import { isUtf8 as nodeIsUtf8 } from 'node:buffer';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '../../contract/errors.js';

/** HTTP status for each application error code. */
export const STATUS_BY_CODE: Record<string, number> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_FOUND: 404,
  CONFLICT: 409,
  OVERLOADED: 429,
  UNAVAILABLE: 503,
  STORE_FULL: 507,
  STORE_DAMAGED: 500,
  STORE_NEWER_SCHEMA: 500,
  STORE_FOREIGN: 500,
  INTERNAL: 500,
};

/** Sends a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** Sends `{error:{code,message,details?}}` with the status of its code (or the one given). */
export function sendError(
  res: ServerResponse,
  err: { code: string; message: string; details?: unknown },
  status?: number,
): void {
  const body = err.details === undefined ? { code: err.code, message: err.message } : err;
  sendJson(res, status ?? STATUS_BY_CODE[err.code] ?? 500, { error: body });
}

/** Reads a JSON request body of at most `limit` bytes; an empty body is `{}`. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit)
    throw new AppError('INVALID_INPUT', `Request body of ${declared} bytes exceeds the limit of ${limit} bytes.`, {
      details: { status: 413 },
    });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit)
      throw new AppError('INVALID_INPUT', `Request body exceeds the limit of ${limit} bytes.`, {
        details: { status: 413 },
      });
    chunks.push(buf);
  }
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return {};
  if (!isUtf8(raw)) throw new AppError('INVALID_INPUT', 'Request body is not valid UTF-8.');
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (err) {
    throw new AppError('INVALID_INPUT', `Request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** True when the buffer holds valid UTF-8. */
export function isUtf8(buf: Buffer): boolean {
  return nodeIsUtf8(buf);
}

/** Sockets already answered after a parser error (the parser reports again for every later packet). */
const answeredClientErrors = new WeakSet<Duplex>();

/**
 * Answers a request Node's HTTP parser refused (the server's `clientError`), before any routing or
 * auth: 414 for an over-long URL, 431 for oversized headers, 408 for a head that took too long, 400
 * for anything else unparsable; a socket that is gone or already mid-answer is just closed.
 */
export function answerClientError(
  err: Error & { code?: string; rawPacket?: unknown },
  socket: Duplex,
  maxHeaderBytes: number,
): void {
  if (answeredClientErrors.has(socket)) return;
  answeredClientErrors.add(socket);
  const answer = clientErrorAnswer(err, maxHeaderBytes);
  const midResponse = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (!answer || !socket.writable || midResponse) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code: 'INVALID_INPUT', message: answer.message } });
  socket.end(
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // The rest of an oversized request may still be arriving; let the client read the answer first.
  setTimeout(() => socket.destroy(), 2000).unref();
}

/** The status and sentence for a parser error, or null when the peer is gone (reset, broken pipe). */
function clientErrorAnswer(
  err: Error & { code?: string; rawPacket?: unknown },
  maxHeaderBytes: number,
): { status: number; message: string } | null {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    if (requestLineOverflows(err.rawPacket, maxHeaderBytes)) {
      return { status: 414, message: `The request URL is longer than the hub's limit of ${maxHeaderBytes} bytes.` };
    }
    return {
      status: 431,
      message: `The request line and header fields exceed the hub's limit of ${maxHeaderBytes} bytes.`,
    };
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, message: 'The request head did not arrive in time.' };
  }
  if (err.code?.startsWith('HPE_')) return { status: 400, message: 'The request is not valid HTTP/1.1.' };
  return null;
}

/** True when the packet the parser stopped in starts a request line that does not end within the limit. */
function requestLineOverflows(raw: unknown, maxHeaderBytes: number): boolean {
  if (!Buffer.isBuffer(raw)) return false;
  const head = raw.toString('latin1', 0, Math.min(raw.length, maxHeaderBytes + 2));
  if (!/^[A-Z]+ \S/.test(head)) return false;
  const end = head.indexOf('\r\n');
  return end === -1 || end > maxHeaderBytes;
}

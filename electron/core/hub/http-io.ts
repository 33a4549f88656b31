/**
 * HTTP plumbing for the hub's REST routes: JSON answers, error answers, bounded body reading, and the
 * mapping from error codes to HTTP statuses.
 */
import { isUtf8 as nodeIsUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

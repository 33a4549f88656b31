/**
 * One GET over node:http(s) with an agent the caller owns (so stop can destroy its sockets), an
 * abort signal, a timeout and a response size cap.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpGetOptions {
  headers: Record<string, string>;
  agent: http.Agent;
  signal: AbortSignal;
  timeoutMs: number;
  maxBytes: number;
}

export interface HttpGetResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Resolves with status, headers and body; rejects on network errors, timeout, abort or oversize. */
export function httpGet(url: string, options: HttpGetOptions): Promise<HttpGetResult> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.request(url, {
      method: 'GET',
      headers: options.headers,
      agent: options.agent,
      signal: options.signal,
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${options.timeoutMs / 1000} s`));
    }, options.timeoutMs);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      reject(err);
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          req.destroy(new Error(`response is larger than ${options.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    req.end();
  });
}

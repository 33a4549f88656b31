/**
 * One GET over node:http(s) with an agent the caller owns (so stop can destroy its sockets), an
 * abort signal, a timeout and a response size cap.
 */
import http from 'node:http';
import https from 'node:https';

/** One kept-alive connection to a polled server (a poller asks one thing at a time). */
export function pollAgent(url: string): http.Agent {
  return url.startsWith('https:')
    ? new https.Agent({ keepAlive: true, maxSockets: 1 })
    : new http.Agent({ keepAlive: true, maxSockets: 1 });
}

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
    let settled = false;
    // Settles once, whichever of end, error, close or the timeout comes first.
    const settle = (err: Error | undefined, result?: HttpGetResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else if (result) resolve(result);
    };
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${options.timeoutMs / 1000} s`));
    }, options.timeoutMs);
    req.on('error', (err) => settle(err));
    req.on('close', () => settle(new Error('the connection closed before an answer')));
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
      res.on('error', (err) => settle(err));
      res.on('close', () => settle(new Error('the answer was cut off')));
      res.on('end', () =>
        settle(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.end();
  });
}

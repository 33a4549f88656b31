/**
 * OAuth2 client credentials for OpenSky: posts `grant_type=client_credentials` with the client id
 * and secret to the token endpoint and keeps the access token until shortly before it expires.
 */
import http from 'node:http';
import https from 'node:https';

/** A token is renewed this long before its stated expiry. */
const RENEW_BEFORE_MS = 30_000;
/** Largest token answer read. */
const MAX_TOKEN_BYTES = 64 * 1024;

export interface TokenClient {
  /** A valid access token, fetched when none is cached or the cached one is about to expire. */
  token(signal: AbortSignal): Promise<string>;
  /** Forgets the cached token (after the API answered 401). */
  invalidate(): void;
}

export interface TokenClientOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  now(): number;
}

export function createTokenClient(options: TokenClientOptions): TokenClient {
  let cached: { token: string; expiresAt: number } | undefined;
  return {
    invalidate: () => {
      cached = undefined;
    },
    async token(signal) {
      if (cached && options.now() < cached.expiresAt - RENEW_BEFORE_MS) return cached.token;
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_secret: options.clientSecret,
      }).toString();
      const res = await postForm(options.tokenUrl, body, signal, options.timeoutMs);
      if (res.status < 200 || res.status >= 300) {
        throw new Error(`the token endpoint answered HTTP ${res.status}`);
      }
      let parsed: { access_token?: unknown; expires_in?: unknown };
      try {
        parsed = JSON.parse(res.body) as typeof parsed;
      } catch {
        throw new Error('the token endpoint did not answer JSON');
      }
      if (typeof parsed.access_token !== 'string' || parsed.access_token === '') {
        throw new Error("the token endpoint's answer has no access_token");
      }
      const lifetimeS = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 300;
      cached = { token: parsed.access_token, expiresAt: options.now() + lifetimeS * 1000 };
      return cached.token;
    },
  };
}

/** One form POST; resolves with status and text body, rejects on network errors, timeout or oversize. */
function postForm(
  url: string,
  body: string,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.request(url, {
      method: 'POST',
      signal,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`the token request timed out after ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    const settle = (fn: () => void): void => {
      clearTimeout(timer);
      fn();
    };
    req.on('error', (err) => settle(() => reject(err)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_TOKEN_BYTES) req.destroy(new Error(`the token answer is larger than ${MAX_TOKEN_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on('error', (err) => settle(() => reject(err)));
      res.on('end', () =>
        settle(() => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })),
      );
    });
    req.end(body);
  });
}

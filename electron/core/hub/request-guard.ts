/**
 * The hub's door checks, run before any upgrade and on every REST call (ARCHITECTURE §9): the Host
 * header (421, against DNS rebinding), a foreign Origin (403), and the app token (401); refused
 * tokens are logged and slowed down per client address (createAuthFailures).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { Logger } from '../../contract/logger.js';
import type { HubConfig } from './types.js';

export interface GuardFailure {
  status: 401 | 403 | 421;
  code: 'UNAUTHORIZED' | 'FORBIDDEN';
  message: string;
}

/** Builds the set of accepted `host:port` values once the port is known. */
export function allowedHostSet(cfg: HubConfig, port: number): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]', ...cfg.allowedHosts];
  if (cfg.host !== '127.0.0.1' && cfg.host !== 'localhost' && cfg.host !== '::1') {
    if (cfg.host === '0.0.0.0' || cfg.host === '::') names.push(...interfaceAddresses());
    else names.push(cfg.host.includes(':') && !cfg.host.startsWith('[') ? `[${cfg.host}]` : cfg.host);
  }
  const out = new Set<string>();
  for (const n of names) {
    const lower = n.toLowerCase();
    out.add(/:\d+$/.test(lower) && !lower.endsWith(']') ? lower : `${lower}:${port}`);
  }
  return out;
}

function interfaceAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) out.push(a.family === 'IPv6' ? `[${a.address}]` : a.address);
  }
  return out;
}

/** 421 unless the Host header names this server exactly (loopback name or a configured LAN host, with our port). */
export function checkHost(req: IncomingMessage, allowed: Set<string>): GuardFailure | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (allowed.has(host)) return null;
  return { status: 421, code: 'FORBIDDEN', message: `Host '${host.slice(0, 100)}' is not this server.` };
}

/** 403 when a browser sends an Origin that is not the hub's own (or a configured extra origin). */
export function checkOrigin(
  req: IncomingMessage,
  allowedHosts: Set<string>,
  extraOrigins: string[],
): GuardFailure | null {
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  if (extraOrigins.includes(origin)) return null;
  const m = /^http:\/\/([^/]+)$/i.exec(origin);
  if (m && allowedHosts.has(m[1]!.toLowerCase())) return null;
  return { status: 403, code: 'FORBIDDEN', message: `Origin '${origin.slice(0, 100)}' is not allowed.` };
}

/** The token presented as `Authorization: Bearer …` or `?token=…`, if any. */
export function presentedToken(req: IncomingMessage, url: URL): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const q = url.searchParams.get('token');
  return q === null || q === '' ? undefined : q;
}

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** 401 unless the app token is presented. */
export function checkAppToken(req: IncomingMessage, url: URL, token: string): GuardFailure | null {
  const t = presentedToken(req, url);
  if (tokenMatches(t, token)) return null;
  return {
    status: 401,
    code: 'UNAUTHORIZED',
    message:
      t === undefined ? 'A token is required (Authorization: Bearer or ?token=).' : 'The token presented is not valid.',
  };
}

/** The request path with the query string dropped, safe to log (tokens travel in the query). */
export function loggablePath(rawUrl: string | undefined): string {
  const s = rawUrl ?? '';
  const i = s.indexOf('?');
  return (i < 0 ? s : s.slice(0, i)).slice(0, 200);
}

/** How refused tokens are slowed down (defaults: AUTH_FAILURE_DEFAULTS). */
export interface AuthFailureOptions {
  log: Pick<Logger, 'warn'>;
  /** Failures from one address answered at once before the delay starts. */
  freeFailures?: number;
  /** The first delay; each further failure doubles it, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** An address with no failure for this long starts again from zero. */
  forgetMs?: number;
  /** Most addresses remembered (the oldest is forgotten first). */
  maxAddresses?: number;
  now?: () => number;
}

export const AUTH_FAILURE_DEFAULTS = {
  freeFailures: 3,
  baseDelayMs: 100,
  maxDelayMs: 2000,
  forgetMs: 60_000,
  maxAddresses: 10_000,
} as const;

/** Refused tokens per client address: logged (never the token) and answered later and later. */
export interface AuthFailures {
  /**
   * Records one refused token from the request's address, logs it (the first, then every power of
   * two), and resolves when its 401 may be sent: at once for the first few, then after a delay that
   * doubles with each consecutive failure, capped. A timer, so nothing else waits meanwhile.
   */
  refused(req: IncomingMessage, what: 'app token' | 'source token', path: string): Promise<void>;
  /** The delay the next failure from `address` would get, in ms (for tests and stats). */
  nextDelayMs(address: string): number;
}

/** Builds the tracker of refused tokens the hub shares between its routes and upgrades. */
export function createAuthFailures(options: AuthFailureOptions): AuthFailures {
  const o = { ...AUTH_FAILURE_DEFAULTS, ...options };
  const now = options.now ?? Date.now;
  const byAddress = new Map<string, { count: number; last: number }>();

  function countOf(address: string, t: number): number {
    const seen = byAddress.get(address);
    return seen === undefined || t - seen.last > o.forgetMs ? 0 : seen.count;
  }

  function delayFor(count: number): number {
    const over = count - o.freeFailures;
    return over <= 0 ? 0 : Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.min(over - 1, 30));
  }

  return {
    refused(req, what, path) {
      const address = req.socket.remoteAddress ?? 'unknown';
      const t = now();
      const count = countOf(address, t) + 1;
      // Re-inserted so the Map's order is least recently failed first.
      byAddress.delete(address);
      byAddress.set(address, { count, last: t });
      if (byAddress.size > o.maxAddresses) byAddress.delete(byAddress.keys().next().value!);
      const delay = delayFor(count);
      if ((count & (count - 1)) === 0) {
        o.log.warn('token refused', { address, what, path, consecutive_failures: count, delay_ms: delay });
      }
      if (delay === 0) return Promise.resolve();
      return new Promise((resolve) => setTimeout(resolve, delay).unref());
    },
    nextDelayMs: (address) => delayFor(countOf(address, now()) + 1),
  };
}

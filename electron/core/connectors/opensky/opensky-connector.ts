/**
 * The `opensky` connector: polls OpenSky's `states/all` within the source's bbox every
 * `interval_ms`, anonymously or with OAuth2 client credentials. HTTP 429 waits as long as
 * `X-Rate-Limit-Retry-After-Seconds` (or `Retry-After`) says; other failures wait by the backoff
 * settings. Both show as the `backoff` state with the next attempt's time.
 */
import type { OpenskyConnectionInfo } from '../../../contract/sources/opensky.js';
import { computeBackoff } from '../backoff.js';
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import { runPollLoop } from '../poll-loop.js';
import { redactUrl } from '../redact-url.js';
import { httpGet, pollAgent, type HttpGetResult } from '../rest/http-get.js';
import { decodeOpenskyStates } from './decode-states.js';
import { createTokenClient, type TokenClient } from './token-client.js';

/** Largest answer read (the whole world is about 2 MB). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Longest wait a retry-after header is obeyed for (OpenSky has answered nearly five hours). */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

export const openskyConnector: ConnectorFactory<OpenskyConnectionInfo> = {
  type: 'opensky',
  isRunnable: () => true,
  start: startOpenskyConnector,
};

/** The polled URL: `url` with the bbox as `lamin/lomin/lamax/lomax`. */
export function openskyStatesUrl(info: Pick<OpenskyConnectionInfo, 'url' | 'bbox'>): string {
  const url = new URL(info.url);
  if (info.bbox) {
    const [west, south, east, north] = info.bbox;
    url.searchParams.set('lamin', String(south));
    url.searchParams.set('lomin', String(west));
    url.searchParams.set('lamax', String(north));
    url.searchParams.set('lomax', String(east));
  }
  return url.toString();
}

/** Milliseconds a 429 asks to wait, from OpenSky's header or a standard Retry-After (seconds or a date). */
export function retryAfterMs(headers: HttpGetResult['headers'], now: number): number | undefined {
  const pick = (name: string): string | undefined => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const raw = pick('x-rate-limit-retry-after-seconds') ?? pick('retry-after');
  if (raw === undefined) return undefined;
  const seconds = Number(raw.trim());
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(raw) - now;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : undefined;
}

/** Starts polling; the returned stop aborts the request in flight and the wait, and closes sockets. */
export function startOpenskyConnector(ctx: ConnectorContext<OpenskyConnectionInfo>): StopConnector {
  const { info } = ctx;
  const url = openskyStatesUrl(info);
  const agent = pollAgent(url);
  const controller = new AbortController();
  const { signal } = controller;
  const tokens: TokenClient | undefined =
    info.client_id !== undefined && info.client_secret !== undefined
      ? createTokenClient({
          tokenUrl: info.token_url,
          clientId: info.client_id,
          clientSecret: info.client_secret,
          timeoutMs: info.timeout_s * 1000,
          now: () => ctx.now(),
        })
      : undefined;
  let attempt = 0;

  const get = async (): Promise<HttpGetResult> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (tokens) headers.authorization = `Bearer ${await tokens.token(signal)}`;
    return httpGet(url, { headers, agent, signal, timeoutMs: info.timeout_s * 1000, maxBytes: MAX_BODY_BYTES });
  };

  /** One poll; resolves with how long to wait before the next one. */
  const pollOnce = async (): Promise<number> => {
    let res: HttpGetResult;
    try {
      res = await get();
      // An expired or revoked token: fetch a new one and try once more.
      if (res.status === 401 && tokens) {
        tokens.invalidate();
        res = await get();
      }
    } catch (err) {
      if (signal.aborted) return 0;
      return backOff(`Polling ${redactUrl(url)} failed: ${err instanceof Error ? err.message : String(err)}.`);
    }
    if (res.status === 429) {
      const wait = retryAfterMs(res.headers, ctx.now());
      const why = `OpenSky answered HTTP 429 (rate limit)${wait !== undefined ? `; it asks to wait ${Math.round(wait / 1000)} s` : ''}.`;
      return backOff(why, wait);
    }
    if (res.status < 200 || res.status >= 300) return backOff(`Polling ${redactUrl(url)} answered HTTP ${res.status}.`);
    attempt = 0;
    ctx.noteMessage();
    ctx.setState({ state: 'polling', error: null, nextRetryAt: null, answered: true });
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body.toString('utf8'));
    } catch {
      ctx.reportRejected(1, `The answer of ${redactUrl(url)} is not JSON: '${res.body.toString('utf8', 0, 60)}'.`);
      return info.interval_ms;
    }
    const decoded = decodeOpenskyStates(parsed, { sourceId: ctx.sourceId, now: ctx.now() });
    if (decoded.rejected.length > 0)
      ctx.reportRejected(decoded.rejected.length, decoded.rejected[0] ?? 'Invalid state.');
    await ctx.submit(decoded.ops);
    return info.interval_ms;
  };

  const backOff = (why: string, wait?: number): number => {
    const delay = wait ?? computeBackoff(info.backoff, attempt);
    attempt += 1;
    ctx.setState({ state: 'backoff', error: why, nextRetryAt: ctx.now() + delay });
    ctx.log.warn('opensky poll failed; waiting', { sourceId: ctx.sourceId, delayMs: delay, error: why });
    return delay;
  };

  const running = runPollLoop(ctx, signal, pollOnce, info.interval_ms);
  return async () => {
    controller.abort();
    await running;
    agent.destroy();
  };
}

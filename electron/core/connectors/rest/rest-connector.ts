/**
 * Polls a REST endpoint at `interval_s` with conditional requests (ETag / Last-Modified), a timeout
 * and optional headers; maps the answer (native, GeoJSON or a JSON array) to objects. A failed poll
 * is recorded as the last error and polling goes on.
 */
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import { runPollLoop } from '../poll-loop.js';
import type { RestConnectionInfo } from '../connection-info.js';
import { decodeMessage, decodeNativeObjects } from '../decode-messages.js';
import { redactUrl } from '../redact-url.js';
import { httpGet, pollAgent } from './http-get.js';
import { mapJsonArray } from './json-mapping.js';

/** Largest response body read. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The `rest` connector: runnable when `connection_info.url` is set. */
export const restConnector: ConnectorFactory<RestConnectionInfo> = {
  type: 'rest',
  isRunnable: (info) => info.url !== undefined,
  start: startRestConnector,
};

/** Starts polling; the returned stop aborts the request in flight, the wait, and closes sockets. */
export function startRestConnector(ctx: ConnectorContext<RestConnectionInfo>): StopConnector {
  const { info } = ctx;
  const url = info.url ?? '';
  const intervalMs = info.interval_s * 1000;
  const agent = pollAgent(url);
  const controller = new AbortController();
  const { signal } = controller;
  let etag: string | undefined;
  let lastModified: string | undefined;

  const pollOnce = async (): Promise<void> => {
    const headers: Record<string, string> = { accept: 'application/json, application/geo+json', ...info.headers };
    if (etag !== undefined) headers['if-none-match'] = etag;
    if (lastModified !== undefined) headers['if-modified-since'] = lastModified;
    try {
      const res = await httpGet(url, {
        headers,
        agent,
        signal,
        timeoutMs: info.timeout_s * 1000,
        maxBytes: MAX_BODY_BYTES,
      });
      if (signal.aborted) return;
      if (res.status === 304) {
        ctx.setState({ state: 'polling', error: null, nextRetryAt: null, answered: true });
        return;
      }
      if (res.status < 200 || res.status >= 300) {
        fail(`Polling ${redactUrl(url)} answered HTTP ${res.status}.`);
        return;
      }
      const tag = res.headers.etag;
      const modified = res.headers['last-modified'];
      etag = typeof tag === 'string' ? tag : undefined;
      lastModified = typeof modified === 'string' ? modified : undefined;
      ctx.noteMessage();
      ctx.setState({ state: 'polling', error: null, nextRetryAt: null, answered: true });
      await handleBody(res.body);
    } catch (err) {
      if (signal.aborted) return;
      fail(`Polling ${redactUrl(url)} failed: ${err instanceof Error ? err.message : String(err)}.`);
    }
  };

  const fail = (message: string): void => {
    ctx.setState({ state: 'error', error: message, nextRetryAt: ctx.now() + intervalMs });
    ctx.log.warn('rest poll failed', { sourceId: ctx.sourceId, error: message });
  };

  const handleBody = async (body: Buffer): Promise<void> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      ctx.reportRejected(1, `The answer of ${redactUrl(url)} is not JSON: '${body.toString('utf8', 0, 60)}'.`);
      return;
    }
    const options = { sourceId: ctx.sourceId, now: ctx.now() };
    let decoded;
    if (info.format === 'json-array' && info.mapping) {
      const mapped = mapJsonArray(parsed, info.mapping);
      const native = decodeNativeObjects(mapped.objects, options);
      decoded = { ops: native.ops, errors: [...mapped.errors, ...native.errors] };
    } else {
      decoded = decodeMessage(parsed, { ...options, format: info.format === 'geojson' ? 'geojson' : 'native' });
    }
    if (decoded.errors.length > 0) ctx.reportRejected(decoded.errors.length, decoded.errors[0] ?? 'Invalid object.');
    await ctx.submit(decoded.ops);
  };

  const running = runPollLoop(
    ctx,
    signal,
    async () => {
      await pollOnce();
      return intervalMs;
    },
    intervalMs,
  );

  return async () => {
    controller.abort();
    await running;
    agent.destroy();
  };
}

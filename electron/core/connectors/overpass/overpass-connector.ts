/**
 * The `overpass` connector: runs the source's Overpass QL query every `interval_ms` and diffs each
 * complete answer against the previous one (osm-live/element-diff.ts): new elements and new
 * versions become observations, elements gone from the answer are marked `osm:deleted=yes`.
 * Before each query it asks `/api/status` for a free slot; HTTP 429 waits as long as Retry-After
 * says, else by the backoff settings, as do timeouts, 5xx answers and answers Overpass cut short.
 */
import type { OverpassConnectionInfo } from '../../../contract/sources/overpass.js';
import type { IngestOp } from '../../ingest/types.js';
import { pollBackoff } from '../backoff.js';
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import { retryAfterMs } from '../opensky/opensky-connector.js';
import { ElementDiff } from '../osm-live/element-diff.js';
import { osmUserAgent } from '../osm-live/osm-user-agent.js';
import { stableJson } from '../stable-json.js';
import { runPollLoop } from '../poll-loop.js';
import { redactUrl } from '../redact-url.js';
import { httpGet, pollAgent, type HttpGetResult } from '../rest/http-get.js';
import { overpassErrorText, readOverpassAnswer, type OverpassAnswer } from './overpass-answer.js';
import { overpassQueryUrl, overpassStatusUrl, parseOverpassStatus, slotWaitMs } from './overpass-request.js';

/** Largest answer read (it is parsed as one document). */
const MAX_BODY_BYTES = 256 * 1024 * 1024;
/** Largest status page read. */
const MAX_STATUS_BYTES = 64 * 1024;
/** Ops handed to ingest at a time, so a large answer never fills its queue. */
const SUBMIT_CHUNK = 2000;

export const overpassConnector: ConnectorFactory<OverpassConnectionInfo> = {
  type: 'overpass',
  isRunnable: () => true,
  start: startOverpassConnector,
};

/** What the status says of an answer: `96 elements, data as of 2014-03-13T12:44:02Z`. */
export function answerSummary(answer: Pick<OverpassAnswer, 'elementCount' | 'timestampOsmBase'>): string {
  const count = `${answer.elementCount.toLocaleString('en-US')} element${answer.elementCount === 1 ? '' : 's'}`;
  return answer.timestampOsmBase ? `${count}, data as of ${answer.timestampOsmBase}` : count;
}

/** Starts polling; the returned stop aborts the request in flight and the wait, and closes sockets. */
export function startOverpassConnector(ctx: ConnectorContext<OverpassConnectionInfo>): StopConnector {
  const { info } = ctx;
  /** Built at the first poll: a geofence id in `bbox` is read from the store then (once per start). */
  let queryUrl: string | undefined;
  const statusUrl = info.status_check ? overpassStatusUrl(info.url) : undefined;
  const where = redactUrl(info.url);
  const agent = pollAgent(info.url);
  const controller = new AbortController();
  const { signal } = controller;
  const headers = { accept: 'application/json', 'user-agent': osmUserAgent('overpass', info.contact) };
  // The previous answer of the same query survives a restart for another setting (interval, contact).
  const diff = ctx.memory(stableJson([info.url, info.query, info.bbox ?? null]), () => new ElementDiff());

  const get = (url: string, maxBytes: number): Promise<HttpGetResult> =>
    httpGet(url, { headers, agent, signal, timeoutMs: info.timeout_s * 1000, maxBytes });

  const { backOff, reset: resetBackoff } = pollBackoff(ctx, info.backoff, 'overpass poll');

  /** A wait when `/api/status` says no slot is free; undefined to query now (also when the page fails). */
  const slotWait = async (): Promise<number | undefined> => {
    if (!statusUrl) return undefined;
    let res: HttpGetResult;
    try {
      res = await get(statusUrl, MAX_STATUS_BYTES);
    } catch {
      return undefined;
    }
    const slots = res.status === 200 ? parseOverpassStatus(res.body.toString('utf8')) : undefined;
    const wait = slots ? slotWaitMs(slots) : 0;
    if (wait === 0) return undefined;
    if (wait === undefined) return backOff(`Overpass at ${where} has no free slot for this address now.`);
    return backOff(`Overpass at ${where} has no free slot for this address; one frees in ${slots?.nextInS} s.`, wait);
  };

  /** Submits in chunks; true when every chunk was stored. */
  const submit = async (ops: IngestOp[]): Promise<boolean> => {
    for (let i = 0; i < ops.length; i += SUBMIT_CHUNK) {
      if (signal.aborted) return false;
      if (ctx.isSaturated()) await ctx.whenDrained();
      if (!(await ctx.submit(ops.slice(i, i + SUBMIT_CHUNK)))) return false;
    }
    return true;
  };

  /** The query URL, with a geofence's bounding box for `{{bbox}}` when `bbox` names one; a string is why not. */
  const buildQueryUrl = async (): Promise<{ url: string } | string> => {
    if (typeof info.bbox !== 'string')
      return { url: overpassQueryUrl({ url: info.url, query: info.query, bbox: info.bbox }) };
    const bbox = await ctx.osm?.geofenceBbox(info.bbox);
    if (!bbox) return `Field 'connection_info.bbox' names geofence '${info.bbox}', which does not exist.`;
    return { url: overpassQueryUrl({ url: info.url, query: info.query, bbox }) };
  };

  /** One poll; resolves with how long to wait before the next one. */
  const pollOnce = async (): Promise<number> => {
    if (queryUrl === undefined) {
      const built = await buildQueryUrl();
      if (typeof built === 'string') return backOff(built);
      queryUrl = built.url;
    }
    const waitForSlot = await slotWait();
    if (signal.aborted) return 0;
    if (waitForSlot !== undefined) return waitForSlot;
    let res: HttpGetResult;
    try {
      res = await get(queryUrl, MAX_BODY_BYTES);
    } catch (err) {
      if (signal.aborted) return 0;
      return backOff(`Querying Overpass at ${where} failed: ${err instanceof Error ? err.message : String(err)}.`);
    }
    if (res.status === 429) {
      const wait = retryAfterMs(res.headers, ctx.now());
      const asks = wait !== undefined ? `; it asks to wait ${Math.round(wait / 1000)} s` : '';
      return backOff(`Overpass at ${where} answered HTTP 429 (rate limit)${asks}.`, wait);
    }
    if (res.status === 400) {
      const why = overpassErrorText(res.body.toString('utf8'));
      return backOff(`Overpass at ${where} refused the query (HTTP 400)${why ? `: ${why}` : ''}.`);
    }
    if (res.status < 200 || res.status >= 300) {
      const busy = res.status === 504 ? ' (server busy or query timed out)' : '';
      return backOff(`Overpass at ${where} answered HTTP ${res.status}${busy}.`);
    }
    let answer: OverpassAnswer;
    try {
      answer = readOverpassAnswer(res.body.toString('utf8'));
    } catch (err) {
      return backOff(`The answer of Overpass at ${where} was not used: ${(err as Error).message}.`);
    }
    resetBackoff();
    ctx.noteMessage();
    const { ops, counts, commit } = diff.next(answer.elements, {
      sourceId: ctx.sourceId,
      answerTime: answer.baseTime ?? ctx.now(),
      present: answer.present,
    });
    ctx.setState({
      state: 'polling',
      error: null,
      nextRetryAt: null,
      answered: true,
      answerSummary: answerSummary(answer),
    });
    ctx.log.info('overpass answer', { sourceId: ctx.sourceId, elements: answer.elementCount, ...counts });
    // Remembered only once stored: refused or lost ops are diffed, and sent, again at the next poll.
    if (await submit(ops)) commit();
    return info.interval_ms;
  };

  const running = runPollLoop(ctx, signal, pollOnce, info.interval_ms);
  return async () => {
    controller.abort();
    await running;
    agent.destroy();
  };
}

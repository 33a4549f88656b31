/**
 * The `aircraft_json` connector: polls readsb / dump1090 / tar1090 `aircraft.json` every
 * `interval_ms` and hands the aircraft with a position to ingest. An aircraft whose position did
 * not change since the last poll (same `now − seen_pos`) is not sent again. A failed poll is
 * recorded as the last error and polling goes on.
 */
import type { AircraftJsonConnectionInfo } from '../../../contract/sources/aircraft-json.js';
import type { IngestOp } from '../../ingest/types.js';
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import { runPollLoop } from '../poll-loop.js';
import { redactUrl } from '../redact-url.js';
import { httpGet, pollAgent } from '../rest/http-get.js';
import { decodeAircraftJson } from './decode-aircraft-json.js';

/** Largest aircraft.json read (a busy aggregator's file is a few MB). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export const aircraftJsonConnector: ConnectorFactory<AircraftJsonConnectionInfo> = {
  type: 'aircraft_json',
  isRunnable: () => true,
  start: startAircraftJsonConnector,
};

/** Starts polling; the returned stop aborts the request in flight and the wait, and closes sockets. */
export function startAircraftJsonConnector(ctx: ConnectorContext<AircraftJsonConnectionInfo>): StopConnector {
  const { info } = ctx;
  const agent = pollAgent(info.url);
  const controller = new AbortController();
  const { signal } = controller;
  /** Observation time last sent per aircraft, to skip unchanged positions. */
  let lastSent = new Map<string, number>();

  const fail = (message: string): void => {
    ctx.setState({ state: 'error', error: message, nextRetryAt: ctx.now() + info.interval_ms });
    ctx.log.warn('aircraft.json poll failed', { sourceId: ctx.sourceId, error: message });
  };

  const pollOnce = async (): Promise<void> => {
    let body: Buffer;
    try {
      const res = await httpGet(info.url, {
        headers: { accept: 'application/json' },
        agent,
        signal,
        timeoutMs: info.timeout_s * 1000,
        maxBytes: MAX_BODY_BYTES,
      });
      if (signal.aborted) return;
      if (res.status < 200 || res.status >= 300) {
        fail(`Polling ${redactUrl(info.url)} answered HTTP ${res.status}.`);
        return;
      }
      body = res.body;
    } catch (err) {
      if (!signal.aborted)
        fail(`Polling ${redactUrl(info.url)} failed: ${err instanceof Error ? err.message : String(err)}.`);
      return;
    }
    ctx.noteMessage();
    ctx.setState({ state: 'polling', error: null, nextRetryAt: null, answered: true });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      ctx.reportRejected(1, `The answer of ${redactUrl(info.url)} is not JSON: '${body.toString('utf8', 0, 60)}'.`);
      return;
    }
    const decoded = decodeAircraftJson(parsed, { sourceId: ctx.sourceId, now: ctx.now() });
    if (decoded.rejected.length > 0)
      ctx.reportRejected(decoded.rejected.length, decoded.rejected[0] ?? 'Invalid aircraft.');
    await ctx.submit(changedOnly(decoded.ops));
  };

  const changedOnly = (ops: IngestOp[]): IngestOp[] => {
    const next = new Map<string, number>();
    const changed: IngestOp[] = [];
    for (const op of ops) {
      if (op.op !== 'upsert') continue;
      next.set(op.osmId, op.observedAt);
      if (lastSent.get(op.osmId) !== op.observedAt) changed.push(op);
    }
    lastSent = next;
    return changed;
  };

  const running = runPollLoop(
    ctx,
    signal,
    async () => {
      await pollOnce();
      return info.interval_ms;
    },
    info.interval_ms,
  );
  return async () => {
    controller.abort();
    await running;
    agent.destroy();
  };
}

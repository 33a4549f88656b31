/**
 * The `osm_api` connector: every `interval_ms` it multi-fetches the current versions of the watched
 * elements (`/api/0.6/nodes?nodes=…`, JSON or XML, 100 ids a request) and, for each element with a
 * version it has not stored, reads `/api/0.6/{type}/{id}/history` (and `/full` for a way's or
 * relation's geometry) and stores every new version at its own timestamp with its user and
 * changeset (osm-api-versions.ts). One request at a time; failures wait by the backoff settings,
 * an HTTP 429 as long as Retry-After says.
 */
import type { ObjectType } from '../../../contract/domain.js';
import { OSM_ELEMENT_REF, type OsmApiConnectionInfo } from '../../../contract/sources/osm-api.js';
import { pollBackoff } from '../backoff.js';
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import { retryAfterMs } from '../opensky/opensky-connector.js';
import { osmUserAgent } from '../osm-live/osm-user-agent.js';
import { runPollLoop } from '../poll-loop.js';
import { redactUrl } from '../redact-url.js';
import { httpGet, pollAgent } from '../rest/http-get.js';
import { readApiAnswer, type ApiElement } from './osm-api-elements.js';
import { drawFull, historyOps, type Drawn } from './osm-api-versions.js';

const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Ids per multi-fetch (the API takes about 700 in a URL; fewer keeps answers small). */
const IDS_PER_REQUEST = 100;

/** A failed request: its sentence, and the wait the server asked for (429). */
class RequestFailed extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly waitMs?: number,
  ) {
    super(message);
  }
}

export const osmApiConnector: ConnectorFactory<OsmApiConnectionInfo> = {
  type: 'osm_api',
  isRunnable: (info) => info.watch.length > 0,
  start: startOsmApiConnector,
};

/** The watched elements by type: `{node: [1, 2], way: [3]}`. */
export function watchedByType(watch: string[]): Map<ObjectType, number[]> {
  const out = new Map<ObjectType, number[]>();
  for (const ref of watch) {
    const m = OSM_ELEMENT_REF.exec(ref);
    if (!m) continue;
    const type = m[1] as ObjectType;
    out.set(type, [...(out.get(type) ?? []), Number(m[2])]);
  }
  return out;
}

/** Starts polling; the returned stop aborts the request in flight and the wait, and closes sockets. */
export function startOsmApiConnector(ctx: ConnectorContext<OsmApiConnectionInfo>): StopConnector {
  const { info } = ctx;
  const base = `${info.url.replace(/\/+$/, '')}/api/0.6`;
  const ext = info.format === 'json' ? '.json' : '';
  const where = redactUrl(info.url);
  const agent = pollAgent(info.url);
  const controller = new AbortController();
  const { signal } = controller;
  const headers = {
    accept: info.format === 'json' ? 'application/json' : 'application/xml',
    'user-agent': osmUserAgent('osm_api', info.contact),
  };
  /** Per `type/id`: the newest version stored, and its drawn geometry (for a later deletion). */
  const stored = ctx.memory(info.url, () => new Map<string, { version: number; deleted: boolean; drawn?: Drawn }>());

  /** GETs `path` under /api/0.6 and reads its elements; throws RequestFailed on a non-2xx answer. */
  const fetchElements = async (path: string): Promise<ApiElement[]> => {
    const res = await httpGet(`${base}${path}`, {
      headers,
      agent,
      signal,
      timeoutMs: info.timeout_s * 1000,
      maxBytes: MAX_BODY_BYTES,
    });
    if (res.status < 200 || res.status >= 300) {
      const wait = res.status === 429 ? retryAfterMs(res.headers, ctx.now()) : undefined;
      throw new RequestFailed(
        `The OSM API at ${where} answered HTTP ${res.status} for /api/0.6${path.split('?')[0]}`,
        res.status,
        wait,
      );
    }
    return readApiAnswer(res.body.toString('utf8'), info.format);
  };

  /** The current versions of the watched elements; elements the API does not know are reported. */
  const currentVersions = async (): Promise<Map<string, ApiElement | 'gone'>> => {
    const out = new Map<string, ApiElement | 'gone'>();
    for (const [type, ids] of watchedByType(info.watch)) {
      for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
        const chunk = ids.slice(i, i + IDS_PER_REQUEST);
        try {
          for (const el of await fetchElements(`/${type}s${ext}?${type}s=${chunk.join(',')}`))
            out.set(`${el.type}/${el.id}`, el);
        } catch (err) {
          // One unknown id makes the API refuse the whole multi-fetch: ask for each alone.
          if (!(err instanceof RequestFailed) || err.status !== 404) throw err;
          for (const id of chunk) await currentOne(type, id, out);
        }
      }
    }
    return out;
  };

  const currentOne = async (type: ObjectType, id: number, out: Map<string, ApiElement | 'gone'>): Promise<void> => {
    try {
      for (const el of await fetchElements(`/${type}/${id}${ext}`)) out.set(`${el.type}/${el.id}`, el);
    } catch (err) {
      if (!(err instanceof RequestFailed) || (err.status !== 404 && err.status !== 410)) throw err;
      if (err.status === 410) out.set(`${type}/${id}`, 'gone');
      else ctx.reportRejected(1, `${type}/${id} does not exist on the OSM API at ${where}.`);
    }
  };

  /** Stores the versions of one element newer than the stored one. */
  const update = async (key: string, current: ApiElement | 'gone'): Promise<'updated' | 'same'> => {
    const [type, idText] = key.split('/') as [ObjectType, string];
    const known = stored.get(key);
    // A 410 says only "deleted", without the version: known deleted is enough.
    if (current === 'gone' ? known?.deleted : known?.version === current.version) return 'same';
    let history: ApiElement[];
    try {
      history = await fetchElements(`/${type}/${idText}/history${ext}`);
    } catch (err) {
      if (!(err instanceof RequestFailed) || current === 'gone') throw err;
      // Without its history the current version alone is stored.
      ctx.reportRejected(0, `${err.message}; only its current version was stored.`);
      history = [current];
    }
    let drawn = known?.drawn;
    if (type !== 'node' && current !== 'gone' && current.visible) {
      const full = drawFull(type, Number(idText), await fetchElements(`/${type}/${idText}/full${ext}`));
      if (typeof full === 'string') ctx.reportRejected(1, `${full}.`);
      else drawn = full;
    }
    const { ops, skipped } = historyOps(history, {
      sourceId: ctx.sourceId,
      after: known?.version ?? 0,
      now: ctx.now(),
      ...(drawn ? { current: drawn } : {}),
    });
    if (skipped.length > 0) ctx.reportRejected(skipped.length, `${skipped[0]}.`);
    await ctx.submit(ops);
    const newest = history.reduce<ApiElement | undefined>((a, h) => (a && a.version > h.version ? a : h), undefined);
    const last = ops.at(-1);
    stored.set(key, {
      version: newest?.version ?? 0,
      deleted: newest?.visible === false,
      drawn: last && last.op === 'upsert' ? { geom: last.geom, tainted: last.tainted === true } : drawn,
    });
    return 'updated';
  };

  const { backOff, reset: resetBackoff } = pollBackoff(ctx, info.backoff, 'osm_api poll');

  const pollOnce = async (): Promise<number> => {
    try {
      const current = await currentVersions();
      let deleted = 0;
      for (const [key, el] of current) {
        if (signal.aborted) return 0;
        if (el === 'gone' || !el.visible) deleted++;
        await update(key, el);
      }
      resetBackoff();
      ctx.noteMessage();
      const summary = `${current.size} watched element${current.size === 1 ? '' : 's'}${deleted > 0 ? `, ${deleted} deleted upstream` : ''}`;
      ctx.setState({ state: 'polling', error: null, nextRetryAt: null, answered: true, answerSummary: summary });
      return info.interval_ms;
    } catch (err) {
      if (signal.aborted) return 0;
      if (err instanceof RequestFailed) {
        const asks = err.waitMs !== undefined ? `; it asks to wait ${Math.round(err.waitMs / 1000)} s` : '';
        return backOff(`${err.message}${err.status === 429 ? ` (rate limit)${asks}` : ''}.`, err.waitMs);
      }
      return backOff(`Reading the OSM API at ${where} failed: ${err instanceof Error ? err.message : String(err)}.`);
    }
  };

  const running = runPollLoop(ctx, signal, pollOnce, info.interval_ms);
  return async () => {
    controller.abort();
    await running;
    agent.destroy();
  };
}

/**
 * The hub's REST routes (ARCHITECTURE §5), each mapped onto the one dispatcher; the push route
 * feeds the same ingest pipeline as publisher sockets, authenticated with the source's token.
 */
import type { IncomingMessage } from 'node:http';
import { createTrackRoute, TRACK_ROUTE } from '../files/track-route.js';
import { ALERT_EXPORT_FORMATS } from '../rules/alert-export.js';
import { alertExportRoute, alertParamsFromQuery, pageParamsFromQuery } from '../rules/alert-routes.js';
import { readJsonBody, sendError, sendJson } from './http-io.js';
import type { PublisherMessageError } from './publisher-messages.js';
import { decodePublisherValue } from './publisher-messages.js';
import { limitFromQuery, listParamsFromQuery } from './query-filter.js';
import { presentedToken, tokenMatches, type AuthFailures } from './request-guard.js';
import type { createRouter } from './router.js';
import type { CallContext, HubConfig, HubDeps, RouteHandler } from './types.js';

const restContext: CallContext = {
  clientId: 'rest',
  principal: { kind: 'app' },
  push: () => undefined,
  onClose: () => undefined,
};

/** Registers every built-in REST route on the router. */
export function addRestRoutes(
  router: ReturnType<typeof createRouter>,
  deps: HubDeps,
  cfg: HubConfig,
  version: string,
  failures?: AuthFailures,
): void {
  const call =
    (
      method: string,
      params: (req: IncomingMessage, p: Record<string, string>, url: URL, body: unknown) => unknown,
      opts: { status?: number; body?: boolean; wrapList?: boolean } = {},
    ): RouteHandler =>
    async (req, res, { params: p, url }) => {
      const body = opts.body ? await readJsonBody(req, cfg.maxBodyBytes) : undefined;
      const reply = await deps.dispatcher.dispatch(method, params(req, p, url, body), restContext);
      if (!reply.ok) return sendError(res, reply.error);
      let result = reply.result;
      if (opts.wrapList) {
        const items = (result as { items: unknown[] }).items;
        result = { items, total: items.length, limit: items.length, offset: 0 };
      }
      sendJson(res, opts.status ?? 200, result);
    };
  const withId = (body: unknown, id: string) => ({ ...(isObject(body) ? body : {}), id });

  // Open to probes; says only whether ingest is writing, never counts or names.
  router.add(
    'GET',
    '/api/health',
    (_req, res) => {
      const paused = deps.ingest.stats().pausedReason;
      sendJson(res, 200, { status: paused === null ? 'ok' : 'degraded', version, ingest_paused: paused });
    },
    { auth: 'none' },
  );
  router.add(
    'GET',
    '/api/data-sources',
    call('sources.list', () => ({}), { wrapList: true }),
  );
  router.add(
    'POST',
    '/api/data-sources',
    call('sources.create', (_r, _p, _u, b) => b, { body: true, status: 201 }),
  );
  router.add(
    'GET',
    '/api/data-sources/:id',
    call('sources.get', (_r, p) => ({ id: p['id'] })),
  );
  router.add(
    'PATCH',
    '/api/data-sources/:id',
    call('sources.update', (_r, p, _u, b) => withId(b, p['id']!), { body: true }),
  );
  router.add(
    'DELETE',
    '/api/data-sources/:id',
    call('sources.delete', (_r, p) => ({ id: p['id'] })),
  );
  router.add(
    'POST',
    '/api/data-sources/:id/activate',
    call('sources.activate', (_r, p) => ({ id: p['id'] })),
  );
  router.add(
    'POST',
    '/api/data-sources/:id/deactivate',
    call('sources.deactivate', (_r, p) => ({ id: p['id'] })),
  );
  router.add('POST', '/api/data-sources/:id/objects', pushRoute(deps, cfg, failures), { auth: 'none' });
  router.add(
    'GET',
    '/api/objects',
    call('objects.list', (_r, _p, u) => listParamsFromQuery(u.searchParams)),
  );
  router.add(
    'GET',
    '/api/objects/:id',
    call('objects.get', (_r, p, u) => ({
      id: p['id'],
      ...(u.searchParams.get('at') ? { at: u.searchParams.get('at')! } : {}),
    })),
  );
  router.add(
    'PATCH',
    '/api/objects/:id',
    call('objects.update', (_r, p, _u, b) => withId(b, p['id']!), { body: true }),
  );
  router.add(
    'DELETE',
    '/api/objects/:id',
    call('objects.delete', (_r, p) => ({ id: p['id'] })),
  );
  router.add(
    'GET',
    '/api/objects/:id/history',
    call('objects.history', (_r, p, u) => historyParams(p['id']!, u)),
  );
  router.add('GET', TRACK_ROUTE, createTrackRoute(deps.dispatcher, restContext));
  addRulesRoutes(router, deps, call, withId);
  // Saved views (issue 20 item 7): saving under a name that exists replaces that view.
  router.add(
    'GET',
    '/api/views',
    call('views.list', () => ({}), { wrapList: true }),
  );
  router.add(
    'POST',
    '/api/views',
    call('views.save', (_r, _p, _u, b) => b, { body: true }),
  );
  router.add(
    'DELETE',
    '/api/views/:id',
    call('views.delete', (_r, p) => ({ id: p['id'] })),
  );
}

/**
 * Geofences, rules and alerts (issue 15): CRUD onto the `geofences.*`, `rules.*` and `alerts.*`
 * methods, and the alert exports streamed from the store.
 */
function addRulesRoutes(
  router: ReturnType<typeof createRouter>,
  deps: HubDeps,
  call: (
    method: string,
    params: (req: IncomingMessage, p: Record<string, string>, url: URL, body: unknown) => unknown,
    opts?: { status?: number; body?: boolean },
  ) => RouteHandler,
  withId: (body: unknown, id: string) => Record<string, unknown>,
): void {
  for (const domain of ['geofences', 'rules'] as const) {
    router.add(
      'GET',
      `/api/${domain}`,
      call(`${domain}.list`, (_r, _p, u) => pageParamsFromQuery(u.searchParams)),
    );
    router.add(
      'POST',
      `/api/${domain}`,
      call(`${domain}.create`, (_r, _p, _u, b) => b, { body: true, status: 201 }),
    );
    router.add(
      'GET',
      `/api/${domain}/:id`,
      call(`${domain}.get`, (_r, p) => ({ id: p['id'] })),
    );
    router.add(
      'PATCH',
      `/api/${domain}/:id`,
      call(`${domain}.update`, (_r, p, _u, b) => withId(b, p['id']!), { body: true }),
    );
    router.add(
      'DELETE',
      `/api/${domain}/:id`,
      call(`${domain}.delete`, (_r, p) => ({ id: p['id'] })),
    );
  }
  router.add(
    'POST',
    '/api/geofences/import',
    call('geofences.import', (_r, _p, _u, b) => b, { body: true, status: 201 }),
  );
  router.add(
    'GET',
    '/api/alerts',
    call('alerts.list', (_r, _p, u) => alertParamsFromQuery(u.searchParams)),
  );
  router.add(
    'POST',
    '/api/alerts/ack',
    call('alerts.ack', (_r, _p, _u, b) => b, { body: true }),
  );
  router.add(
    'POST',
    '/api/alerts/:id/ack',
    call('alerts.ack', (_r, p) => ({ ids: [p['id']] })),
  );
  for (const format of ALERT_EXPORT_FORMATS) {
    router.add('GET', `/api/alerts.${format}`, alertExportRoute(deps.store.rules, format));
  }
}

/** `POST /api/data-sources/{id}/objects`: the source's token (or the app token); body as a publisher frame. */
function pushRoute(deps: HubDeps, cfg: HubConfig, failures?: AuthFailures): RouteHandler {
  return async (req, res, { params, url }) => {
    const sourceId = params['id']!;
    const token = presentedToken(req, url);
    if (!tokenMatches(token, cfg.token)) {
      const state = await deps.auth.checkSource(sourceId, token);
      if (state === 'bad-token' || token === undefined) {
        if (token !== undefined) await failures?.refused(req, 'source token', url.pathname);
        return sendError(res, {
          code: 'UNAUTHORIZED',
          message:
            token === undefined
              ? 'A token is required (Authorization: Bearer or ?token=).'
              : 'The token presented is not valid.',
        });
      }
      if (state === 'inactive')
        return sendError(res, { code: 'FORBIDDEN', message: `Data source '${sourceId}' is inactive.` });
    } else if (!(await deps.auth.isActive(sourceId))) {
      return sendError(res, { code: 'NOT_FOUND', message: `Data source '${sourceId}' does not exist or is inactive.` });
    }
    const body = await readJsonBody(req, cfg.maxBodyBytes);
    let msg;
    try {
      msg = decodePublisherValue(body, { sourceId, maxBatchObjects: cfg.maxBatchObjects });
    } catch (err) {
      const e = err as PublisherMessageError;
      return sendError(res, { code: e.code, message: e.message });
    }
    if (msg.kind === 'ping')
      return sendError(res, { code: 'INVALID_INPUT', message: "Field 'type' must not be 'ping' in a push." });
    const results = await deps.ingest.submit(msg.ops, { sourceId, channel: 'rest' });
    const bad = results.findIndex((r) => r.status === 'rejected');
    if (bad >= 0) {
      const r = results[bad] as { code: string; reason: string };
      return sendError(res, {
        code: r.code,
        message: `In objects[${bad}]: ${r.reason}`,
        details: { stored: results.length - results.filter((x) => x.status === 'rejected').length },
      });
    }
    const ids = results.map((r) => ('object' in r ? r.object.id : null));
    sendJson(res, 200, { count: results.length, object_ids: ids, ...(msg.seq === undefined ? {} : { seq: msg.seq }) });
  };
}

function historyParams(id: string, u: URL): Record<string, unknown> {
  const out: Record<string, unknown> = { id };
  const limit = limitFromQuery(u.searchParams);
  if (limit !== undefined) out['limit'] = limit;
  for (const k of ['before', 'after']) {
    const v = u.searchParams.get(k);
    if (v !== null) out[k] = v;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

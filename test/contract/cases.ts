/**
 * One case per contract method: what to call (through a typed client) and what to observe. The suite
 * runs each case through IPC and through WebSocket against the same core and requires the observed
 * values to be identical after `normalize` (which blanks ids, tokens and times that differ by run).
 */
import type { ApiClient } from '../../renderer/src/api/client.js';
import type { EventPayload } from '../../electron/contract/events.js';
import type { MethodName } from '../../electron/contract/methods.js';

/** Data seeded once before the cases (through the core, not a transport). */
export interface Fixtures {
  sourceId: string;
  objectId: string;
  /** A raster MBTiles file per transport (same content, different paths). */
  mbtiles: Record<'ipc' | 'ws', string>;
  /** Objects reserved per transport for mutating cases (update/delete). */
  spare: Record<'ipc' | 'ws', string[]>;
}

export interface CaseEnv {
  client: ApiClient;
  fx: Fixtures;
  name: 'ipc' | 'ws';
  /** Resolves with the next payload of an event that matches. */
  nextEvent<E extends 'objects.changed'>(event: E, match: (p: EventPayload<E>) => boolean): Promise<EventPayload<E>>;
}

export type Case = (env: CaseEnv) => Promise<unknown>;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VOLATILE_KEYS = new Set(['token', 'subscription_id', 'updates_per_s', 'database_bytes']);

/** Replaces run-specific values (ids, times, tokens) with placeholders. */
export function normalize(value: unknown, key = ''): unknown {
  if (VOLATILE_KEYS.has(key)) return `<${key}>`;
  if (typeof value === 'string') return ISO.test(value) ? '<time>' : UUID.test(value) ? '<id>' : value;
  if (Array.isArray(value)) return value.map((v) => normalize(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalize(v, k)]),
    );
  }
  return value;
}

/** Resolves to the result, or to `{ error }` with the error's code, message and details. */
export async function settle(p: Promise<unknown>): Promise<unknown> {
  try {
    return { result: await p };
  } catch (e) {
    const { code, message, details } = e as { code?: string; message?: string; details?: unknown };
    return { error: { code, message, details } };
  }
}

const GEOJSON = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: 'a',
      properties: { name: 'imported a', kind: 'sensor' },
      geometry: { type: 'Point', coordinates: [1, 2] },
    },
    {
      type: 'Feature',
      id: 'b',
      properties: { name: 'imported b' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      },
    },
    { type: 'Feature', id: 'c', properties: {}, geometry: null },
  ],
});

/** A square over Port Hercule, Monaco, for the geofence and rule cases. */
const FENCE_WKT = 'POLYGON((7.42 43.73, 7.43 43.73, 7.43 43.74, 7.42 43.74, 7.42 43.73))';
const FENCE_GEOJSON = {
  type: 'Polygon',
  coordinates: [
    [
      [7.42, 43.73],
      [7.43, 43.73],
      [7.43, 43.74],
      [7.42, 43.74],
      [7.42, 43.73],
    ],
  ],
};

const take = (env: CaseEnv): string => {
  const id = env.fx.spare[env.name].shift();
  if (!id) throw new Error(`No spare object left for ${env.name}.`);
  return id;
};

const VIEW = {
  filter: { text: 'kind=ship', types: ['node' as const], kinds: ['ship'], source_ids: [] },
  map: { zoom: 13, lat: 43.7384, lon: 7.4246 },
  basemap: 'world',
  time: { live: true as const, trail_min: 30 },
};

/** Every contract method must have a case here; the suite fails for a method without one. */
export const cases: Record<MethodName, Case> = {
  'app.info': ({ client }) => client.call('app.info'),
  'app.stats': async ({ client }) => {
    const stats = await client.call('app.stats');
    return Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, typeof v]));
  },
  // The suite's token is explicit (TRACKER_TOKEN-like), so both transports answer the same refusal.
  'app.rotateToken': ({ client }) =>
    client
      .call('app.rotateToken')
      .catch((e: { code: string; message: string }) => ({ code: e.code, message: e.message })),
  'app.staleThresholds': ({ client }) => client.call('app.staleThresholds'),
  // Each transport sets a different kind, so neither case depends on the other having run.
  'app.setStaleThresholds': ({ client, name }) =>
    client
      .call('app.setStaleThresholds', { thresholds: name === 'ipc' ? { drone: 90 } : { sensor: 7200 } })
      .then(({ thresholds }) => ({ changed: name === 'ipc' ? thresholds.drone === 90 : thresholds.sensor === 7200 })),
  'sources.list': ({ client }) => client.call('sources.list'),
  'sources.get': ({ client, fx }) => client.call('sources.get', { id: fx.sourceId }),
  'sources.create': async ({ client }) => {
    const created = await client.call('sources.create', {
      name: 'contract',
      type: 'websocket',
      description: 'made by a transport',
    });
    return { created, tokenLength: created.token.length };
  },
  'sources.update': async ({ client }) => {
    const { id } = await client.call('sources.create', { name: 'to update', type: 'rest' });
    return client.call('sources.update', { id, name: 'updated', description: 'changed', is_active: false });
  },
  'sources.delete': async ({ client }) => {
    const { id } = await client.call('sources.create', { name: 'to delete', type: 'rest' });
    const deleted = await client.call('sources.delete', { id });
    return { deleted, gone: await client.call('sources.get', { id }).catch((e: { code: string }) => e.code) };
  },
  'sources.activate': async ({ client }) => {
    const { id } = await client.call('sources.create', { name: 'to activate', type: 'rest', is_active: false });
    return client.call('sources.activate', { id });
  },
  'sources.deactivate': async ({ client }) => {
    const { id } = await client.call('sources.create', { name: 'to deactivate', type: 'rest' });
    return client.call('sources.deactivate', { id });
  },
  'sources.rotateToken': async ({ client }) => {
    const { id, token } = await client.call('sources.create', { name: 'to rotate', type: 'rest' });
    const rotated = await client.call('sources.rotateToken', { id });
    return { rotated, changed: rotated.token !== token };
  },
  'sources.status': ({ client, fx }) => client.call('sources.status', { id: fx.sourceId }),
  'objects.list': ({ client, fx }) =>
    client.call('objects.list', { filter: { source_ids: [fx.sourceId], q: 'fixture' }, limit: 10 }),
  'objects.extent': ({ client, fx }) =>
    client.call('objects.extent', { filter: { source_ids: [fx.sourceId], q: 'fixture' } }),
  'objects.get': ({ client, fx }) => client.call('objects.get', { id: fx.objectId }),
  'objects.update': async (env) => {
    const id = take(env);
    const updated = await env.client.call('objects.update', {
      id,
      tags: { note: 'edited', speed: null },
      geom: 'POINT(5 6)',
    });
    return { ...updated, osm_id: '<spare>' };
  },
  'objects.delete': async (env) => {
    const id = take(env);
    const deleted = await env.client.call('objects.delete', { id });
    return {
      deleted: { ...deleted, id: '<spare>' },
      gone: await env.client.call('objects.get', { id }).catch((e: { code: string }) => e.code),
    };
  },
  'objects.history': ({ client, fx }) => client.call('objects.history', { id: fx.objectId, limit: 10 }),
  'objects.track': ({ client, fx }) =>
    settle(client.call('objects.track', { id: fx.objectId, from: '2024-01-01T00:00:00Z', to: '2024-01-01T02:00:00Z' })),
  'objects.trails': ({ client, fx }) =>
    client.call('objects.trails', {
      filter: { source_ids: [fx.sourceId], q: 'fixture' },
      at: '2024-01-01T01:30:00Z',
      window_s: 7200,
    }),
  'objects.timeRange': async ({ client }) => {
    const range = await client.call('objects.timeRange', {});
    return { from: range.from, before: range.from !== null && range.to !== null && range.from <= range.to };
  },
  'objects.tagChanges': ({ client, fx }) => client.call('objects.tagChanges', { id: fx.objectId }),
  'objects.tagSuggestions': async ({ client }) => ({
    keys: await client.call('objects.tagSuggestions', { prefix: 'NA' }),
    kinds: await client.call('objects.tagSuggestions', { key: 'kind', prefix: 'sh' }),
  }),
  'live.subscribe': async ({ client, fx, nextEvent }) => {
    const filter = { source_ids: [fx.sourceId], q: 'fixture' };
    const snapshot = nextEvent('objects.changed', (p) => p.reset);
    const info = await client.call('live.subscribe', { filter });
    const first = await snapshot;
    await client.call('live.unsubscribe', { subscription_id: info.subscription_id });
    return { info, first, sameId: first.subscription_id === info.subscription_id };
  },
  'live.update': async ({ client, fx, nextEvent }) => {
    const info = await client.call('live.subscribe', { filter: { source_ids: ['none'] } });
    const fresh = nextEvent('objects.changed', (p) => p.reset && p.upserted.length > 0);
    const updated = await client.call('live.update', {
      subscription_id: info.subscription_id,
      filter: { source_ids: [fx.sourceId], q: 'fixture' },
    });
    const snapshot = await fresh;
    await client.call('live.unsubscribe', { subscription_id: info.subscription_id });
    return { updated, snapshot };
  },
  'files.import': ({ client }) => settle(client.call('files.import', { name: 'contract.geojson', content: GEOJSON })),
  'files.cancelImport': ({ client }) => settle(client.call('files.cancelImport', { job_id: 'no-such-import' })),
  'files.imports': ({ client }) => settle(client.call('files.imports', {})),
  // Headless has no file dialogs: both transports must answer the same UNAVAILABLE.
  'files.importDialog': ({ client }) => settle(client.call('files.importDialog', { format: 'geojson' })),
  'files.exportDialog': ({ client }) => settle(client.call('files.exportDialog', { format: 'geojson' })),
  'files.exportUrl': ({ client, fx }) =>
    settle(client.call('files.exportUrl', { format: 'geojson', filter: { source_ids: [fx.sourceId] } })),
  'tiles.layers': ({ client }) => settle(client.call('tiles.layers')),
  'tiles.setOnlineSource': ({ client }) =>
    settle(
      client.call('tiles.setOnlineSource', {
        name: 'Local tiles',
        url_template: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
        attribution: 'test',
        max_zoom: 18,
        allow_bulk_download: true,
      }),
    ),
  'tiles.openMbtiles': async ({ client, fx, name }) => {
    const opened = await client.call('tiles.openMbtiles', { path: fx.mbtiles[name] });
    await client.call('tiles.closeMbtiles', { id: opened.id });
    return { ...opened, id: '<layer>', origin: '<file name>' };
  },
  'tiles.openMbtilesDialog': ({ client }) => settle(client.call('tiles.openMbtilesDialog')),
  'tiles.openBasemapFile': async ({ client, fx, name }) => {
    const opened = await client.call('tiles.openBasemapFile', { path: fx.mbtiles[name] });
    await client.call('tiles.closeMbtiles', { id: opened.id });
    return { ...opened, id: '<layer>', origin: '<file name>' };
  },
  'tiles.buildBasemap': ({ client }) => settle(client.call('tiles.buildBasemap', { path: '/no/such/extract.osm.pbf' })),
  'tiles.cancelBasemap': ({ client }) => settle(client.call('tiles.cancelBasemap', { job_id: 'no-such-job' })),
  'tiles.removeBasemap': ({ client }) => settle(client.call('tiles.removeBasemap', { id: 'world' })),
  'tiles.closeMbtiles': async ({ client, fx, name }) => {
    const opened = await client.call('tiles.openMbtiles', { path: fx.mbtiles[name] });
    const closed = await client.call('tiles.closeMbtiles', { id: opened.id });
    const again = await settle(client.call('tiles.closeMbtiles', { id: opened.id }));
    return { closed, again: JSON.stringify(again).replaceAll(opened.id, '<layer>') };
  },
  'tiles.estimateArea': ({ client }) =>
    settle(client.call('tiles.estimateArea', { layer_id: 'online', bbox: [0, 0, 1, 1], min_zoom: 0, max_zoom: 3 })),
  'tiles.downloadArea': async ({ client }) => {
    const started = await settle(
      client.call('tiles.downloadArea', { layer_id: 'online', bbox: [0, 0, 0.01, 0.01], min_zoom: 0, max_zoom: 0 }),
    );
    const jobId = (started as { result?: { job_id?: string } }).result?.job_id;
    // The job may already be over (nothing serves those tiles), so the cancel's outcome is not compared.
    if (jobId) await settle(client.call('tiles.cancelDownload', { job_id: jobId }));
    return started;
  },
  'tiles.cancelDownload': ({ client }) => settle(client.call('tiles.cancelDownload', { job_id: 'no-such-job' })),
  'history.retention': async ({ client }) => {
    const status = await client.call('history.retention');
    // Fixture positions are recent: the default rule (30 days, one a minute) removes none of them.
    return { ...status, positions: status.positions > 0, position_bytes: status.position_bytes > 0 };
  },
  'history.setRetention': async ({ client }) => {
    const set = await client.call('history.setRetention', { keep_all_days: 7, downsample_s: 300 });
    const refused = await settle(client.call('history.setRetention', { keep_all_days: -1, downsample_s: 60 }));
    const restored = await client.call('history.setRetention', { keep_all_days: 30, downsample_s: 60 });
    return { set, refused, restored };
  },
  'history.prune': async ({ client }) => {
    const run = await client.call('history.prune');
    return { run, after: (await client.call('history.retention')).last_run?.removed };
  },
  'team.settings': ({ client }) => client.call('team.settings'),
  'team.setSettings': async ({ client }) => {
    // The password in the URL is moved out of it (sealed); nothing returned holds it.
    const set = await client.call('team.setSettings', { url: 'postgres://analyst:s3cret@127.0.0.1:1/team' });
    const twice = await settle(
      client.call('team.setSettings', { url: 'postgres://analyst:a@127.0.0.1:1/team', password: 'b' }),
    );
    const notPostgres = await settle(client.call('team.setSettings', { url: 'mysql://127.0.0.1/team' }));
    const cleared = await client.call('team.setSettings', { url: null });
    return { set, twice, notPostgres, cleared, leaked: JSON.stringify(set).includes('s3cret') };
  },
  // Port 1 refuses: the answer names the URL (no password) and the reason.
  'team.testConnection': ({ client }) =>
    client.call('team.testConnection', { url: 'postgres://analyst@127.0.0.1:1/team', password: 'pw' }),
  'geofences.list': async ({ client }) => {
    const fence = await client.call('geofences.create', { name: 'to list', geometry: FENCE_WKT });
    const page = await client.call('geofences.list', { limit: 10_000, offset: 0 });
    return {
      found: page.items.some((g) => g.id === fence.id),
      total: page.total === page.items.length,
      page: { ...page, items: [], total: 0 },
    };
  },
  'geofences.get': async ({ client }) => {
    const fence = await client.call('geofences.create', { name: 'to get', geometry: FENCE_WKT });
    return {
      fence: await client.call('geofences.get', { id: fence.id }),
      missing: await settle(client.call('geofences.get', { id: 'no-such-fence' })),
    };
  },
  'geofences.create': async ({ client }) => ({
    fromWkt: await client.call('geofences.create', { name: 'harbour', geometry: FENCE_WKT }),
    fromObject: await client.call('geofences.create', { name: 'harbour 2', geometry: FENCE_GEOJSON }),
    point: await settle(client.call('geofences.create', { name: 'point', geometry: 'POINT(7.42 43.73)' })),
  }),
  'geofences.update': async ({ client }) => {
    const fence = await client.call('geofences.create', { name: 'to update', geometry: FENCE_WKT });
    return client.call('geofences.update', {
      id: fence.id,
      name: 'updated',
      geometry: 'POLYGON((7.41 43.72, 7.44 43.72, 7.44 43.75, 7.41 43.75, 7.41 43.72))',
    });
  },
  'geofences.delete': async ({ client }) => {
    const fence = await client.call('geofences.create', { name: 'to delete', geometry: FENCE_WKT });
    const rule = await client.call('rules.create', {
      name: 'holds it',
      trigger: { type: 'exit', geofence_id: fence.id },
    });
    const inUse = await settle(client.call('geofences.delete', { id: fence.id }));
    await client.call('rules.delete', { id: rule.id });
    const deleted = await client.call('geofences.delete', { id: fence.id });
    return { inUse: JSON.stringify(inUse).replaceAll(rule.id, '<rule>').replaceAll(fence.id, '<fence>'), deleted };
  },
  'geofences.import': ({ client }) =>
    client.call('geofences.import', {
      name: 'zones.geojson',
      content: JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { name: 'imported zone' }, geometry: FENCE_GEOJSON },
          { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [7.42, 43.73] } },
        ],
      }),
    }),
  'rules.list': async ({ client }) => {
    const rule = await client.call('rules.create', {
      name: 'to list',
      trigger: { type: 'lost_contact', seconds: 600 },
    });
    const page = await client.call('rules.list', { limit: 10_000, offset: 0 });
    await client.call('rules.delete', { id: rule.id });
    return { found: page.items.some((r) => r.id === rule.id), page: { ...page, items: [], total: 0 } };
  },
  'rules.get': async ({ client }) => {
    const rule = await client.call('rules.create', { name: 'to get', trigger: { type: 'speed_above', value: 100 } });
    const got = await client.call('rules.get', { id: rule.id });
    await client.call('rules.delete', { id: rule.id });
    return { got, missing: await settle(client.call('rules.get', { id: 'no-such-rule' })) };
  },
  'rules.create': async ({ client }) => {
    const fence = await client.call('geofences.create', { name: 'for a rule', geometry: FENCE_WKT });
    const created = await client.call('rules.create', {
      name: 'ships in',
      filter: 'kind=ship speed>2',
      trigger: { type: 'dwell', geofence_id: fence.id, seconds: 600 },
      rearm_seconds: 60,
    });
    await client.call('rules.delete', { id: created.id });
    const bad = await Promise.all([
      settle(
        client.call('rules.create', {
          name: 'bad filter',
          filter: 'speed>>2',
          trigger: { type: 'altitude_below', value: 300 },
        }),
      ),
      settle(
        client.call('rules.create', { name: 'no fence', trigger: { type: 'enter', geofence_id: 'no-such-fence' } }),
      ),
      settle(client.call('rules.create', { name: 'negative', trigger: { type: 'proximity', distance_m: -1 } })),
    ]);
    return { created: { ...created, trigger: { ...created.trigger, geofence_id: '<fence>' } }, bad };
  },
  'rules.update': async ({ client }) => {
    const rule = await client.call('rules.create', {
      name: 'to update',
      trigger: { type: 'proximity', distance_m: 500, other_filter: 'kind=ship', cpa_seconds: 120 },
    });
    const updated = await client.call('rules.update', {
      id: rule.id,
      name: 'updated',
      enabled: false,
      filter: 'kind=pilot',
    });
    await client.call('rules.delete', { id: rule.id });
    return updated;
  },
  'rules.delete': async ({ client }) => {
    const rule = await client.call('rules.create', { name: 'to delete', trigger: { type: 'speed_below', value: 1 } });
    const deleted = await client.call('rules.delete', { id: rule.id });
    const again = await settle(client.call('rules.delete', { id: rule.id }));
    return { deleted, again: JSON.stringify(again).replaceAll(rule.id, '<rule>') };
  },
  'alerts.list': async ({ client }) => {
    const page = await client.call('alerts.list', { rule_id: 'no-such-rule', limit: 5 });
    return { ...page, unacknowledged: typeof page.unacknowledged };
  },
  'alerts.ack': async ({ client }) => {
    const done = await client.call('alerts.ack', { ids: ['no-such-alert'] });
    const refused = await settle(client.call('alerts.ack', {}));
    return { done: { ...done, unacknowledged: typeof done.unacknowledged }, refused };
  },
  'views.list': async ({ client }) => {
    const saved = await client.call('views.save', { name: 'to list', view: VIEW });
    const { items } = await client.call('views.list');
    await client.call('views.delete', { id: saved.id });
    return items.filter((v) => v.id === saved.id);
  },
  'views.save': async ({ client }) => {
    const created = await client.call('views.save', { name: 'harbour view', view: VIEW });
    const replaced = await client.call('views.save', {
      name: 'harbour view',
      view: { filter: VIEW.filter, time: { at: '2026-02-01T10:00:00.000Z' } },
    });
    await client.call('views.delete', { id: created.id });
    const bad = await settle(
      client.call('views.save', { name: 'bad', view: { ...VIEW, map: { zoom: 30, lat: 0, lon: 0 } } }),
    );
    return { created, sameId: replaced.id === created.id, replaced, bad };
  },
  'views.delete': async ({ client }) => {
    const saved = await client.call('views.save', { name: 'to delete', view: VIEW });
    const deleted = await client.call('views.delete', { id: saved.id });
    const again = await settle(client.call('views.delete', { id: saved.id }));
    return { deleted, again: JSON.stringify(again).replaceAll(saved.id, '<view>') };
  },
  'views.open': async ({ client }) => {
    const saved = await client.call('views.save', { name: 'to open', view: VIEW });
    const opened = await client.call('views.open', { id: saved.id });
    await client.call('views.delete', { id: saved.id });
    return { opened, missing: await settle(client.call('views.open', { id: 'no-such-view' })) };
  },
  'live.unsubscribe': async ({ client }) => {
    const info = await client.call('live.subscribe', { filter: { source_ids: ['none'] } });
    const done = await client.call('live.unsubscribe', { subscription_id: info.subscription_id });
    const again = await client
      .call('live.unsubscribe', { subscription_id: info.subscription_id })
      .catch((e: { code: string }) => e.code);
    return { done, again };
  },
};

/** Per method, params that break its schema (the same for both transports). */
export function invalidParamsFor(method: MethodName): unknown {
  return method.startsWith('app.') || method === 'sources.list'
    ? 'not an object'
    : { id: 42, subscription_id: 42, name: 42, filter: 42 };
}

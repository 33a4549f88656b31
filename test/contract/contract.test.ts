// The contract over both transports: every method and event through the IPC bridge (fake electron,
// structured-clone copies, the real preload) and the real WebSocket bridge on a real hub, with
// identical results and identical errors; plus the refusals of each transport's door.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { events } from '../../electron/contract/events.js';
import { methods, type MethodName } from '../../electron/contract/methods.js';
import type { EventName } from '../../electron/contract/events.js';
import { startServer, type RunningServer } from '../../electron/headless/serve.js';
import { cases, normalize, type CaseEnv, type Fixtures } from './cases.js';
import { seed } from './fixtures.js';
import { tryUpgrade } from '../hub/ws-probes.js';
import { connectIpc, connectWs, type Connected } from './transports.js';

vi.mock('electron', () => import('../fakes/electron.js'));

const TOKEN = 'contract-suite-token-0123456789';
let dir: string;
let server: RunningServer;
let fx: Fixtures;
let ipc: Awaited<ReturnType<typeof connectIpc>>;
let ws: ReturnType<typeof connectWs>;
let base: string;
const received: Record<'ipc' | 'ws', { event: string; payload: unknown }[]> = { ipc: [], ws: [] };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'contract-'));
  server = await startServer({
    port: 0,
    dataDir: dir,
    token: TOKEN,
    env: {},
  });
  base = `http://127.0.0.1:${server.port}`;
  fx = await seed(server.core, dir);
  ipc = await connectIpc(server.core.dispatcher, server.core.events);
  ws = connectWs(base, TOKEN);
  for (const t of [ipc, ws] as Connected[]) {
    for (const event of Object.keys(events))
      t.transport.on(event, (payload) => received[t.name].push({ event, payload }));
  }
});

afterAll(async () => {
  await ipc?.close();
  await ws?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function envFor(t: Connected): CaseEnv {
  return {
    client: t.client,
    fx,
    name: t.name,
    nextEvent(event, match) {
      const start = received[t.name].length;
      return vi.waitFor(
        () => {
          const hit = received[t.name].slice(start).find((e) => e.event === event && match(e.payload as never));
          if (!hit) throw new Error(`No '${event}' yet on ${t.name}.`);
          return hit.payload as never;
        },
        { timeout: 10_000, interval: 10 },
      );
    },
  };
}

describe('contract over IPC and WebSocket', () => {
  it('has a case for every contract method', () => {
    expect(Object.keys(methods).filter((m) => !(m in cases))).toEqual([]);
  });

  it.each(Object.keys(methods) as MethodName[])('%s answers the same over both transports', async (method) => {
    const run = cases[method];
    const viaIpc = normalize(await run(envFor(ipc)));
    const viaWs = normalize(await run(envFor(ws)));
    expect(viaWs).toEqual(viaIpc);
  });

  it.each(Object.keys(methods) as MethodName[])('%s refuses invalid params with the same error', async (method) => {
    const a = await ipc.transport.call(method, [1]);
    const b = await ws.transport.call(method, [1]);
    expect(a.ok).toBe(false);
    expect(b).toEqual(a);
    expect(a.ok || a.error.code).toBe('INVALID_INPUT');
  });

  it('names the bad field identically', async () => {
    const a = await ipc.transport.call('objects.get', { id: 42 });
    expect(a).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await ws.transport.call('objects.get', { id: 42 })).toEqual(a);
  });

  it('answers an unknown method and a missing object with the same errors', async () => {
    const unknown = await ipc.transport.call('objects.frobnicate', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'METHOD_NOT_FOUND' } });
    expect(await ws.transport.call('objects.frobnicate', {})).toEqual(unknown);
    const missing = await ipc.transport.call('objects.get', { id: 'no-such-object' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ws.transport.call('objects.get', { id: 'no-such-object' })).toEqual(missing);
  });
});

const EMPTY_VIEW_FILTER = { text: '', types: [], kinds: [], source_ids: [] };

describe('events over IPC and WebSocket', () => {
  /** How each event is made to happen (objects.changed comes from live.subscribe, tested above). */
  const triggers: Record<EventName, () => Promise<void> | void> = {
    'objects.changed': async () => {
      await ipc.client.call('live.subscribe', { filter: { source_ids: [fx.sourceId], q: 'fixture' } });
      await ws.client.call('live.subscribe', { filter: { source_ids: [fx.sourceId], q: 'fixture' } });
    },
    'source.statusChanged': () =>
      server.core.events.emit('source.statusChanged', {
        source_id: fx.sourceId,
        state: 'connected',
        last_message_at: null,
        received: 1,
        stored: 1,
        rejected: 0,
        rate_per_s: 0,
        last_error: null,
      }),
    'app.statsChanged': async () => {
      const stats = await ipc.client.call('app.stats');
      server.core.events.emit('app.statsChanged', stats);
    },
    'app.staleThresholdsChanged': async () => {
      await ipc.client.call('app.setStaleThresholds', { thresholds: { base_station: 3600 } });
    },
    'files.progressed': async () => {
      await ipc.client.call('files.import', {
        name: 'events.geojson',
        content: '{"type":"Point","coordinates":[1,2]}',
      });
    },
    'tiles.downloadProgressed': async () => {
      // Nothing listens on port 9: the one tile fails at once and the job reports itself finished.
      await ipc.client.call('tiles.setOnlineSource', {
        name: 'Nowhere',
        url_template: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
        allow_bulk_download: true,
      });
      await ipc.client.call('tiles.downloadArea', {
        layer_id: 'online',
        bbox: [0, 0, 0.01, 0.01],
        min_zoom: 0,
        max_zoom: 0,
      });
    },
    'tiles.basemapProgressed': async () => {
      await ipc.client.call('tiles.buildBasemap', { path: path.join(import.meta.dirname, '../fixtures/osm/map.osm') });
    },
    'tiles.layerStatusChanged': async () => {
      await ipc.client.call('tiles.setOnlineSource', {
        name: 'Nowhere',
        url_template: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
      });
      await server.core.tiles.getTile('online', 0, 0, 0);
    },
    'rules.changed': async () => {
      await ipc.client.call('geofences.create', { name: 'event zone', geometry: 'POLYGON((1 1, 2 1, 2 2, 1 2, 1 1))' });
    },
    'alerts.raised': async () => {
      // A real firing: a ship of the fixture source speeds up past the rule's value.
      await ipc.client.call('rules.create', {
        name: 'event speed',
        filter: 'name="event racer"',
        trigger: { type: 'speed_above', value: 10 },
      });
      for (const [speed, at] of [
        [2, Date.now() - 2000],
        [20, Date.now() - 1000],
      ] as const) {
        await server.core.ingest.submit(
          [
            {
              op: 'upsert',
              sourceId: fx.sourceId,
              type: 'node',
              osmId: 'event-racer',
              tags: { name: 'event racer', kind: 'ship', speed },
              geom: { type: 'Point', coordinates: [3, 50] },
              observedAt: at,
            },
          ],
          { sourceId: fx.sourceId, channel: 'api' },
        );
        await server.core.rules.idle();
      }
    },
    'alerts.acknowledged': async () => {
      await ipc.client.call('alerts.ack', { all: true });
    },
    'views.changed': async () => {
      const saved = await ipc.client.call('views.save', { name: 'event view', view: { filter: EMPTY_VIEW_FILTER } });
      await ipc.client.call('views.delete', { id: saved.id });
    },
    'views.opened': async () => {
      const saved = await ipc.client.call('views.save', { name: 'opened view', view: { filter: EMPTY_VIEW_FILTER } });
      await ipc.client.call('views.open', { id: saved.id });
    },
    'app.notified': () =>
      server.core.events.emit('app.notified', { level: 'info', message: 'Hello from the contract suite.' }),
  };

  it('has a trigger for every contract event', () => {
    expect(Object.keys(events).filter((e) => !(e in triggers))).toEqual([]);
  });

  it.each(Object.keys(events) as EventName[])('%s arrives with the same payload on both transports', async (event) => {
    const before = { ipc: received.ipc.length, ws: received.ws.length };
    await triggers[event]();
    const first = async (name: 'ipc' | 'ws') =>
      vi.waitFor(
        () => {
          const hit = received[name].slice(before[name]).find((e) => e.event === event);
          if (!hit) throw new Error(`No '${event}' on ${name}.`);
          return hit.payload;
        },
        { timeout: 10_000, interval: 10 },
      );
    const [a, b] = [await first('ipc'), await first('ws')];
    expect(events[event].safeParse(a).success).toBe(true);
    expect(normalize(b)).toEqual(normalize(a));
  });
});

describe('transport doors', () => {
  it('IPC: accepts our window and refuses another window, a sub-frame and a foreign page', async () => {
    expect((await ipc.client.call('app.info')).mode).toBe('headless');
    const foreign = ipc.fake.createRenderer();
    const sub = ipc.fake.createRenderer({ subFrame: true });
    for (const r of [foreign, sub]) {
      expect(await ipc.preloadFor(r).call('app.info', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // Our own window, navigated away to a foreign page.
    const trusted = await connectIpc(server.core.dispatcher, server.core.events, 'https://evil.example/');
    expect(await trusted.transport.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await trusted.close();
  });

  it('IPC: exposes exactly call and on through contextBridge', async () => {
    const { exposedInMainWorld } = await import('../fakes/electron.js');
    expect(Object.keys(exposedInMainWorld.tracker as object).sort()).toEqual(['call', 'on']);
  });

  it('WebSocket: accepts the token with our own or no Origin, refuses a foreign Origin, a missing or wrong token', async () => {
    const url = `${base.replace('http', 'ws')}/api/rpc`;
    expect(await tryUpgrade(`${url}?token=${TOKEN}`)).toBe('open');
    expect(await tryUpgrade(`${url}?token=${TOKEN}`, { Origin: base })).toBe('open');
    expect(await tryUpgrade(url, { Authorization: `Bearer ${TOKEN}` })).toBe('open');
    expect(await tryUpgrade(`${url}?token=${TOKEN}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await tryUpgrade(url)).toBe(401);
    expect(await tryUpgrade(`${url}?token=wrong-token-0123456789`)).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietLogger } from '../../../test/fakes/quiet-logger.js';
import { createDispatcher } from '../dispatch/dispatcher.js';
import { createAppHandlers } from './app.js';
import { appContext, openHandlerKit, type HandlerKit } from './handlers-test-kit.js';
import { mergeHandlers } from './index.js';
import { DEFAULT_STALE_AFTER_S } from '../../contract/staleness.js';
import { createStaleSettings } from '../stale-settings.js';

let kit: HandlerKit;
beforeAll(async () => {
  kit = await openHandlerKit();
});
afterAll(() => kit.dispose());

describe('app handlers', () => {
  it('answer info with the database location (no password) and no hub while none runs', async () => {
    expect(await kit.call('app.info')).toEqual({
      name: 'OSM Object Tracker',
      version: '0.1.0',
      data_dir: kit.dir,
      database: kit.store.location,
      dialect: 'sqlite',
      hub_url: null,
      mode: 'test',
    });
  });

  it('answer stats from the store, ingest and hub', async () => {
    await kit.call('sources.create', { name: 'a', type: 'websocket' });
    const stats = (await kit.call('app.stats')) as Record<string, unknown>;
    expect(stats).toMatchObject({
      sources: 1,
      objects: 0,
      positions_stored: 0,
      publishers: 0,
      subscribers: 0,
      queue_depth: 0,
      paused_reason: null,
    });
    expect(stats.database_bytes).toBeGreaterThan(0);
    const withHub = createDispatcher({
      handlers: createAppHandlers({
        store: kit.store,
        ingest: kit.ingest,
        stale: createStaleSettings({ initial: DEFAULT_STALE_AFTER_S }),
        info: { name: 'n', version: 'v', dataDir: kit.dir, mode: 'headless' },
        hub: () => ({ url: 'http://127.0.0.1:5/', publishers: 2, subscribers: 3 }),
      }),
      log: quietLogger,
      validateResults: true,
    });
    expect(await withHub.dispatch('app.stats', {}, appContext)).toMatchObject({
      ok: true,
      result: { publishers: 2, subscribers: 3 },
    });
    expect(await withHub.dispatch('app.info', {}, appContext)).toMatchObject({
      ok: true,
      result: { hub_url: 'http://127.0.0.1:5/', mode: 'headless' },
    });
  });
});

describe('app.stats counts', () => {
  it('counts objects once and their positions separately', async () => {
    const { id } = (await kit.call('sources.create', { name: 'counted', type: 'websocket' })) as { id: string };
    const t0 = Date.now() - 60_000;
    const at = (osmId: string, i: number) => ({
      op: 'upsert' as const,
      sourceId: id,
      type: 'node' as const,
      osmId,
      tags: { kind: 'ship', speed: 5 },
      geom: { type: 'Point' as const, coordinates: [i / 100, 0] },
      observedAt: t0 + i * 1000,
    });
    const before = (await kit.call('app.stats')) as { objects: number; positions_stored: number };
    // Two ships, three positions each: two objects, six positions.
    await kit.ingest.submit(
      [0, 1, 2].flatMap((i) => [at('a', i), at('b', i)]),
      { channel: 'api' },
    );
    const after = (await kit.call('app.stats')) as { objects: number; positions_stored: number };
    expect(after.objects - before.objects).toBe(2);
    expect(after.positions_stored - before.positions_stored).toBe(6);
  });
});

describe('app.rotateToken', () => {
  const dispatcherWith = (appToken?: { rotate(): string }) =>
    createDispatcher({
      handlers: createAppHandlers({
        store: kit.store,
        ingest: kit.ingest,
        stale: createStaleSettings({ initial: DEFAULT_STALE_AFTER_S }),
        info: { name: 'n', version: 'v', dataDir: kit.dir, mode: 'headless' },
        ...(appToken ? { appToken } : {}),
      }),
      log: quietLogger,
      validateResults: true,
    });

  it("answers the new token from the shell's keeper", async () => {
    expect(await dispatcherWith({ rotate: () => 'new-token' }).dispatch('app.rotateToken', {}, appContext)).toEqual({
      ok: true,
      result: { token: 'new-token' },
    });
  });

  it('says so in a core without an access key (no hub)', async () => {
    expect(await dispatcherWith().dispatch('app.rotateToken', {}, appContext)).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'This app runs without an access key to rotate.' },
    });
  });
});

describe('app.staleThresholds and app.setStaleThresholds', () => {
  const open = () => {
    const saved: unknown[] = [];
    const stale = createStaleSettings({ initial: DEFAULT_STALE_AFTER_S, save: (t) => saved.push(t) });
    const heard: unknown[] = [];
    stale.onChange((t) => heard.push(t));
    const dispatcher = createDispatcher({
      handlers: createAppHandlers({
        store: kit.store,
        ingest: kit.ingest,
        stale,
        info: { name: 'n', version: 'v', dataDir: kit.dir, mode: 'headless' },
      }),
      log: quietLogger,
      validateResults: true,
    });
    return { dispatcher, saved, heard };
  };

  it('answers the thresholds and the defaults; a change keeps the other kinds, is saved and announced', async () => {
    const { dispatcher, saved, heard } = open();
    expect(await dispatcher.dispatch('app.staleThresholds', {}, appContext)).toEqual({
      ok: true,
      result: { thresholds: DEFAULT_STALE_AFTER_S, defaults: DEFAULT_STALE_AFTER_S },
    });
    const want = { ...DEFAULT_STALE_AFTER_S, ship: 120, aton: 60, sensor: null };
    const set = { thresholds: { ship: 120, aton: 60, sensor: null } };
    expect(await dispatcher.dispatch('app.setStaleThresholds', set, appContext)).toEqual({
      ok: true,
      result: { thresholds: want },
    });
    expect(saved).toEqual([want]);
    expect(heard).toEqual([want]);
    expect(await dispatcher.dispatch('app.staleThresholds', {}, appContext)).toMatchObject({
      result: { thresholds: want },
    });
  });

  it('refuses a threshold that is not whole seconds from 1 s to a year, or an unknown kind, naming it', async () => {
    const { dispatcher, saved } = open();
    const bad = await dispatcher.dispatch('app.setStaleThresholds', { thresholds: { ship: 0 } }, appContext);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((bad as { error: { message: string } }).error.message).toMatch(/thresholds\.ship.*0/);
    const unknown = await dispatcher.dispatch('app.setStaleThresholds', { thresholds: { ufo: 5 } }, appContext);
    expect((unknown as { error: { message: string } }).error.message).toMatch(/ufo/);
    expect(saved).toEqual([]);
  });
});

describe('mergeHandlers', () => {
  it('merges slices and refuses a method handled twice', () => {
    const a = { 'app.info': async () => 1 };
    const b = { 'app.stats': async () => 2 };
    expect(Object.keys(mergeHandlers(a, b))).toEqual(['app.info', 'app.stats']);
    expect(() => mergeHandlers(a, b, { 'app.info': async () => 3 })).toThrow(
      "Handler for method 'app.info' is registered twice.",
    );
  });
});

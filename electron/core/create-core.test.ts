import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../contract/events.js';
import { methods } from '../contract/methods.js';
import { createCore, type Core } from './create-core.js';
import type { CallContext } from './dispatch/dispatcher.js';
import { configureLogging } from './log.js';

let dir: string;
beforeAll(() => {
  configureLogging({ console: false, level: 'silent' });
  dir = mkdtempSync(path.join(tmpdir(), 'core-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = (extra: Partial<Parameters<typeof createCore>[0]> = {}) =>
  createCore({
    mode: 'test',
    env: {},
    overrides: { dataDir: dir, backup: { intervalS: 0 } },
    keepLogging: true,
    statsIntervalMs: 0,
    ...extra,
  });

function client(pushed: Array<{ event: EventName; payload: unknown }>): CallContext & { closeAll(): void } {
  const closers: Array<() => void> = [];
  return {
    clientId: 'c1',
    principal: { kind: 'app' },
    push: (event, payload) => pushed.push({ event, payload }),
    onClose: (cb) => closers.push(cb),
    closeAll: () => closers.splice(0).forEach((cb) => cb()),
  };
}

describe('createCore', () => {
  let core: Core;
  beforeAll(async () => {
    core = await open();
  });
  afterAll(() => core.close());

  it('wires a handler for every contract method', () => {
    const missing = Object.keys(methods).filter((m) => !core.dispatcher.has(m));
    expect(missing).toEqual([]);
    expect(core.config.dataDir).toBe(dir);
    expect(core.store.location).toBe(`sqlite:${path.join(dir, 'tracker.db')}`);
  });

  it('runs a source, an update through the hub path, a live subscription and broadcast events end to end', async () => {
    const broadcast: string[] = [];
    const off = core.events.on((event) => broadcast.push(event));
    const pushed: Array<{ event: EventName; payload: unknown }> = [];
    const ctx = client(pushed);
    const created = await core.dispatcher.dispatch('sources.create', { name: 'feed', type: 'websocket' }, ctx);
    expect(created.ok).toBe(true);
    const source = (created as { result: { id: string; token: string } }).result;
    expect(await core.auth.checkSource(source.id, source.token)).toBe('ok');
    const sub = await core.dispatcher.dispatch('live.subscribe', { filter: { types: ['node'] } }, ctx);
    expect(sub).toMatchObject({ ok: true, result: { snapshot_count: 0 } });
    const op = core.toIngestOp(
      { osm_id: 1, type: 'node', tags: { name: 'x' }, geom: 'POINT(1 2)' },
      source.id,
      Date.now(),
    );
    await core.ingest.submit([op], { sourceId: source.id, channel: 'hub' });
    const list = await core.dispatcher.dispatch('objects.list', {}, ctx);
    expect(list).toMatchObject({ ok: true, result: { total: 1 } });
    await expect
      .poll(() =>
        pushed.some(
          (p) => p.event === 'objects.changed' && (p.payload as { upserted: unknown[] }).upserted.length === 1,
        ),
      )
      .toBe(true);
    await core.dispatcher.dispatch('sources.deactivate', { id: source.id }, ctx);
    await expect.poll(() => broadcast.includes('source.statusChanged')).toBe(true);
    ctx.closeAll();
    off();
  });

  it('reports the hub in app.info once attached', async () => {
    const ctx = client([]);
    expect(await core.dispatcher.dispatch('app.info', {}, ctx)).toMatchObject({
      ok: true,
      result: { hub_url: null, mode: 'test' },
    });
    core.setHubStatus({ url: 'http://127.0.0.1:1234', stats: () => ({ publishers: 1, subscribers: 2 }) });
    expect(await core.dispatcher.dispatch('app.stats', {}, ctx)).toMatchObject({
      ok: true,
      result: { publishers: 1, subscribers: 2 },
    });
    expect(await core.dispatcher.dispatch('app.info', {}, ctx)).toMatchObject({
      ok: true,
      result: { hub_url: 'http://127.0.0.1:1234' },
    });
    core.setHubStatus(undefined);
  });
});

describe('createCore close', () => {
  it('flushes queued updates before closing the store, so a reopened core has them', async () => {
    const first = await open();
    const src = (await first.dispatcher.dispatch('sources.create', { name: 's', type: 'websocket' }, client([]))) as {
      result: { id: string };
    };
    const sourceId = src.result.id;
    const ops = Array.from({ length: 500 }, (_, i) =>
      first.toIngestOp({ osm_id: i, type: 'node', geom: 'POINT(0 0)' }, sourceId, Date.now()),
    );
    const pending = first.ingest.submit(ops, { sourceId, channel: 'hub' });
    await first.close();
    await pending;
    await first.close();
    const second = await open();
    expect(await second.store.countObjects({ source_ids: [sourceId] })).toBe(500);
    await second.close();
  });

  it('refuses a bad config before opening anything', async () => {
    await expect(
      createCore({ mode: 'test', env: { TRACKER_PORT: 'x' }, overrides: { dataDir: dir }, keepLogging: true }),
    ).rejects.toThrow(/TRACKER_PORT/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource, SourceStatus } from '../../contract/domain.js';
import { verifySourceToken } from '../auth.js';
import { openHandlerKit, type HandlerKit } from './handlers-test-kit.js';

let kit: HandlerKit;
beforeAll(async () => {
  kit = await openHandlerKit();
});
afterAll(() => kit.dispose());

type WithToken = DataSource & { token: string };

describe('sources handlers', () => {
  it('creates a source, returns its token once and stores only the hash', async () => {
    const created = (await kit.call('sources.create', { name: '  Harbour feed ', type: 'websocket' })) as WithToken;
    expect(created).toMatchObject({ name: 'Harbour feed', description: '', type: 'websocket', is_active: true });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await kit.store.findSourceTokenHash(created.id)).not.toBe(created.token);
    expect(await verifySourceToken(kit.store, created.id, created.token)).toBe('ok');
    const got = (await kit.call('sources.get', { id: created.id })) as Record<string, unknown>;
    expect(got).not.toHaveProperty('token');
    expect(JSON.stringify(await kit.call('sources.list'))).not.toContain(created.token);
  });

  it('validates connection info per type, accepting good and refusing bad settings', async () => {
    const ok = (await kit.call('sources.create', {
      name: 'poll',
      type: 'rest',
      connection_info: { url: 'http://127.0.0.1:9/x', interval_s: 60 },
      is_active: false,
    })) as DataSource;
    expect(ok.connection_info).toMatchObject({ url: 'http://127.0.0.1:9/x', interval_s: 60 });
    const bad = await kit.fail('sources.create', {
      name: 'bad',
      type: 'websocket',
      connection_info: { url: 'http://not-a-ws' },
    });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message).toMatch(/url/);
    expect(await kit.fail('sources.update', { id: ok.id, connection_info: { interval_s: -1 } })).toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await kit.fail('sources.create', { name: '', type: 'websocket' })).toMatchObject({
      message: "Parameter 'name' must not be empty, got ''.",
    });
    expect(await kit.fail('sources.create', { name: 'x', type: 'ftp' })).toMatchObject({
      message: "Parameter 'type' must be one of 'websocket', 'rest', 'simulator', 'file', got 'ftp'.",
    });
  });

  it('updates, deactivates and activates, keeping the connector runtime in step', async () => {
    const s = (await kit.call('sources.create', { name: 'sim', type: 'websocket' })) as WithToken;
    const updated = (await kit.call('sources.update', {
      id: s.id,
      name: 'renamed',
      description: 'about',
    })) as DataSource;
    expect(updated).toMatchObject({ name: 'renamed', description: 'about', is_active: true });
    const off = (await kit.call('sources.deactivate', { id: s.id })) as DataSource;
    expect(off.is_active).toBe(false);
    expect(await verifySourceToken(kit.store, s.id, s.token)).toBe('inactive');
    expect(kit.connectors.status(s.id)[0]?.state).toBe('stopped');
    const on = (await kit.call('sources.activate', { id: s.id })) as DataSource;
    expect(on.is_active).toBe(true);
    expect(kit.connectors.status(s.id)[0]?.state).not.toBe('stopped');
    const status = (await kit.call('sources.status', { id: s.id })) as { items: SourceStatus[] };
    expect(status.items).toHaveLength(1);
    expect(status.items[0]!.source_id).toBe(s.id);
    const all = (await kit.call('sources.status')) as { items: SourceStatus[] };
    expect(all.items.length).toBeGreaterThanOrEqual(2);
  });

  it('rotates the token: the old one stops working, the new one works', async () => {
    const s = (await kit.call('sources.create', { name: 'rot', type: 'websocket' })) as WithToken;
    const rotated = (await kit.call('sources.rotateToken', { id: s.id })) as WithToken;
    expect(rotated.token).not.toBe(s.token);
    expect(await verifySourceToken(kit.store, s.id, s.token)).toBe('bad-token');
    expect(await verifySourceToken(kit.store, s.id, rotated.token)).toBe('ok');
  });

  it('deletes a source with its objects through ingest (so live sees the deletes) and stops its connector', async () => {
    const s = (await kit.call('sources.create', { name: 'gone', type: 'websocket' })) as WithToken;
    const keep = (await kit.call('sources.create', { name: 'kept', type: 'websocket' })) as WithToken;
    const point = (sourceId: string, osmId: string) => ({
      op: 'upsert' as const,
      sourceId,
      type: 'node' as const,
      osmId,
      tags: {},
      geom: { type: 'Point' as const, coordinates: [0, 0] },
      observedAt: Date.now(),
    });
    await kit.ingest.submit([...Array.from({ length: 1500 }, (_, i) => point(s.id, String(i))), point(keep.id, 'k')], {
      channel: 'api',
    });
    const deleted: string[] = [];
    const off = kit.ingest.onCommitted((batch) => {
      for (const r of batch.results) if (r.op === 'delete' && r.status === 'deleted') deleted.push(r.objectId);
    });
    expect(await kit.call('sources.delete', { id: s.id })).toEqual({ id: s.id, deleted: true });
    off();
    expect(deleted).toHaveLength(1500);
    expect(await kit.store.findObjectByKey(s.id, 'node', '1')).toBeUndefined();
    expect(await kit.store.findObjectByKey(keep.id, 'node', 'k')).toBeDefined();
    expect(kit.connectors.status(s.id)).toEqual([]);
    expect(await verifySourceToken(kit.store, s.id, s.token)).toBe('unknown-source');
  });

  it('answers NOT_FOUND for every method given an unknown id', async () => {
    for (const method of [
      'sources.get',
      'sources.update',
      'sources.delete',
      'sources.activate',
      'sources.deactivate',
      'sources.rotateToken',
      'sources.status',
    ]) {
      expect(await kit.fail(method, { id: 'nope' })).toMatchObject({
        code: 'NOT_FOUND',
        message: "Source 'nope' does not exist.",
      });
    }
  });
});

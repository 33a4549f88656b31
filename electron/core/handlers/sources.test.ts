import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource, SourceStatus } from '../../contract/domain.js';
import { verifySourceToken } from '../auth.js';
import { openHandlerKit, type HandlerKit } from './handlers-test-kit.js';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { quietLogger } from '../../../test/fakes/quiet-logger.js';
import { createConnectorRuntime } from '../connectors/connector-runtime.js';
import { createSecretBox } from '../secrets/secret-box.js';
import { createSourceSecrets } from '../secrets/source-secrets.js';

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
      message:
        "Parameter 'type' must be one of 'websocket', 'rest', 'simulator', 'file', 'osmand', 'cot', 'nmea', 'gpsd', 'aircraft_json', 'sbs', 'opensky', 'overpass', 'osm_api', 'osm_replication', got 'ftp'.",
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
    expect(await verifySourceToken(kit.store, s.id, s.token)).toBe('bad-token');
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

describe('sources handlers: credentials sealed at rest, masked in answers (docs/security.md)', () => {
  const info = {
    url: 'http://feeder:hunter2@127.0.0.1:9/ships?api_key=k-42&page=1',
    headers: { Authorization: 'Bearer s3cret', Accept: 'application/json' },
    interval_s: 600,
  };
  /** The stored row as SQLite holds it, read past the store. */
  const rawRow = (id: string): string => {
    const db = new Database(path.join(kit.dir, 'tracker.db'), { readonly: true });
    try {
      return (
        db.prepare('SELECT connection_info FROM data_sources WHERE id = ?').get(id) as { connection_info: string }
      ).connection_info;
    } finally {
      db.close();
    }
  };

  it('stores ciphertext, answers the mask, keeps the secret on a masked round trip and replaces it on a new value', async () => {
    const created = (await kit.call('sources.create', {
      name: 'secret poll',
      type: 'rest',
      connection_info: info,
      is_active: false,
    })) as WithToken;
    const masked = {
      url: 'http://feeder:••••@127.0.0.1:9/ships?api_key=••••&page=1',
      headers: { Authorization: '••••', Accept: 'application/json' },
    };
    expect(created.connection_info).toMatchObject(masked);
    for (const answer of [await kit.call('sources.get', { id: created.id }), await kit.call('sources.list')]) {
      expect(JSON.stringify(answer)).not.toMatch(/hunter2|s3cret|k-42|enc:v1:/);
    }
    const raw = rawRow(created.id);
    expect(raw).not.toMatch(/hunter2|s3cret|k-42/);
    expect(raw).toMatch(/enc:v1:/);

    // The mask sent back (with another setting changed) keeps the stored secrets byte for byte.
    const back = (await kit.call('sources.update', {
      id: created.id,
      connection_info: { ...created.connection_info, interval_s: 120 },
    })) as DataSource;
    expect(back.connection_info).toMatchObject({ ...masked, interval_s: 120 });
    const keptRaw = JSON.parse(rawRow(created.id)) as { url: string; headers: Record<string, string> };
    const firstRaw = JSON.parse(raw) as { url: string; headers: Record<string, string> };
    expect(keptRaw.url).toBe(firstRaw.url);
    expect(keptRaw.headers.Authorization).toBe(firstRaw.headers.Authorization);

    // A new value replaces the secret (and is sealed too).
    await kit.call('sources.update', {
      id: created.id,
      connection_info: {
        ...created.connection_info,
        headers: { Authorization: 'Bearer rotated', Accept: 'application/json' },
      },
    });
    const replacedRaw = JSON.parse(rawRow(created.id)) as { url: string; headers: Record<string, string> };
    expect(replacedRaw.headers.Authorization).toMatch(/^enc:v1:/);
    expect(replacedRaw.headers.Authorization).not.toBe(firstRaw.headers.Authorization);
    expect(replacedRaw.url).toBe(firstRaw.url);
    expect(JSON.stringify(replacedRaw)).not.toContain('rotated');
  });

  it('refuses a mask where nothing is stored with a 400-class error naming the field', async () => {
    const s = (await kit.call('sources.create', { name: 'plain', type: 'rest', is_active: false })) as WithToken;
    expect(
      await kit.fail('sources.update', { id: s.id, connection_info: { headers: { 'X-Api-Key': '••••' } } }),
    ).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining("Field 'connection_info.headers.x-api-key' holds the mask"),
    });
  });

  it('puts a source whose credentials no longer open into error with a sentence, and the others still start', async () => {
    const sealed = (await kit.call('sources.create', {
      name: 'locked',
      type: 'rest',
      connection_info: info,
      is_active: true,
    })) as WithToken;
    const other = createSourceSecrets(createSecretBox(randomBytes(32)));
    const runtime = createConnectorRuntime({
      store: kit.store,
      ingest: kit.ingest,
      log: quietLogger,
      reveal: other.reveal,
    });
    try {
      await runtime.start();
      const status = runtime.status(sealed.id)[0];
      expect(status).toMatchObject({
        state: 'error',
        last_error: "Source 'locked' cannot decrypt its credentials; the key changed. Enter them again to start it.",
      });
    } finally {
      await runtime.stop();
    }
  });
});

describe('sources handlers: a connector gets the opened credentials', () => {
  it('polls a real local endpoint with the plain header, URL password and query token', async () => {
    const seen: { auth?: string; basic?: string; url?: string }[] = [];
    const server = createServer((req, res) => {
      seen.push({ auth: req.headers['x-api-key'] as string, basic: req.headers.authorization, url: req.url });
      res.setHeader('content-type', 'application/json');
      res.end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const s = (await kit.call('sources.create', {
        name: 'opened',
        type: 'rest',
        connection_info: {
          url: `http://feeder:hunter2@127.0.0.1:${port}/ships?token=t-9`,
          headers: { 'X-Api-Key': 'k-1' },
          interval_s: 600,
        },
      })) as WithToken;
      for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(seen[0]).toEqual({
        auth: 'k-1',
        basic: `Basic ${Buffer.from('feeder:hunter2').toString('base64')}`,
        url: '/ships?token=t-9',
      });
      await kit.call('sources.delete', { id: s.id });
    } finally {
      server.close();
    }
  });
});

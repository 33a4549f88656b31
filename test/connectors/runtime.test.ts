// The runtime keeps one connector per active source in step with the stored sources.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import type { DataSource, SourceType } from '../../electron/contract/domain.js';
import { createConnectorRuntime } from '../../electron/core/connectors/connector-runtime.js';
import { createHarness, quietLog, waitFor, type Harness } from './harness.js';

describe('createConnectorRuntime', () => {
  let h: Harness;
  let server: WebSocketServer;
  let connections = 0;
  let url = '';
  beforeEach(async () => {
    h = await createHarness();
    connections = 0;
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', () => (connections += 1));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterEach(async () => {
    await h.close();
    for (const c of server.clients) c.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('starts a source created inactive only when it is activated, and restarts only on changed settings', async () => {
    const source = await h.createSource('websocket', { url }, false);
    expect(h.runtime.status(source.id)[0]?.state).toBe('stopped');
    expect(connections).toBe(0);

    await h.updateSource(source.id, { isActive: true });
    await waitFor(() => h.runtime.status(source.id)[0]?.state === 'connected', 'connected');
    expect(connections).toBe(1);

    // The same settings in another key order, or a new name, do not restart the connector.
    const reordered = Object.fromEntries(Object.entries(source.connection_info).reverse());
    expect(Object.keys(reordered)).not.toEqual(Object.keys(source.connection_info));
    const same = await h.store.updateSource(source.id, { name: 'renamed', connectionInfo: reordered });
    await h.runtime.sync(source.id, same);
    expect(connections).toBe(1);
    expect(h.runtime.status(source.id)[0]?.state).toBe('connected');

    await h.updateSource(source.id, { connectionInfo: { ...same.connection_info, headers: { 'x-new': '1' } } });
    await waitFor(() => connections === 2 && h.runtime.status(source.id)[0]?.state === 'connected', 'restarted');
    expect(server.clients.size).toBe(1);
  });

  it('starts every active source at launch, reports bad stored settings as an error, and stops all at quit', async () => {
    const good = await h.store.createSource({
      name: 'a',
      description: '',
      type: 'websocket',
      connectionInfo: { url },
      isActive: true,
      tokenHash: 'x',
    });
    const off = await h.store.createSource({
      name: 'b',
      description: '',
      type: 'simulator',
      connectionInfo: {},
      isActive: false,
      tokenHash: 'x',
    });
    const broken = await h.store.createSource({
      name: 'c',
      description: '',
      type: 'rest',
      connectionInfo: { url: 'ftp://x' },
      isActive: true,
      tokenHash: 'x',
    });
    const hubFed = await h.store.createSource({
      name: 'd',
      description: '',
      type: 'rest',
      connectionInfo: {},
      isActive: true,
      tokenHash: 'x',
    });
    const runtime = createConnectorRuntime({ store: h.store, ingest: h.ingest, log: quietLog });
    const pushed: string[] = [];
    const unsubscribe = runtime.onStatus((s) => pushed.push(`${s.source_id}:${s.state}`));
    await runtime.start();
    await waitFor(() => runtime.status(good.id)[0]?.state === 'connected', 'launch connects');
    expect(runtime.status(off.id)[0]?.state).toBe('stopped');
    expect(runtime.status(broken.id)[0]).toMatchObject({
      state: 'error',
      last_error: "Field 'connection_info.url' must use http:// or https://, got 'ftp://x'.",
    });
    expect(runtime.status(hubFed.id)[0]?.state).toBe('idle');
    expect(
      runtime
        .status()
        .map((s) => s.source_id)
        .sort(),
    ).toEqual([good.id, off.id, broken.id, hubFed.id].sort());
    expect(pushed).toContain(`${good.id}:connected`);

    await runtime.stop();
    expect(runtime.status().every((s) => s.state === 'stopped')).toBe(true);
    await waitFor(() => server.clients.size === 0, 'socket closed at quit');
    unsubscribe();
    const before = pushed.length;
    await runtime.sync(good.id, { ...good, is_active: true });
    expect(runtime.status(good.id)[0]?.state).toBe('stopped');
    expect(pushed.length).toBe(before);
  });

  it('reports counts and a message rate for a running simulator', async () => {
    const sim = await h.createSource('simulator', { count: 20, rate_per_s: 200, kinds: ['drone', 'ship'], seed: 5 });
    const status = await waitFor(
      () => h.statuses.find((s) => s.source_id === sim.id && s.rate_per_s > 0 && s.stored > 0),
      'rate and counts',
    );
    expect(status.state).toBe('connected');
    expect(status.received).toBeGreaterThanOrEqual(status.stored);
    expect(status.last_message_at).not.toBeNull();
    const stored = await h.store.listObjects({ filter: { source_ids: [sim.id] }, limit: 100 });
    await waitFor(async () => (await h.countObjects(sim.id)) === 20, 'all simulated objects');
    const kinds = new Set(
      (await h.store.listObjects({ filter: { source_ids: [sim.id] }, limit: 100 })).items.map((o) => o.tags['kind']),
    );
    expect([...kinds].sort()).toEqual(['drone', 'ship']);
    expect(stored.items[0]?.tags).toHaveProperty('heading');
  });

  it('marks every stored source that cannot be loaded in error with the reason, and starts the others', async () => {
    const make = (name: string, type: string, connectionInfo: Record<string, unknown>) =>
      h.store.createSource({
        name,
        description: '',
        type: type as SourceType,
        connectionInfo,
        isActive: true,
        tokenHash: 'x',
      });
    const deep = JSON.parse(`{"subscribe_message":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`) as Record<
      string,
      unknown
    >;
    const tooDeep = await make('deep', 'websocket', deep);
    const pigeon = await make('pigeon', 'carrier-pigeon', {});
    // Valid settings the connector itself cannot use: Node refuses this header value when connecting.
    const euro = await make('euro', 'websocket', { url, headers: { 'x-price': '5 €' } });
    const good = await make('good', 'websocket', { url });
    // The stored value reads back as a marker, so listing the sources never throws or overflows.
    expect((await h.store.getSource(tooDeep.id)).connection_info).toEqual({
      $unreadable: "Field 'connection_info.subscribe_message' is nested more than 32 levels deep.",
    });

    const runtime = createConnectorRuntime({ store: h.store, ingest: h.ingest, log: quietLog });
    await runtime.start();
    await waitFor(() => runtime.status(good.id)[0]?.state === 'connected', 'the good source connects');
    expect(runtime.status(tooDeep.id)[0]).toMatchObject({
      state: 'error',
      last_error: "Field 'connection_info.subscribe_message' is nested more than 32 levels deep.",
    });
    expect(runtime.status(pigeon.id)[0]).toMatchObject({
      state: 'error',
      last_error:
        "Field 'type' must be one of 'websocket', 'rest', 'simulator', 'file', 'osmand', 'cot', 'nmea', 'gpsd', 'aircraft_json', 'sbs', 'opensky', 'overpass', 'osm_api', 'osm_replication', got 'carrier-pigeon'.",
    });
    expect(runtime.status(euro.id)[0]).toMatchObject({ state: 'error' });
    expect(runtime.status(euro.id)[0]?.last_error).toMatch(/^Source 'euro' failed to start: .*header/i);
    await runtime.stop();
  });

  it('marks a source whose sync throws at launch in error, and still starts the others', async () => {
    const good = await h.store.createSource({
      name: 'good',
      description: '',
      type: 'websocket',
      connectionInfo: { url },
      isActive: true,
      tokenHash: 'x',
    });
    const stored = await h.store.getSource(good.id);
    const broken = {
      ...stored,
      id: 'broken-id',
      name: 'broken',
      get type(): SourceType {
        throw new Error('the row cannot be read');
      },
    } as DataSource;
    const store = { listSources: async () => [broken, stored] };
    const runtime = createConnectorRuntime({ store, ingest: h.ingest, log: quietLog });
    await expect(runtime.start()).resolves.toBeUndefined();
    await waitFor(() => runtime.status(good.id)[0]?.state === 'connected', 'the good source connects');
    expect(runtime.status('broken-id')[0]).toMatchObject({
      state: 'error',
      last_error: "Source 'broken' could not be loaded: the row cannot be read",
    });
    await runtime.stop();
  });
});

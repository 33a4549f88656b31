// The cot connector on real sockets on 127.0.0.1, through the real runtime, ingest and SQLite store:
// a TCP stream of events with bad input between them, a UDP multicast group both ways, and a TAK
// server it connects to, sends to and reconnects to.
import { readFileSync } from 'node:fs';
import dgram from 'node:dgram';
import net, { type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sax from 'sax';
import type { DataSource } from '../../electron/contract/domain.js';
import { createConnectorRuntime } from '../../electron/core/connectors/connector-runtime.js';
import type { ConnectorRuntime } from '../../electron/core/connectors/types.js';
import { validateConnectionInfo } from '../../electron/core/connectors/connection-info.js';
import { decodeCot } from '../../electron/core/connectors/cot/cot-decode.js';
import { createLive, type Live } from '../../electron/core/live/live.js';
import { createHarness, quietLog, waitFor, type Harness } from './harness.js';
import { sameStaleAfter } from '../../electron/contract/staleness.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/cot/${name}`, import.meta.url));
const SAMPLES = ['fts-atak-civ.xml', 'node-cot-itak.xml', 'fts-uas.xml', 'node-cot-spotted.xml'];
const GROUP = '239.2.3.1';

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function sendTcp(port: number, chunks: Buffer[]): Promise<void> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  for (const chunk of chunks) socket.write(chunk);
  await new Promise<void>((resolve) => socket.end(resolve));
}

/** Checks a sent event with a strict XML parser of its own and returns its attributes by element. */
function readSentEvent(xml: string): Record<string, Record<string, string>> {
  const parser = sax.parser(true);
  const seen: Record<string, Record<string, string>> = {};
  parser.onerror = (err) => {
    throw err;
  };
  parser.onopentag = (node) => {
    seen[node.name] = node.attributes as Record<string, string>;
  };
  parser.write(xml).close();
  return seen;
}

describe('cot connector', () => {
  let h: Harness;
  let live: Live;
  let runtime: ConnectorRuntime;
  let n = 0;

  /** A source on a runtime that offers the live bus (the harness's own runtime does not). */
  const createSource = async (type: DataSource['type'], info: Record<string, unknown>): Promise<DataSource> => {
    n += 1;
    const source = await h.store.createSource({
      name: `${type} ${n}`,
      description: '',
      type,
      connectionInfo: validateConnectionInfo(type, info),
      isActive: true,
      tokenHash: 'x'.repeat(64),
    });
    await runtime.sync(source.id, source);
    return source;
  };
  const state = (id: string) => runtime.status(id)[0];

  beforeEach(async () => {
    h = await createHarness();
    live = createLive({
      ingest: h.ingest,
      store: h.store,
      log: quietLog,
      staleAfter: () => sameStaleAfter(60),
      flushMs: 10,
    });
    runtime = createConnectorRuntime({ store: h.store, ingest: h.ingest, log: quietLog, live, statusIntervalMs: 50 });
  });
  afterEach(async () => {
    await runtime.stop();
    live.close();
    await h.close();
  });

  it('reads a TCP stream of events, counts bad input without stopping, and closes the port on stop', async () => {
    const port = await freePort();
    const source = await createSource('cot', { mode: 'listen', protocol: 'tcp', host: '127.0.0.1', port });
    await waitFor(() => state(source.id)?.state === 'listening', 'listening');
    // Every sample back to back, cut at odd places, as ATAK clients stream them.
    const stream = Buffer.concat(SAMPLES.map(fixture));
    await sendTcp(port, [stream.subarray(0, 333), stream.subarray(333, 1500), stream.subarray(1500)]);
    await waitFor(async () => (await h.countObjects(source.id)) === 4, 'four objects');
    const { items } = await h.store.listObjects({
      filter: { source_ids: [source.id] },
      sort: { field: 'osm_id', dir: 'asc' },
      limit: 10,
    });
    const nova = items.find((o) => o.osm_id === 'ANDROID-359975090666199');
    expect(nova?.tags).toMatchObject({ kind: 'person', name: 'NOVA', 'cot:group': 'Yellow', 'cot:battery': 35 });
    expect(nova?.observed_at).toBe('2020-08-23T19:02:10.317Z');
    expect(items.find((o) => o.osm_id === '03Z0170972')?.tags.kind).toBe('aircraft');

    // Garbage, a bad event, an entity bomb, a 10 MB line and a half event, each on its own connection.
    const bomb =
      '<!DOCTYPE e [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><event uid="bomb" type="a-f-G" time="2024-01-01T00:00:00Z"><point lat="1" lon="1"/><detail><remarks>&b;</remarks></detail></event>';
    await sendTcp(port, [Buffer.from('GET / HTTP/1.1\r\n\r\n')]);
    await sendTcp(port, [Buffer.from('<event uid="x" type="a-f-G" time="now"><point lat="1" lon="1"/></event>')]);
    await sendTcp(port, [Buffer.from(bomb)]);
    await sendTcp(port, [Buffer.alloc(10 * 1024 * 1024, 'z'), Buffer.from('\n')]);
    await sendTcp(port, [fixture('fts-geochat.xml').subarray(0, 300)]);
    const counted = await waitFor(() => (state(source.id)!.rejected >= 6 ? state(source.id) : undefined), 'rejections');
    expect(counted.rejected).toBe(6);
    expect(counted.state).toBe('listening');
    // Still listening: a good event after all that is stored.
    await sendTcp(port, [fixture('fts-geochat.xml')]);
    await waitFor(async () => (await h.countObjects(source.id)) === 5, 'object after bad input');
    expect(await h.countObjects(source.id)).toBe(5);

    await h.store.updateSource(source.id, { isActive: false }).then((s) => runtime.sync(s.id, s));
    expect(state(source.id)?.state).toBe('stopped');
    await expect(sendTcp(port, [stream])).rejects.toThrow(/ECONNREFUSED/);
  });

  it('joins a multicast group on loopback, reads events from it, and sends matching objects to it as CoT', async () => {
    const port = await freeUdpPort();
    // Objects of another source, one matching the send filter.
    const other = await createSource('websocket', {});
    await h.ingest.submit(
      [
        {
          op: 'upsert',
          sourceId: other.id,
          type: 'node',
          osmId: '244660000',
          tags: { kind: 'ship', name: 'EVER <GIVEN> & co', speed: 5, heading: 90 },
          geom: { type: 'Point', coordinates: [7.42, 43.73] },
          observedAt: Date.parse('2026-03-10T10:00:00Z'),
        },
        {
          op: 'upsert',
          sourceId: other.id,
          type: 'node',
          osmId: 'car1',
          tags: { kind: 'car' },
          geom: { type: 'Point', coordinates: [7.4, 43.7] },
          observedAt: Date.parse('2026-03-10T10:00:00Z'),
        },
      ],
      { sourceId: other.id, channel: 'api' },
    );
    // A raw member of the group, as an ATAK phone on the LAN.
    const phone = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    const heard: string[] = [];
    phone.on('message', (m) => heard.push(m.toString('utf8')));
    await new Promise<void>((resolve) => phone.bind({ port, address: GROUP }, resolve));
    phone.addMembership(GROUP, '127.0.0.1');
    phone.setMulticastInterface('127.0.0.1');

    const source = await createSource('cot', {
      protocol: 'udp',
      host: '127.0.0.1',
      port,
      multicast_group: GROUP,
      send: { filter: 'kind=ship', interval_ms: 100, stale_s: 120 },
    });
    await waitFor(() => state(source.id)?.state === 'listening', 'listening');
    phone.send(fixture('fts-atak-civ.xml'), port, GROUP);
    phone.send(fixture('fts-uas.xml'), port, GROUP);
    phone.send('not xml at all', port, GROUP);
    await waitFor(async () => (await h.countObjects(source.id)) === 2, 'objects from the group');
    await waitFor(() => state(source.id)!.rejected === 1, 'the bad datagram counted');

    const sent = await waitFor(() => heard.find((m) => m.includes('tracker.')), 'our CoT on the group');
    const parts = readSentEvent(sent);
    const ship = (await h.store.listObjects({ filter: { source_ids: [other.id], kinds: ['ship'] }, limit: 1 }))
      .items[0]!;
    expect(parts.event).toMatchObject({
      uid: `tracker.${ship.id}`,
      type: 'a-n-S',
      how: 'm-g',
      start: '2026-03-10T10:00:00.000Z',
      stale: '2026-03-10T10:02:00.000Z',
    });
    expect(Date.parse(parts.event!.time!)).toBeGreaterThan(Date.parse('2026-03-10T10:00:00Z'));
    expect(parts.point).toMatchObject({ lat: '43.73', lon: '7.42', hae: '9999999' });
    expect(parts.contact?.callsign).toBe('EVER <GIVEN> & co');
    expect(parts.track).toEqual({ course: '90', speed: '5' });
    // Our own parser reads it back with the same mapping; the car did not match the filter.
    const back = decodeCot(sent, 'x');
    expect(back.ops[0]).toMatchObject({
      osmId: `tracker.${ship.id}`,
      tags: { kind: 'ship', name: 'EVER <GIVEN> & co', speed: 5, heading: 90 },
    });
    expect(heard.some((m) => m.includes('car1'))).toBe(false);
    // Our events come back to us from the group: they are not stored as the peer's.
    expect(await h.countObjects(source.id)).toBe(2);
    phone.close();
  });

  it('connects to a TAK server, reads its stream, sends to it, and reconnects after it drops', async () => {
    const other = await createSource('websocket', {});
    await h.ingest.submit(
      [
        {
          op: 'upsert',
          sourceId: other.id,
          type: 'node',
          osmId: 'p1',
          tags: { kind: 'person', name: 'Alpha', altitude: 12.5 },
          geom: { type: 'Point', coordinates: [2.35, 48.85] },
          observedAt: Date.parse('2026-03-10T10:00:00Z'),
        },
      ],
      { sourceId: other.id, channel: 'api' },
    );
    const received: string[] = [];
    const connections: net.Socket[] = [];
    const server = net.createServer((socket) => {
      connections.push(socket);
      socket.on('data', (d) => received.push(d.toString('utf8')));
      socket.write(Buffer.concat([fixture('node-cot-newlines.xml'), fixture('fts-atak-point-last.xml')]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const source = await createSource('cot', {
      mode: 'connect',
      protocol: 'tcp',
      host: '127.0.0.1',
      port,
      backoff: { initial_ms: 20, max_ms: 100 },
      send: { filter: 'kind=person', interval_ms: 100 },
    });
    await waitFor(async () => (await h.countObjects(source.id)) === 2, 'objects from the server');
    expect(state(source.id)?.state).toBe('connected');
    const sent = await waitFor(() => received.join('').match(/<event [^]*?<\/event>/)?.[0], 'CoT sent to the server');
    expect(readSentEvent(sent).point).toMatchObject({ lat: '48.85', lon: '2.35', hae: '12.5' });
    expect(decodeCot(sent, 'x').ops[0]?.tags).toMatchObject({ kind: 'person', name: 'Alpha', altitude: 12.5 });

    const states: string[] = [];
    runtime.onStatus((s) => {
      if (s.source_id === source.id) states.push(s.state);
    });
    connections[0]!.destroy();
    await waitFor(() => states.includes('backoff'), 'backoff after the drop');
    await waitFor(() => connections.length === 2 && state(source.id)?.state === 'connected', 'reconnected');
    // The new connection gets every object being sent, first thing.
    await waitFor(() => received.filter((r) => r.includes('Alpha')).length >= 2, 'objects sent again');
    await h.store.deleteSource(source.id);
    await runtime.sync(source.id, undefined);
    await waitFor(() => connections.every((c) => c.destroyed || c.readableEnded), 'connection closed on stop');
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reports a refused send filter and keeps listening', async () => {
    const port = await freePort();
    const source = await createSource('cot', { protocol: 'tcp', port, send: { filter: 'speed>' } });
    const status = await waitFor(
      () => (state(source.id)?.state === 'listening' && state(source.id)?.last_error ? state(source.id) : undefined),
      'listening with the filter error',
    );
    expect(status.last_error).toMatch(/^The send filter was refused: /);
  });
});

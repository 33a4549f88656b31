// The nmea connector on loopback through the real pipeline: a TCP feed replaying gpsd's real
// receiver log, a UDP feed, bad input on both, and (when installed) a real gpsd fed by gpsfake.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateConnectionInfo } from '../../electron/core/connectors/connection-info.js';
import { createHarness, waitFor, type Harness } from './harness.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const LOG = join(FIXTURES, 'gpsd', 'ais-nmea.nmea');
const logLines = readFileSync(LOG, 'utf8')
  .split('\n')
  .filter((l) => /^[$!]/.test(l));

/** A TCP server that sends `lines` (CRLF-terminated) to each client, then keeps it open. */
async function startTcpFeed(send: (socket: net.Socket) => void) {
  const sockets = new Set<net.Socket>();
  const received: string[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (d) => received.push(String(d)));
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    send(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    sockets,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('nmea connector', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('reads a TCP feed: the receiver and the vessels are stored, bad lines are counted, stop closes the socket', async () => {
    const feed = await startTcpFeed((socket) => {
      socket.write(`${logLines.join('\r\n')}\r\n`);
      // Garbage, a bad checksum, a half sentence cut by a 10 MB line, then a good sentence again.
      socket.write('\u0000\u0001\u00fe\u00ff\r\n');
      socket.write('!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0*28\r\n');
      socket.write('$GPRMC,2140');
      socket.write(Buffer.alloc(10 * 1024 * 1024, 0x41));
      socket.write('\r\n!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0*29\r\n');
    });
    const source = await h.createSource('nmea', {
      mode: 'connect',
      host: '127.0.0.1',
      port: feed.port,
      init: '?WATCH={"enable":true,"nmea":true}',
    });
    await waitFor(() => h.runtime.status(source.id)[0]?.state === 'connected', 'connected');
    const status = await waitFor(() => h.runtime.status(source.id).find((s) => s.rejected >= 3), 'bad lines rejected');
    expect(status.rejected).toBe(3);
    expect(status.last_error).toBeTruthy();
    expect(feed.received.join('')).toBe('?WATCH={"enable":true,"nmea":true}\r\n');

    // The last epoch is stored after the idle time; the vessel list holds kind=ship objects.
    const receiver = await waitFor(async () => {
      const { items } = await h.store.listObjects({ filter: { source_ids: [source.id] }, limit: 1000 });
      return items.find((o) => o.osm_id === 'gps-gp' && o.observed_at.startsWith('2020-04-07T21:42:33'));
    }, 'the last fix');
    expect(receiver.tags).toMatchObject({ kind: 'receiver', altitude: expect.any(Number), 'gps:mode': 3 });
    const vessel = await waitFor(async () => {
      const { items } = await h.store.listObjects({ filter: { source_ids: [source.id] }, limit: 1000 });
      return items.find((o) => o.osm_id === '371255000');
    }, 'SEA ENTERPRISE');
    expect(vessel.tags).toMatchObject({
      kind: 'ship',
      name: 'SEA ENTERPRISE',
      'ais:callsign': 'HP6683',
      'ais:shiptype': 90,
    });
    expect(vessel.geom).toEqual({ type: 'Point', coordinates: [expect.any(Number), expect.any(Number)] });

    await h.updateSource(source.id, { isActive: false });
    await waitFor(() => feed.sockets.size === 0, 'the connector closed its socket');
    await feed.close();
  });

  it('backs off while the server is down and connects when it comes up', async () => {
    const feed = await startTcpFeed(() => undefined);
    const port = feed.port;
    await feed.close();
    const source = await h.createSource('nmea', {
      host: '127.0.0.1',
      port,
      backoff: { initial_ms: 50, max_ms: 200, factor: 2, jitter: 0 },
    });
    const backoff = await waitFor(() => h.runtime.status(source.id).find((s) => s.state === 'backoff'), 'backoff');
    expect(backoff.last_error).toContain(`127.0.0.1:${port}`);
    const server = net.createServer((s) => s.end(`${logLines.slice(0, 20).join('\r\n')}\r\n`));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    await waitFor(async () => (await h.countObjects(source.id)) > 0, 'objects after reconnect');
    await h.updateSource(source.id, { isActive: false });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('listens on UDP: datagrams of sentences are stored, garbage datagrams are counted', async () => {
    const port = await freeUdpPort();
    const source = await h.createSource('nmea', { mode: 'listen', protocol: 'udp', host: '127.0.0.1', port });
    await waitFor(() => h.runtime.status(source.id)[0]?.state === 'listening', 'listening');
    const sender = dgram.createSocket('udp4');
    const send = (text: string | Buffer) =>
      new Promise<void>((resolve, reject) =>
        sender.send(text, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
    // AIS-catcher sends a sentence (or a message's fragments) per datagram.
    const ais = logLines.filter((l) => l.startsWith('!'));
    for (let i = 0; i < ais.length; i += 2) await send(`${ais[i]}\r\n${ais[i + 1] ?? ''}\r\n`);
    await send(Buffer.from([0xff, 0x00, 0x13, 0x37]));
    await send('!AIVDM,2,1,7,A,garbage-fragment,0*00');
    const mmsis = ['244660274', '371255000'];
    await waitFor(async () => {
      const { items } = await h.store.listObjects({ filter: { source_ids: [source.id] }, limit: 1000 });
      return mmsis.every((m) => items.some((o) => o.osm_id === m));
    }, 'vessels from UDP');
    const status = await waitFor(() => h.runtime.status(source.id).find((s) => s.rejected >= 2), 'garbage rejected');
    expect(status.state).toBe('listening');
    sender.close();
    await h.updateSource(source.id, { isActive: false });
    // The port is free again once stopped.
    const again = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(port, '127.0.0.1', () => resolve());
    });
    again.close();
  });

  const hasGpsfake = spawnSync('sh', ['-c', 'command -v gpsfake && command -v gpsd']).status === 0;
  it.skipIf(!hasGpsfake)(
    'reads gpsd’s raw NMEA port while gpsfake replays the real log (needs Debian gpsd and gpsd-clients)',
    async () => {
      const port = await freeTcpPort();
      const fake: ChildProcess = spawn('gpsfake', ['-q', '-1', '-c', '0.01', '-P', String(port), LOG], {
        stdio: 'ignore',
      });
      try {
        const source = await h.createSource('nmea', {
          host: '127.0.0.1',
          port,
          init: '?WATCH={"enable":true,"nmea":true}',
          backoff: { initial_ms: 100, max_ms: 500, factor: 2, jitter: 0 },
        });
        const vessel = await waitFor(
          async () => {
            const { items } = await h.store.listObjects({ filter: { source_ids: [source.id] }, limit: 1000 });
            return items.find((o) => o.osm_id === '244660274');
          },
          'a vessel through gpsd',
          30_000,
        );
        expect(vessel.tags).toMatchObject({ kind: 'ship', 'ais:class': 'A' });
        const receiver = await waitFor(async () => {
          const { items } = await h.store.listObjects({ filter: { source_ids: [source.id] }, limit: 1000 });
          return items.find((o) => o.tags.kind === 'receiver');
        }, 'the receiver through gpsd');
        const [lon, lat] = (receiver.geom as { coordinates: number[] }).coordinates;
        expect(lat).toBeCloseTo(52.8423, 3);
        expect(lon).toBeCloseTo(5.7058, 3);
        await h.updateSource(source.id, { isActive: false });
      } finally {
        fake.kill('SIGTERM');
      }
    },
    60_000,
  );
});

async function freeTcpPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('nmea settings', () => {
  it('accepts the documented shapes with defaults and refuses contradictions with one sentence', () => {
    expect(validateConnectionInfo('nmea', {})).toMatchObject({
      mode: 'connect',
      protocol: 'tcp',
      host: '127.0.0.1',
      port: 10110,
    });
    expect(validateConnectionInfo('nmea', { mode: 'listen', protocol: 'udp', port: 10110 })).toMatchObject({
      protocol: 'udp',
    });
    expect(validateConnectionInfo('nmea', { port: 2947, init: '?WATCH={"enable":true,"nmea":true}' })).toMatchObject({
      init: '?WATCH={"enable":true,"nmea":true}',
    });
    expect(() => validateConnectionInfo('nmea', { mode: 'connect', protocol: 'udp' })).toThrow(
      /protocol.*'tcp' when mode is 'connect'/,
    );
    expect(() => validateConnectionInfo('nmea', { mode: 'listen', init: 'x' })).toThrow(/init.*only by mode 'connect'/);
    expect(() => validateConnectionInfo('nmea', { init: 'a\r\nb' })).toThrow(/init.*one line/);
    expect(() => validateConnectionInfo('nmea', { port: 0 })).toThrow(/port/);
    expect(() => validateConnectionInfo('nmea', { baud: 4800 })).toThrow(/baud/);
  });
});

// The gpsd connector against a local TCP server speaking gpsd's JSON protocol with lines from gpsd's
// own regression output (test/fixtures/gpsd), plus garbage, half lines and a 10 MB line.
import { readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GPSD_WATCH } from '../../electron/core/connectors/gpsd/gpsd-connector.js';
import { createHarness, waitFor, type Harness } from './harness.js';

const FIXTURES = join(__dirname, '../fixtures/gpsd');
const HELLO = [
  '{"class":"VERSION","release":"3.22","rev":"3.22","proto_major":3,"proto_minor":14}',
  '{"class":"DEVICES","devices":[{"class":"DEVICE","path":"/dev/ttyUSB0","driver":"NMEA0183"}]}',
  '{"class":"WATCH","enable":true,"json":true,"nmea":false,"raw":0,"scaled":false}',
];
/** The AIS and TPV lines of gpsd's ais-nmea.nmea regression output, as gpsd writes them to a watcher. */
const REPLAY = readFileSync(join(FIXTURES, 'ais-nmea.nmea.chk'), 'utf8')
  .split('\n')
  .filter((l) => /^\{"class":"(AIS|TPV|SKY)"/.test(l))
  .map((l) => l.replace(/^\{"class":"(\w+)",/, '{"class":"$1","device":"/dev/ttyUSB0",'));

interface FakeGpsd {
  port: number;
  /** What each client sent, per connection. */
  received: string[];
  sockets: net.Socket[];
  close(): Promise<void>;
}

/** A gpsd stand-in: on `?WATCH` it runs `onWatch(socket, n)` for its n-th client. */
async function startFakeGpsd(onWatch: (socket: net.Socket, n: number) => void, port = 0): Promise<FakeGpsd> {
  const fake: FakeGpsd = { port: 0, received: [], sockets: [], close: async () => undefined };
  const server = net.createServer((socket) => {
    fake.sockets.push(socket);
    const n = fake.sockets.length;
    socket.on('error', () => undefined);
    socket.on('data', (d) => {
      fake.received.push(String(d));
      if (String(d).startsWith('?WATCH=')) onWatch(socket, n);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  fake.port = (server.address() as AddressInfo).port;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const s of fake.sockets) s.destroy();
      server.close(() => resolve());
    });
  return fake;
}

describe('gpsd connector', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('watches gpsd and stores receivers and vessels with the common mapping', async () => {
    const fake = await startFakeGpsd((socket) => socket.write([...HELLO, ...REPLAY].join('\r\n') + '\r\n'));
    const source = await h.createSource('gpsd', { port: fake.port });
    await waitFor(() => h.runtime.status(source.id)[0]?.state === 'connected', 'connected');
    expect(fake.received[0]).toBe(GPSD_WATCH);

    // 30 vessels with a position and one receiver; the receiver's last fix is stored once it settled.
    await waitFor(async () => (await h.countObjects(source.id)) === 31, 'all objects');
    const parsed = REPLAY.map(
      (l) =>
        JSON.parse(l) as {
          class: string;
          time: string;
          lat?: number;
          lon: number;
          altMSL: number;
          altHAE: number;
          speed: number;
          hdop: number;
          uSat: number;
        },
    );
    const lastTpv = parsed.filter((o) => o.class === 'TPV' && o.lat !== undefined).at(-1)!;
    const lastSky = parsed.filter((o) => o.class === 'SKY').at(-1)!;
    const receiver = await waitFor(async () => {
      const o = await h.store.findObjectByKey(source.id, 'node', '/dev/ttyUSB0');
      return o && Date.parse(o.observed_at) === Date.parse(lastTpv.time) ? o : undefined;
    }, 'the last fix of the receiver');
    expect(receiver.geom).toEqual({ type: 'Point', coordinates: [lastTpv.lon, lastTpv.lat] });
    expect(receiver.tags).toMatchObject({
      kind: 'receiver',
      'gps:mode': 3,
      'gps:hdop': lastSky.hdop,
      'gps:satellites': lastSky.uSat,
    });
    expect(receiver.tags.altitude).toBeCloseTo(lastTpv.altMSL, 6);
    expect(receiver.tags['gps:alt_hae']).toBeCloseTo(lastTpv.altHAE, 6);
    expect(receiver.tags.speed).toBeCloseTo(lastTpv.speed, 6);
    const history = await h.store.history(receiver.id, { limit: 1000 });
    expect(history.length).toBeGreaterThan(100);

    const sea = await h.store.findObjectByKey(source.id, 'node', '371255000');
    expect(sea?.tags).toMatchObject({
      kind: 'ship',
      name: 'SEA ENTERPRISE',
      'ais:callsign': 'HP6683',
      'ais:class': 'A',
    });
    const status = h.runtime.status(source.id)[0];
    expect(status?.rejected).toBe(0);
    await fake.close();
  });

  it('counts garbage bytes, a half line, a bad field and a 10 MB line as rejected and keeps reading', async () => {
    const ais = REPLAY.find((l) => l.includes('"mmsi":244660274'))!;
    const fake = await startFakeGpsd((socket) => {
      socket.write(`${HELLO[0]}\r\n\u0000\u00ff\u00fe garbage\r\n{"class":"TPV","lat":52.8,`);
      socket.write('\r\n{"class":"AIS","type":1,"mmsi":244660274,"lat":"north"}\r\n');
      const mb = Buffer.alloc(1024 * 1024, 0x41);
      for (let i = 0; i < 10; i += 1) socket.write(mb);
      socket.write(`\r\n${ais}\r\n`);
    });
    const source = await h.createSource('gpsd', { port: fake.port });
    await waitFor(async () => (await h.countObjects(source.id)) === 1, 'the good line after the bad ones');
    const status = await waitFor(() => {
      const s = h.runtime.status(source.id)[0];
      return s && s.rejected === 4 ? s : undefined;
    }, 'four rejections');
    expect(status.state).toBe('connected');
    expect(status.last_error).toMatch(/longer than 65536 bytes/);
    await fake.close();
  });

  it('goes to backoff when gpsd goes away, reconnects when it is back, and stop closes the socket', async () => {
    const fake = await startFakeGpsd((socket, n) => {
      if (n === 1) socket.end(`${HELLO.join('\r\n')}\r\n`);
      else socket.write(`${REPLAY.find((l) => l.includes('"type":3,'))}\r\n`);
    });
    const source = await h.createSource('gpsd', { port: fake.port, backoff: { initial_ms: 50, max_ms: 200 } });
    await waitFor(
      () => h.statuses.some((s) => s.source_id === source.id && s.state === 'backoff'),
      'backoff after the drop',
    );
    const backoff = h.statuses.find((s) => s.source_id === source.id && s.state === 'backoff');
    expect(backoff?.last_error).toMatch(/closed the connection/);
    await waitFor(async () => (await h.countObjects(source.id)) === 1, 'an object after the reconnect');
    expect(fake.sockets.length).toBe(2);

    const second = fake.sockets[1]!;
    const closed = new Promise<void>((resolve) => second.once('close', () => resolve()));
    await h.updateSource(source.id, { isActive: false });
    await closed;
    expect(h.runtime.status(source.id)[0]?.state).toBe('stopped');
    expect(fake.sockets.length).toBe(2);
    await fake.close();
  });

  it('retries with backoff while nothing listens on the port', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const source = await h.createSource('gpsd', { port, backoff: { initial_ms: 50, max_ms: 100 } });
    const s = await waitFor(() => {
      const st = h.runtime.status(source.id)[0];
      return st?.state === 'backoff' ? st : undefined;
    }, 'backoff');
    expect(s.last_error).toMatch(/^Connection to gpsd at 127\.0\.0\.1:\d+ failed: connect ECONNREFUSED/);
    const fake = await startFakeGpsd((socket) => socket.write(`${HELLO[0]}\r\n`), port);
    await waitFor(() => h.runtime.status(source.id)[0]?.state === 'connected', 'connected once gpsd listens');
    await fake.close();
  });
});

// The sbs connector against a local TCP server speaking dump1090-mutability's port-30003 text:
// aircraft merged and stored, garbage and a 10 MB line counted as rejected on an open connection,
// reconnect with backoff after the peer drops, and stop closing the socket.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, waitFor, type Harness } from './harness.js';

const sbs = readFileSync(join(__dirname, '..', 'fixtures', 'adsb', 'dump1090-mutability-sbs.txt'), 'utf8');

describe('sbs connector', () => {
  let h: Harness;
  let server: net.Server;
  let port: number;
  const sockets = new Set<net.Socket>();
  let connections = 0;

  beforeEach(async () => {
    h = await createHarness();
    connections = 0;
    server = net.createServer((sock) => {
      connections += 1;
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      sock.on('error', () => undefined);
      if (connections === 1) {
        sock.write('\u0000\u00ffnot sbs at all\r\n');
        sock.write('MSG,3,1,1,40621D,1,2026/12/06,23:4'); // half a line, finished below
        sock.write('9:50.000,2026/12/06,23:49:50.000,,38000,,,,,,,,,,0\r\n');
        sock.write(Buffer.alloc(10 * 1024 * 1024, 0x41)); // 10 MB without a line break
        sock.write('\n');
        sock.write(sbs);
      } else {
        sock.write('MSG,3,1,1,ABCDEF,1,2026/12/06,23:50:00.000,2026/12/06,23:50:00.000,,1000,,,43.73,7.42,,,,,,0\n');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as net.AddressInfo).port;
  });
  afterEach(async () => {
    await h.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('stores merged aircraft, rejects garbage and overlong lines, reconnects after a drop', async () => {
    const source = await h.createSource('sbs', {
      host: '127.0.0.1',
      port,
      time_zone: 'utc',
      backoff: { initial_ms: 50, max_ms: 200, factor: 2, jitter: 0 },
    });
    await waitFor(async () => (await h.countObjects(source.id)) === 2, 'the two aircraft with positions');
    const status = await waitFor(() => h.runtime.status(source.id).find((s) => s.rejected === 2), 'two lines rejected');
    expect(status.state).toBe('connected');
    const plane = await h.store.findObjectByKey(source.id, 'node', '40621d');
    expect(plane?.geom).toEqual({ type: 'Point', coordinates: [3.91937, 52.2572] });
    expect(plane?.tags).toEqual({ kind: 'aircraft', altitude: 11582.4, 'adsb:on_ground': false });
    const ground = await h.store.findObjectByKey(source.id, 'node', '484175');
    expect(ground?.tags).toMatchObject({ altitude: 0, 'adsb:on_ground': true, speed: 9.77, heading: 140 });
    expect(ground?.observed_at).toBe('2026-12-06T23:49:53.527Z');

    for (const s of sockets) s.destroy();
    await waitFor(
      () => h.statuses.some((s) => s.source_id === source.id && s.state === 'backoff'),
      'backoff after the drop',
    );
    await waitFor(async () => (await h.countObjects(source.id)) === 3, 'the aircraft sent after reconnecting');
    expect(connections).toBe(2);

    await h.deleteSource(source.id);
    await waitFor(() => sockets.size === 0, 'the socket closed by stop');
  });

  it('backs off while the port is closed', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const source = await h.createSource('sbs', {
      host: '127.0.0.1',
      port,
      backoff: { initial_ms: 20, max_ms: 40, factor: 2, jitter: 0 },
    });
    const status = await waitFor(() => h.runtime.status(source.id).find((s) => s.state === 'backoff'), 'backoff');
    expect(status.last_error).toMatch(/ECONNREFUSED/);
    server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  });
});

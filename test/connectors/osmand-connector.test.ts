// The osmand listener on 127.0.0.1 with real clients (Python's http.client as Traccar's load
// generator uses it, curl with Traccar Client's JSON body, raw sockets), through the real pipeline.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../electron/contract/logger.js';
import type { OsmandConnectionInfo } from '../../electron/contract/sources/osmand.js';
import type { ConnectorContext, StateChange } from '../../electron/core/connectors/connector-context.js';
import { OSMAND_LIMITS, startOsmandListener } from '../../electron/core/connectors/osmand/osmand-connector.js';
import { createHarness, quietLog, waitFor, type Harness } from './harness.js';

const run = promisify(execFile);
const traccar = JSON.parse(
  readFileSync(new URL('../fixtures/osmand/traccar-osmand-decoder-test.json', import.meta.url), 'utf8'),
) as { json_post_bodies: string[] };

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Sends raw bytes, resolves with everything the listener answered before it closed (or `waitMs` passed). */
async function raw(port: number, chunks: (string | Buffer)[], waitMs = 2000): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (d) => (answer += d.toString('latin1')));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  for (const c of chunks) if (!socket.destroyed) socket.write(c);
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, waitMs);
    socket.once('close', () => {
      clearTimeout(t);
      resolve();
    });
  });
  socket.destroy();
  return answer;
}

/** Traccar's tools/test-generator.py loop, in Python 3: `GET ?id=…` on one kept-alive connection. */
const GENERATOR = `
import http.client, sys, urllib.parse
conn = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]))
for i, (lat, lon) in enumerate([(40.722412, -74.006288), (40.728592, -74.005258), (40.728348, -74.002822)]):
    params = (('id', '123456789012345'), ('timestamp', 1700000000 + i), ('lat', lat), ('lon', lon), ('bearing', 10 * i))
    conn.request('GET', '?' + urllib.parse.urlencode(params))
    r = conn.getresponse()
    r.read()
    print(r.status)
`;

describe('osmand connector', () => {
  let h: Harness;
  let port: number;
  beforeEach(async () => {
    h = await createHarness();
    port = await freePort();
  });
  afterEach(async () => {
    await h.close();
  });

  const status = (id: string) => h.runtime.status(id)[0];
  const object = (sourceId: string, osmId: string) => h.store.findObjectByKey(sourceId, 'node', osmId);

  it("stores the reports of Traccar's load generator and of Traccar Client, answering 200 after commit", async () => {
    const source = await h.createSource('osmand', { host: '127.0.0.1', port });
    await waitFor(() => status(source.id)?.state === 'listening', 'listening');

    const { stdout } = await run('/usr/bin/python3', ['-c', GENERATOR, String(port)]);
    expect(stdout.trim().split('\n')).toEqual(['200', '200', '200']);
    const walker = await object(source.id, '123456789012345');
    expect(walker?.geom).toEqual({ type: 'Point', coordinates: [-74.002822, 40.728348] });
    expect(walker?.tags).toMatchObject({ kind: 'person', heading: 20 });
    expect(walker?.observed_at).toBe(new Date(1_700_000_002_000).toISOString());

    const body = traccar.json_post_bodies[3]!;
    const curl = await run('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-H',
      'Content-Type: application/json',
      '--data-binary',
      body,
      `http://127.0.0.1:${port}/`,
    ]);
    expect(curl.stdout).toBe('200');
    const phone = await object(source.id, '8737767034');
    expect(phone?.tags).toMatchObject({ kind: 'person', speed: 18.67, heading: 63, 'osmand:batt': 79 });
    expect(phone?.observed_at).toBe('2021-07-21T08:06:34.444Z');

    const noId = await run('curl', ['-s', '-w', ' %{http_code}', `http://127.0.0.1:${port}/?lat=1&lon=2`]);
    expect(noId.stdout).toBe("The request has no device id (query parameter 'id' or 'deviceid'). 400");
    await waitFor(() => (status(source.id)?.rejected ?? 0) >= 1, 'the refusal counted');
    expect(status(source.id)).toMatchObject({ state: 'listening', stored: 4, rejected: 1 });
  });

  it('answers 403 to devices outside allow_devices and counts them as rejected', async () => {
    const source = await h.createSource('osmand', { host: '127.0.0.1', port, allow_devices: ['ok-1'] });
    await waitFor(() => status(source.id)?.state === 'listening', 'listening');
    const code = (id: string) =>
      run('curl', [
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        `http://127.0.0.1:${port}/?id=${id}&lat=43.73&lon=7.42`,
      ]);
    expect((await code('ok-1')).stdout).toBe('200');
    expect((await code('intruder')).stdout).toBe('403');
    await waitFor(() => status(source.id)?.rejected === 1, 'the 403 counted');
    expect(status(source.id)?.last_error).toBe("Device 'intruder' is not in this source's allow_devices.");
    expect(await object(source.id, 'intruder')).toBeUndefined();
  });

  it('counts garbage, bad heads, a 10 MB line and oversized bodies as rejected and keeps listening', async () => {
    const source = await h.createSource('osmand', { host: '127.0.0.1', port });
    await waitFor(() => status(source.id)?.state === 'listening', 'listening');

    expect(await raw(port, ['\x00\xff\x13garbage\r\n\r\n'])).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw(port, [`GET /?id=x HTTP/1.1\r\n${'a'.repeat(10 * 1024 * 1024)}`])).toMatch(/^HTTP\/1\.1 431 /);
    expect(await raw(port, ['POST / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n'])).toMatch(/^HTTP\/1\.1 413 /);
    expect(await raw(port, ['POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n'])).toMatch(/^HTTP\/1\.1 411 /);
    const close = 'Connection: close\r\n';
    expect(await raw(port, [`DELETE /?id=1 HTTP/1.1\r\n${close}\r\n`])).toMatch(/^HTTP\/1\.1 405 /);
    const halfJson = `POST / HTTP/1.1\r\n${close}Content-Type: application/json\r\nContent-Length: 9\r\n\r\n{"locati"`;
    expect(await raw(port, [halfJson])).toMatch(/^HTTP\/1\.1 400 /);
    // Half a request, then the client goes away: nothing to answer, nothing stored.
    await raw(port, ['GET /?id=half&lat=1'], 100);

    await waitFor(() => status(source.id)?.rejected === 6, 'six refusals counted');
    const ok = await raw(port, ['GET ?id=after&lat=43.7&lon=7.4 HTTP/1.1\r\nConnection: close\r\n\r\n']);
    expect(ok).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(await object(source.id, 'after')).toBeDefined();
    expect(await object(source.id, 'half')).toBeUndefined();
    expect(status(source.id)?.state).toBe('listening');
  });

  it('waits in backoff while the port is taken, listens once it is free, and stop closes every connection', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', () => resolve()));
    const source = await h.createSource('osmand', { host: '127.0.0.1', port });
    await waitFor(() => status(source.id)?.state === 'backoff', 'backoff');
    expect(status(source.id)?.last_error).toBe(`Cannot listen on 127.0.0.1:${port}: EADDRINUSE.`);
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    await waitFor(() => status(source.id)?.state === 'listening', 'listening after the port was freed');

    const idle = net.connect(port, '127.0.0.1');
    idle.on('error', () => undefined);
    await new Promise<void>((resolve) => idle.once('connect', () => resolve()));
    const closed = new Promise<void>((resolve) => idle.once('close', () => resolve()));
    await h.updateSource(source.id, { isActive: false });
    await closed;
    expect(status(source.id)?.state).toBe('stopped');
    const refused = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.on('connect', () => resolve('connected'));
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});

describe('osmand listener limits', () => {
  /** A context that records what the listener reports, for the listener alone (no ingest). */
  function recordingContext(info: OsmandConnectionInfo, log: Logger = quietLog) {
    const states: StateChange[] = [];
    const rejected: string[] = [];
    const ctx: ConnectorContext<OsmandConnectionInfo> = {
      sourceId: 's',
      info,
      log,
      now: Date.now,
      setState: (c) => states.push(c),
      reportRejected: (_n, reason) => rejected.push(reason),
      noteMessage: () => undefined,
      submit: async () => true,
      isSaturated: () => false,
      whenDrained: async () => undefined,
      memory: (_key, make) => make(),
    };
    return { ctx, states, rejected };
  }

  it('cuts off a client that sends its request too slowly, and an idle kept-alive one', async () => {
    const port = await freePort();
    const { ctx, states, rejected } = recordingContext({ host: '127.0.0.1', port });
    const stop = startOsmandListener(ctx, { ...OSMAND_LIMITS, requestTimeoutMs: 200, idleTimeoutMs: 300 });
    try {
      await waitFor(() => states.some((s) => s.state === 'listening'), 'listening');
      expect(await raw(port, ['GET /?id=slow&lat=1'], 5000)).toMatch(/^HTTP\/1\.1 408 /);
      expect(rejected).toEqual(['Request not complete within 0.2 s.']);
      // Connected, never sending: closed after the idle timeout without an answer.
      expect(await raw(port, [], 5000)).toBe('');
    } finally {
      await stop();
    }
  });

  it('warns when bound beyond loopback', async () => {
    const port = await freePort();
    const warnings: string[] = [];
    const log: Logger = { ...quietLog, warn: (msg) => warnings.push(msg) };
    const { ctx, states } = recordingContext({ host: '0.0.0.0', port }, log);
    const stop = startOsmandListener(ctx);
    try {
      await waitFor(() => states.some((s) => s.state === 'listening'), 'listening');
      expect(warnings).toEqual(['osmand listener is open to the network']);
    } finally {
      await stop();
    }
  });
});

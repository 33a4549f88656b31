// The gpsd connector against a real gpsd (Debian's gpsd 3.22): two of gpsd's own regression logs —
// a moving NMEA receiver, and a receiver with an AIS feed — are fed to one gpsd as two `tcp://`
// devices, and what is stored is checked against gpsd's expected output for those logs
// (test/fixtures/gpsd/*.chk). The feeds start when gpsd opens them, i.e. once the connector watches.
// gpsfake is not used: with a client of its own port rather than its pipe mode (-p) gpsfake 3.22
// never exits (it spins) and gpsd flushes the start of the log when it opens the pty.
// Needs the Debian package gpsd; skipped, saying so, when /usr/sbin/gpsd is absent.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OsmObject } from '../../electron/contract/domain.js';
import { KNOTS_TO_MS } from '../../electron/core/connectors/ais/ais-tags.js';
import { createHarness, waitFor, type Harness } from './harness.js';

const FIXTURES = join(__dirname, '../fixtures/gpsd');
const GPSD = '/usr/sbin/gpsd';
const HAS_GPSD = existsSync(GPSD);
const SKIP_NOTE = HAS_GPSD ? '' : ` (SKIPPED: ${GPSD} not found; apt-get install gpsd)`;

/** The fields of gpsd's reports these tests read (TPV, SKY, AIS). */
interface Report {
  class: string;
  time: string;
  mode: number;
  lat: number;
  lon: number;
  speed: number;
  track?: number;
  altMSL: number;
  altHAE: number;
  hdop: number;
  uSat: number;
  type: number;
  mmsi: number;
  second: number;
}
const reports = (chk: string, cls: string): Report[] =>
  readFileSync(join(FIXTURES, chk), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`{"class":"${cls}"`))
    .map((l) => JSON.parse(l) as Report);

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  const port = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

interface Feed {
  port: number;
  sockets: net.Socket[];
  /** Resolves once every sentence of the log was written to gpsd. */
  done: Promise<void>;
  server: net.Server;
}

/** Serves a log's sentences to the gpsd that connects, a few at a time (as a receiver would). */
async function startFeed(log: string): Promise<Feed> {
  const sentences = readFileSync(join(FIXTURES, log), 'latin1')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    let i = 0;
    const next = (): void => {
      if (socket.destroyed) return;
      if (i >= sentences.length) return finish();
      socket.write(Buffer.from(sentences.slice(i, i + 5).join('\n') + '\n', 'latin1'));
      i += 5;
      setTimeout(next, 5);
    };
    next();
  });
  return { port: await listen(server), sockets, done, server };
}

/** The receiver's stored fix is gpsd's last TPV with a position in the log's expected output. */
function expectLastFix(receiver: OsmObject | undefined, chk: string): void {
  const last = reports(chk, 'TPV')
    .filter((t) => t.lat !== undefined)
    .at(-1)!;
  expect(receiver?.tags.kind).toBe('receiver');
  expect(Date.parse(receiver!.observed_at)).toBe(Date.parse(last.time));
  const [lon, lat] = (receiver!.geom as { coordinates: number[] }).coordinates;
  expect(lon).toBeCloseTo(last.lon, 6);
  expect(lat).toBeCloseTo(last.lat, 6);
  expect(receiver!.tags.speed).toBeCloseTo(last.speed, 6);
  expect(receiver!.tags.altitude).toBeCloseTo(last.altMSL, 6);
  expect(receiver!.tags['gps:alt_hae']).toBeCloseTo(last.altHAE, 6);
  if (last.track !== undefined) expect(receiver!.tags.heading).toBeCloseTo(last.track, 6);
  expect(receiver!.tags['gps:mode']).toBe(last.mode);
}

describe(`gpsd connector with a real gpsd${SKIP_NOTE}`, () => {
  let h: Harness;
  let gpsd: ChildProcess | undefined;
  const feeds: Feed[] = [];
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    if (gpsd && gpsd.exitCode === null) gpsd.kill('SIGKILL');
    for (const f of feeds.splice(0)) {
      for (const s of f.sockets) s.destroy();
      await new Promise<void>((resolve) => f.server.close(() => resolve()));
    }
    await h.close();
  });

  it.skipIf(!HAS_GPSD)(
    'stores the receivers and vessels gpsd decodes from its regression logs',
    { timeout: 60_000 },
    async () => {
      const [moving, dutch] = await Promise.all([startFeed('haicom-305N.nmea'), startFeed('ais-nmea.nmea')]);
      feeds.push(moving!, dutch!);
      const port = await freePort();
      const devices = [moving!, dutch!].map((f) => `tcp://127.0.0.1:${f.port}`);
      // Without -n gpsd opens its devices when a client watches: the logs start once the connector is in.
      gpsd = spawn(GPSD, ['-N', '-b', '-S', String(port), ...devices], { stdio: 'ignore' });
      const source = await h.createSource('gpsd', { port, backoff: { initial_ms: 50, max_ms: 200, jitter: 0 } });
      await Promise.all([moving!.done, dutch!.done]);

      const ais = reports('ais-nmea.nmea.chk', 'AIS');
      const positioned = new Set(
        ais.filter((r) => [1, 2, 3, 18].includes(r.type) && r.lat !== 91 * 600_000).map((r) => String(r.mmsi)),
      );
      const lastTime = (chk: string) =>
        Date.parse(
          reports(chk, 'TPV')
            .filter((t) => t.lat !== undefined)
            .at(-1)!.time,
        );
      const find = (osmId: string) => h.store.findObjectByKey(source.id, 'node', osmId);
      // Both receivers' last fixes are stored once they settled (a second without a newer one).
      await waitFor(
        async () => Date.parse((await find(devices[0]!))?.observed_at ?? '') === lastTime('haicom-305N.nmea.chk'),
        'the moving receiver',
      );
      await waitFor(
        async () => Date.parse((await find(devices[1]!))?.observed_at ?? '') === lastTime('ais-nmea.nmea.chk'),
        'the AIS receiver',
      );
      await waitFor(async () => (await h.countObjects(source.id)) === positioned.size + 2, 'every vessel');

      expectLastFix(await find(devices[0]!), 'haicom-305N.nmea.chk');
      expectLastFix(await find(devices[1]!), 'ais-nmea.nmea.chk');
      const movingHistory = await h.store.history((await find(devices[0]!))!.id, { limit: 1000 });
      expect(movingHistory.length).toBe(
        new Set(
          reports('haicom-305N.nmea.chk', 'TPV')
            .filter((t) => t.lat !== undefined)
            .map((t) => t.time),
        ).size,
      );

      // Each vessel stands at a report of its own (gpsd's raw values, scaled as gpsd documents). A
      // position is dated by its UTC second; a static report re-stores the last position 1 ms after
      // the newest stored time, so a time with milliseconds need not share that report's second.
      const { items } = await h.store.listObjects({ filter: { source_ids: [source.id] }, limit: 1000 });
      const vessels = items.filter((o) => o.tags.kind !== 'receiver');
      expect(new Set(vessels.map((v) => v.osm_id))).toEqual(positioned);
      for (const v of vessels) {
        const at = new Date(v.observed_at);
        const restored = at.getUTCMilliseconds() !== 0;
        const [lon, lat] = (v.geom as { coordinates: number[] }).coordinates;
        const match = ais.filter(
          (r) =>
            String(r.mmsi) === v.osm_id &&
            (restored || r.second === at.getUTCSeconds()) &&
            Math.abs(r.lon / 600_000 - lon!) < 1e-6 &&
            Math.abs(r.lat / 600_000 - lat!) < 1e-6,
        );
        expect(match.length, `vessel ${v.osm_id} at ${v.observed_at}`).toBeGreaterThan(0);
        const r = match.at(-1)!;
        if (r.speed !== 1023) expect(v.tags.speed).toBeCloseTo((r.speed / 10) * KNOTS_TO_MS, 6);
        expect(v.tags['ais:class']).toBe(r.type === 18 ? 'B' : 'A');
      }
      expect(vessels.find((v) => v.osm_id === '371255000')?.tags).toMatchObject({
        name: 'SEA ENTERPRISE',
        'ais:imo': 9266633,
        'ais:destination': 'LEMMER',
      });
      expect(h.runtime.status(source.id)[0]).toMatchObject({ state: 'connected', rejected: 0 });

      // gpsd goes away: the source waits in backoff.
      const exited = new Promise<void>((resolve) => gpsd!.once('exit', () => resolve()));
      gpsd.kill('SIGTERM');
      await exited;
      await waitFor(() => h.runtime.status(source.id)[0]?.state === 'backoff', 'backoff once gpsd is gone');
    },
  );
});

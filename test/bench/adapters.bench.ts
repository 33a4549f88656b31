/**
 * Protocol adapters' decode + ingest throughput (messages/s, issue 16): each adapter's pure decoder
 * over its real fixture, replayed to about ADAPTER_BENCH_N messages, into a real SQLite store
 * through createIngest, beside the hub's own path in the same run: as many publisher messages (one
 * object each) read by publisher-message.ts and submitted to the same ingest.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestOp } from '../../db/store.js';
import { openSqliteStore } from '../../db/sqlite/sqlite-store.js';
import { decodeAircraftJson } from '../../electron/core/connectors/aircraft-json/decode-aircraft-json.js';
import { decodeCot } from '../../electron/core/connectors/cot/cot-decode.js';
import { decodeGpsdText } from '../../electron/core/connectors/gpsd/gpsd-decoder.js';
import { decodeNmeaText } from '../../electron/core/connectors/nmea/nmea-decoder.js';
import { decodeOpenskyStates } from '../../electron/core/connectors/opensky/decode-states.js';
import { decodeOsmand, type OsmandRequest } from '../../electron/core/connectors/osmand/osmand-decode.js';
import { decodeSbs } from '../../electron/core/connectors/sbs/decode-sbs.js';
import { createIngest } from '../../electron/core/ingest/ingest.js';
import { readPublisherMessage } from '../../electron/core/ingest/publisher-message.js';
import { quietLogger as quiet } from '../fakes/quiet-logger.js';
import type { BenchRow, BenchSuite } from './bench-kit.js';
import { benchUpdate } from './ingest-workload.js';

/** Messages per row (env override for quick runs). */
const N = Number(process.env.ADAPTER_BENCH_N ?? 50_000);
/** Ops handed to ingest per submit: about what one socket read of a busy feed decodes to. */
const PER_SUBMIT = 100;
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');

/** One fixture's replay: `messages` per round; `decode` decodes a whole round at `now`. */
interface Replay {
  name: string;
  fixture: string;
  messages: number;
  decode(sourceId: string, now: number): IngestOp[];
}

function replays(): Replay[] {
  const nmea = fixture('gpsd/ais-nmea.nmea')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const gpsd = fixture('gpsd/ais-nmea.nmea.chk')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const sbs = fixture('adsb/dump1090-mutability-sbs.txt')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const osmand = JSON.parse(fixture('osmand/traccar-osmand-decoder-test.json')) as Record<string, unknown>;
  const requests: OsmandRequest[] = [
    ...(osmand.json_post_bodies as string[]).map((b) => ({
      target: '/',
      contentType: 'application/json',
      body: Buffer.from(b),
    })),
    ...['query_targets_not_null', 'query_targets_null', 'query_targets_position'].flatMap((k) =>
      (osmand[k] as string[]).map((target) => ({ target, body: Buffer.alloc(0) })),
    ),
  ];
  const cotFiles = [
    'fts-atak-civ',
    'fts-atak-point-last',
    'fts-geochat',
    'fts-uas',
    'node-cot-itak',
    'node-cot-newlines',
    'node-cot-spotted',
  ];
  const cot = Buffer.from(cotFiles.map((f) => fixture(`cot/${f}.xml`)).join('\n'));
  const aircraft = ['adsb/readsb-dump1090-exporter-aircraft.json', 'adsb/dump1090-mutability-aircraft.json'].map(
    fixture,
  );
  const aircraftCount = aircraft.reduce((n, t) => n + (JSON.parse(t) as { aircraft: unknown[] }).aircraft.length, 0);
  const opensky = ['adsb/opensky-states-deserializer-test.json', 'adsb/opensky-states-fdx1869.json'].map(fixture);
  const stateCount = opensky.reduce(
    (n, t) => n + ((JSON.parse(t) as { states: unknown[] | null }).states?.length ?? 0),
    0,
  );
  return [
    {
      name: 'osmand (HTTP requests)',
      fixture: 'Traccar OsmAndProtocolDecoderTest',
      messages: requests.length,
      decode: (sourceId, now) =>
        requests.flatMap((req) => {
          const r = decodeOsmand(req, { sourceId, now });
          return r.ok ? r.ops : [];
        }),
    },
    {
      name: 'cot (events)',
      fixture: 'FreeTAKServer + node-CoT samples',
      messages: cotFiles.length,
      decode: (sourceId) => decodeCot(cot, sourceId).ops,
    },
    {
      name: 'nmea (sentences)',
      fixture: 'gpsd ais-nmea.nmea',
      messages: nmea.length,
      decode: (sourceId, now) => decodeNmeaText(nmea.join('\r\n'), { sourceId, now }).ops,
    },
    {
      name: 'gpsd (JSON lines)',
      fixture: 'gpsd ais-nmea.nmea.chk',
      messages: gpsd.length,
      decode: (sourceId, now) => decodeGpsdText(gpsd.join('\n'), sourceId, now).ops,
    },
    {
      name: 'aircraft_json (aircraft records)',
      fixture: 'readsb + dump1090-mutability aircraft.json',
      messages: aircraftCount,
      decode: (sourceId, now) => aircraft.flatMap((t) => decodeAircraftJson(JSON.parse(t), { sourceId, now }).ops),
    },
    {
      name: 'sbs (BaseStation lines)',
      fixture: 'dump1090-mutability port 30003',
      messages: sbs.length,
      decode: (sourceId, now) => decodeSbs(sbs.join('\r\n'), { sourceId, now, timeZone: 'utc' }).ops,
    },
    {
      name: 'opensky (state vectors)',
      fixture: 'OpenSky API tests',
      messages: stateCount,
      decode: (sourceId, now) => opensky.flatMap((t) => decodeOpenskyStates(JSON.parse(t), { sourceId, now }).ops),
    },
  ];
}

/** A fresh SQLite store (synchronous=FULL, its writer thread) with one source, and the ingest on it. */
async function freshIngest() {
  const dir = mkdtempSync(join(tmpdir(), 'adapters-bench-'));
  const store = await openSqliteStore(join(dir, 'tracker.db'), { backup: { intervalS: 0, onClose: false } });
  const src = await store.createSource({
    name: 'bench',
    description: '',
    type: 'websocket',
    connectionInfo: {},
    isActive: true,
    tokenHash: '',
  });
  const ingest = createIngest({ store, log: quiet });
  let failed = 0;
  return {
    sourceId: src.id,
    /** True while ingest is above its high-water mark: a producer waits for `whenDrained`. */
    isSaturated: () => ingest.isSaturated(),
    whenDrained: () => ingest.whenDrained(),
    submit(ops: IngestOp[], channel: 'hub' | 'connector'): void {
      ingest.submit(ops, { sourceId: src.id, channel }).catch(() => failed++);
    },
    async close(): Promise<void> {
      await ingest.flush();
      await ingest.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      if (failed) throw new Error(`${failed} submits failed during the benchmark.`);
    },
  };
}

/** Decode + ingest of one adapter's replay: messages/s, and the ops it stored per message. */
async function adapterRate(replay: Replay): Promise<{ rate: number; rounds: number; opsPerMessage: number }> {
  const s = await freshIngest();
  const rounds = Math.ceil(N / replay.messages);
  const t0 = Date.now();
  let ops = 0;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    // Each round arrives a second later, so arrival-dated reports move on in time.
    const decoded = replay.decode(s.sourceId, t0 + r * 1000);
    ops += decoded.length;
    for (let i = 0; i < decoded.length; i += PER_SUBMIT) {
      if (s.isSaturated()) await s.whenDrained();
      s.submit(decoded.slice(i, i + PER_SUBMIT), 'connector');
    }
  }
  await s.close();
  const seconds = (performance.now() - start) / 1000;
  const messages = rounds * replay.messages;
  return { rate: messages / seconds, rounds, opsPerMessage: ops / messages };
}

/**
 * The hub's path for N publisher messages of one object each: parse, read, submit — one submit per
 * frame, or `perSubmit` frames' ops per submit (a publisher sending batches, as the adapters submit).
 */
async function hubRate(perSubmit: number): Promise<number> {
  const s = await freshIngest();
  const t0 = Date.now();
  const frames = Array.from({ length: N }, (_, i) => {
    const u = benchUpdate(s.sourceId, i, t0);
    if (u.op !== 'upsert') throw new Error('benchUpdate must give upserts.');
    return JSON.stringify({
      osm_id: u.osmId,
      type: u.type,
      tags: u.tags,
      geom: u.geom,
      observed_at: new Date(u.observedAt).toISOString(),
    });
  });
  const controls = new Set(['ping']);
  const start = performance.now();
  let pending: IngestOp[] = [];
  let read_ = 0;
  for (const frame of frames) {
    const read = readPublisherMessage(JSON.parse(frame), {
      sourceId: s.sourceId,
      now: Date.now(),
      maxObjects: 1000,
      controls,
      refuse: 'message',
    });
    if (read.kind === 'control') continue;
    pending.push(...read.ops);
    if (++read_ % perSubmit !== 0) continue;
    if (s.isSaturated()) await s.whenDrained();
    s.submit(pending, 'hub');
    pending = [];
  }
  if (pending.length > 0) s.submit(pending, 'hub');
  await s.close();
  return N / ((performance.now() - start) / 1000);
}

export const suite: BenchSuite = {
  name: 'adapters',
  async run(): Promise<BenchRow[]> {
    const single = await hubRate(1);
    const hub = await hubRate(PER_SUBMIT);
    const rows: BenchRow[] = [
      {
        name: 'hub publisher messages, one submit per frame',
        value: single,
        baseline: hub,
        unit: 'msg/s',
        higherIsBetter: true,
        note: `baseline: the same messages submitted ${PER_SUBMIT} at a time (the adapters' rows compare with that)`,
      },
    ];
    for (const replay of replays()) {
      const r = await adapterRate(replay);
      rows.push({
        name: `${replay.name}: decode + ingest`,
        value: r.rate,
        baseline: hub,
        unit: 'msg/s',
        higherIsBetter: true,
        note: `${replay.fixture}, ${replay.messages} msgs × ${r.rounds} rounds; ${r.opsPerMessage.toFixed(2)} ops/msg; baseline: hub publisher messages of 1 object, submitted ${PER_SUBMIT} at a time like the adapters' decoded ops`,
      });
    }
    return rows;
  },
};

/**
 * Shared by the rule engine tests: a real SQLite store in a temp folder, the real ingest pipeline,
 * the engine on a clock the test moves, and helpers to create geofences and rules and push points.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tags } from '../../electron/contract/domain.js';
import type { Alert, GeofenceGeometry, RuleTrigger } from '../../electron/contract/methods/rules.js';
import { createIngest, type IngestPipeline } from '../../electron/core/ingest/ingest.js';
import { memoryLog, pointOp } from '../../electron/core/ingest/ingest-test-kit.js';
import { createRuleEngine } from '../../electron/core/rules/engine.js';
import { fenceBbox } from '../../electron/core/rules/geo.js';
import type { RuleEngine, RuleEngineOptions } from '../../electron/core/rules/types.js';
import type { StoredRule } from '../../db/rules-store.js';
import { openStore } from '../../db/open-store.js';
import type { IngestOp, Store } from '../../db/store.js';
import { createPgTestDatabase } from '../db/store-targets.js';
import { sameStaleAfter } from '../../electron/contract/staleness.js';

export const T0 = Date.parse('2026-03-10T08:00:00Z');

/** A geofence fixture's geometry (test/fixtures/geofences/README.md). */
export function fenceFixture(name: string): GeofenceGeometry {
  const url = new URL(`../fixtures/geofences/${name}.geojson`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { features: { geometry: GeofenceGeometry }[] }).features[0]!
    .geometry;
}

/** One timed position of a recorded track. */
export interface TrackPoint {
  lon: number;
  lat: number;
  t: number;
}

/** The trackpoints of a GPX file in test/fixtures (lon, lat, time). */
export function gpxTrack(path: string): TrackPoint[] {
  const text = readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
  const points: TrackPoint[] = [];
  const re = /<trkpt lon="([-\d.]+)" lat="([-\d.]+)">[\s\S]*?<time>([^<]+)<\/time>/g;
  for (const m of text.matchAll(re)) points.push({ lon: Number(m[1]), lat: Number(m[2]), t: Date.parse(m[3]!) });
  return points;
}

export interface RulesWorld {
  dir: string;
  store: Store;
  ingest: IngestPipeline;
  engine: RuleEngine;
  sourceId: string;
  /** The engine's clock (epoch ms); tests move it and call `engine.tick()`. */
  clock: { now: number };
  /** Alerts announced by the current engine, in order. */
  alerts: Alert[];
  log: ReturnType<typeof memoryLog>;
  /** Pushes points through ingest and waits until the engine has evaluated and stored them. */
  push(ops: IngestOp[]): Promise<void>;
  /** An upsert of a point of `osmId` (a ship unless tags say otherwise). */
  point(osmId: string, t: number, lon: number, lat: number, tags?: Tags): IngestOp;
  fence(name: string, geometry: GeofenceGeometry): Promise<string>;
  /** Creates a rule in the store and tells the engine (as the rules handlers do). */
  rule(
    name: string,
    trigger: RuleTrigger,
    more?: { filter?: string; rearmSeconds?: number; enabled?: boolean },
  ): Promise<StoredRule>;
  /** Closes engine, ingest and store, and opens them again on the same file (a restart). */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

/** A database and where the engine evaluates: `sqlite/worker`, `postgres/main`, … */
export type RulesTarget = `${'sqlite' | 'postgres'}/${'worker' | 'main'}`;

/**
 * What the engine tests run on: SQLite always, Postgres when TEST_DATABASE_URL is set, each with
 * rules evaluated on the rules worker thread and in-process.
 */
export const TARGETS: RulesTarget[] = (process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']).flatMap(
  (dialect) => [`${dialect}/worker`, `${dialect}/main`] as RulesTarget[],
);

/**
 * Opens a world: store (SQLite in a temp folder, or a throwaway Postgres database), one source,
 * ingest and a started engine whose timer only runs on `tick()`.
 */
export async function openRulesWorld(
  target: RulesTarget = 'sqlite/worker',
  engineOptions: Pick<RuleEngineOptions, 'workerEntry'> = {},
): Promise<RulesWorld> {
  const [dialect, thread] = target.split('/') as ['sqlite' | 'postgres', 'worker' | 'main'];
  const dir = mkdtempSync(join(tmpdir(), 'rules-test-'));
  const pgDb = dialect === 'postgres' ? await createPgTestDatabase(process.env.TEST_DATABASE_URL!) : undefined;
  const url = pgDb?.url ?? join(dir, 'tracker.db');
  const log = memoryLog();
  const clock = { now: T0 };
  const open = async () => {
    const store = await openStore(url, { dataDir: dir, backup: { intervalS: 0, onClose: false } });
    const ingest = createIngest({ store, log, flushMs: 1 });
    const engine = createRuleEngine({
      ...engineOptions,
      store,
      ingest,
      log,
      staleAfter: () => sameStaleAfter(3600),
      now: () => clock.now,
      tickMs: 0,
      thread,
    });
    return { store, ingest, engine };
  };
  let parts = await open();
  const source = await parts.store.createSource({
    name: 'rules test',
    description: '',
    type: 'websocket',
    connectionInfo: {},
    isActive: true,
    tokenHash: '',
  });
  const world: RulesWorld = {
    dir,
    ...parts,
    sourceId: source.id,
    clock,
    alerts: [],
    log,
    async push(ops) {
      await world.ingest.submit(ops, { sourceId: source.id, channel: 'hub' });
      await world.engine.idle();
    },
    point: (osmId, t, lon, lat, tags = { kind: 'ship', name: osmId }) => pointOp(source.id, osmId, t, lon, lat, tags),
    async fence(name, geometry) {
      const f = await world.store.rules.createGeofence({ name, geometry, bbox: fenceBbox(geometry), objectId: null });
      await world.engine.reload({ geofenceIds: [f.id] });
      return f.id;
    },
    async rule(name, trigger, more = {}) {
      const r = await world.store.rules.createRule({
        name,
        filter: more.filter ?? '',
        trigger,
        rearmSeconds: more.rearmSeconds ?? 0,
        enabled: more.enabled ?? true,
      });
      await world.engine.reload({ ruleIds: [r.id] });
      return r;
    },
    async restart() {
      await world.engine.close();
      await world.ingest.close();
      await world.store.close();
      parts = await open();
      Object.assign(world, parts, { alerts: [] });
      await start();
    },
    async dispose() {
      await world.engine.close();
      await world.ingest.close();
      await world.store.close();
      await pgDb?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const start = async () => {
    world.engine.onAlert((a) => world.alerts.push(a));
    await world.engine.start();
  };
  await start();
  return world;
}

/** A rigid shift of an area so the centre of its outer ring's vertices lands on [lon, lat]. */
export function moveFence(g: GeofenceGeometry, lon: number, lat: number): GeofenceGeometry {
  if (g.type !== 'Polygon') throw new Error('moveFence takes a Polygon.');
  const outer = g.coordinates[0]!;
  const cx = outer.reduce((s, p) => s + p[0]!, 0) / outer.length;
  const cy = outer.reduce((s, p) => s + p[1]!, 0) / outer.length;
  return {
    type: 'Polygon',
    coordinates: g.coordinates.map((ring) => ring.map(([x, y]) => [x! - cx + lon, y! - cy + lat])),
  };
}

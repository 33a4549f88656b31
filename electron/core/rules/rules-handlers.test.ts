import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { quietLogger as quiet } from '../../../test/fakes/quiet-logger.js';
import { openStore } from '../../../db/open-store.js';
import type { Store } from '../../../db/store.js';
import type { OsmObject } from '../../contract/domain.js';
import type { EventName } from '../../contract/events.js';
import type { Alert, Geofence, Rule } from '../../contract/methods/rules.js';
import { createDispatcher, type CallContext, type Dispatcher } from '../dispatch/dispatcher.js';
import { createIngest, type IngestPipeline } from '../ingest/ingest.js';
import { createRuleEngine } from './engine.js';
import { createRulesHandlers } from './rules-handlers.js';
import type { RuleEngine } from './types.js';
import { DEFAULT_STALE_AFTER_S } from '../../contract/staleness.js';

const ctx: CallContext = { clientId: 'test', principal: { kind: 'app' }, push() {}, onClose() {} };
const NOW = Date.parse('2026-06-01T12:00:00Z');
/** A square around Port Hercule, Monaco. */
const HARBOUR = {
  type: 'Polygon',
  coordinates: [
    [
      [7.42, 43.73],
      [7.43, 43.73],
      [7.43, 43.74],
      [7.42, 43.74],
      [7.42, 43.73],
    ],
  ],
};

let dir: string;
let store: Store;
let ingest: IngestPipeline;
let engine: RuleEngine;
let dispatcher: Dispatcher;
let sourceId: string;
const reloads: unknown[] = [];
const events: { event: EventName; payload: unknown }[] = [];

async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const reply = await dispatcher.dispatch(method, params, ctx);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.result as T;
}
async function fail(method: string, params: unknown): Promise<{ code: string; message: string }> {
  const reply = await dispatcher.dispatch(method, params, ctx);
  if (reply.ok) throw new Error(`${method} succeeded but was expected to fail`);
  return reply.error;
}
async function upsert(osmId: string, type: 'node' | 'way', geom: unknown, tags = {}): Promise<OsmObject> {
  const [r] = await ingest.submit(
    [{ op: 'upsert', sourceId, type, osmId, tags, geom: geom as never, observedAt: NOW }],
    { sourceId, channel: 'api' },
  );
  return (r as { object: OsmObject }).object;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rules-handlers-'));
  store = await openStore(undefined, { dataDir: dir, log: quiet, backup: { intervalS: 0, onClose: false } });
  ingest = createIngest({ store, log: quiet, flushMs: 1 });
  engine = createRuleEngine({
    store,
    ingest,
    log: quiet,
    staleAfter: () => DEFAULT_STALE_AFTER_S,
    tickMs: 0,
    now: () => NOW,
  });
  await engine.start();
  const recording: Pick<RuleEngine, 'reload'> = {
    reload: (restart) => {
      reloads.push(restart);
      return engine.reload(restart);
    },
  };
  const handlers = createRulesHandlers({
    store,
    engine: recording,
    emit: (event, payload) => events.push({ event, payload }),
    now: () => NOW,
  });
  dispatcher = createDispatcher({ handlers, log: quiet, validateResults: true });
  sourceId = (
    await store.createSource({
      name: 'feed',
      description: '',
      type: 'websocket',
      connectionInfo: {},
      isActive: true,
      tokenHash: '0'.repeat(64),
    })
  ).id;
});
afterAll(async () => {
  await engine.close();
  await ingest.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  reloads.length = 0;
  events.length = 0;
});

describe('geofences handlers', () => {
  it('create an area from a GeoJSON object, GeoJSON text or WKT, with its bbox; the engine reloads and clients hear it', async () => {
    const fromObject = await call<Geofence>('geofences.create', { name: 'Harbour', geometry: HARBOUR });
    expect(fromObject).toMatchObject({
      name: 'Harbour',
      geometry: HARBOUR,
      bbox: [7.42, 43.73, 7.43, 43.74],
      object_id: null,
    });
    const fromText = await call<Geofence>('geofences.create', { name: 'Text', geometry: JSON.stringify(HARBOUR) });
    expect(fromText.geometry).toEqual(HARBOUR);
    const fromWkt = await call<Geofence>('geofences.create', {
      name: 'Wkt',
      geometry: 'POLYGON((7.42 43.73, 7.43 43.73, 7.43 43.74, 7.42 43.74, 7.42 43.73))',
    });
    expect(fromWkt.geometry).toEqual(HARBOUR);
    expect(reloads).toEqual([undefined, undefined, undefined]);
    expect(events).toEqual(Array(3).fill({ event: 'rules.changed', payload: { what: 'geofences' } }));
    expect(await call('geofences.get', { id: fromWkt.id })).toEqual(fromWkt);
  });

  it('wrap longitudes drawn past 180 into range, keeping the area across the antimeridian', async () => {
    const fence = await call<Geofence>('geofences.create', {
      name: 'Dateline',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [179, -17],
            [181, -17],
            [181, -16],
            [179, -16],
            [179, -17],
          ],
        ],
      },
    });
    expect(fence.geometry.coordinates[0]).toEqual([
      [179, -17],
      [-179, -17],
      [-179, -16],
      [179, -16],
      [179, -17],
    ]);
    expect(fence.bbox[0]).toBeGreaterThan(fence.bbox[2]);
  });

  it('refuse what is not an area, naming the field', async () => {
    expect(await fail('geofences.create', { name: 'P', geometry: 'POINT(7 43)' })).toEqual({
      code: 'INVALID_INPUT',
      message: "Field 'geometry' must be a Polygon or MultiPolygon, got a Point.",
      details: { field: 'geometry' },
    });
    expect((await fail('geofences.create', { name: 'B', geometry: '{"type":' })).message).toMatch(
      /^Field 'geometry' is not valid GeoJSON: /,
    );
    expect(
      (await fail('geofences.create', { name: 'Open', geometry: 'POLYGON((0 0, 1 0, 1 1, 0 1))' })).message,
    ).toMatch(/^Field 'geometry.coordinates\[0\]' must be a closed ring/);
    expect((await fail('geofences.create', { name: 'Neither' })).code).toBe('INVALID_INPUT');
  });

  it('take the area of a stored object: a polygon, or a closed way as a Polygon; refuse an open line or a point', async () => {
    const ring = HARBOUR.coordinates[0]!;
    const closedWay = await upsert('w-closed', 'way', { type: 'LineString', coordinates: ring });
    const fence = await call<Geofence>('geofences.create', { name: 'From way', object_id: closedWay.id });
    expect(fence).toMatchObject({ geometry: HARBOUR, object_id: closedWay.id });
    const openWay = await upsert('w-open', 'way', { type: 'LineString', coordinates: ring.slice(0, 3) });
    expect(await fail('geofences.create', { name: 'x', object_id: openWay.id })).toMatchObject({
      code: 'INVALID_INPUT',
      message: `Field 'object_id' must name an object with an area (a Polygon, MultiPolygon or closed way), but object '${openWay.id}' is an open LineString.`,
    });
    const point = await upsert('n-1', 'node', { type: 'Point', coordinates: [7.425, 43.735] });
    expect((await fail('geofences.create', { name: 'x', object_id: point.id })).message).toContain('is a Point.');
    expect(await fail('geofences.create', { name: 'x', object_id: 'nope' })).toMatchObject({
      code: 'INVALID_INPUT',
      message: "Field 'object_id' names no object: 'nope' does not exist.",
    });
  });

  it('update a name (plain reload) or an area (the engine restarts rules on it), and list by page', async () => {
    const fence = await call<Geofence>('geofences.create', { name: 'Before', geometry: HARBOUR });
    reloads.length = 0;
    expect(await call<Geofence>('geofences.update', { id: fence.id, name: 'After' })).toMatchObject({ name: 'After' });
    const bigger = 'POLYGON((7.41 43.72, 7.44 43.72, 7.44 43.75, 7.41 43.75, 7.41 43.72))';
    expect((await call<Geofence>('geofences.update', { id: fence.id, geometry: bigger })).bbox).toEqual([
      7.41, 43.72, 7.44, 43.75,
    ]);
    expect(reloads).toEqual([undefined, { geofenceIds: [fence.id] }]);
    const all = await call<{ items: Geofence[]; total: number }>('geofences.list', {});
    const page = await call<{ items: Geofence[]; total: number; limit: number; offset: number }>('geofences.list', {
      limit: 2,
      offset: 1,
    });
    expect(page).toMatchObject({ total: all.total, limit: 2, offset: 1 });
    expect(page.items).toEqual(all.items.slice(1, 3));
    expect((await fail('geofences.update', { id: 'nope', name: 'x' })).code).toBe('NOT_FOUND');
  });

  it('import a GeoJSON or KML file: one fence per area feature, the rest skipped with a reason', async () => {
    const content = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Harbour' }, geometry: HARBOUR },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [7, 43] } },
        { type: 'Feature', properties: {}, geometry: HARBOUR },
      ],
    });
    const result = await call<{ created: Geofence[]; skipped: unknown[] }>('geofences.import', {
      name: 'zones.geojson',
      content,
    });
    expect(result.created.map((g) => g.name)).toEqual(['Harbour', 'zones 3']);
    expect(result.skipped).toEqual([
      { index: 1, reason: "Field 'geometry' must be a Polygon or MultiPolygon, got a Point." },
    ]);
    expect(events).toEqual([{ event: 'rules.changed', payload: { what: 'geofences' } }]);
  });
});

describe('rules handlers', () => {
  let fence: Geofence;
  beforeAll(async () => {
    fence = await call<Geofence>('geofences.create', { name: 'Zone', geometry: HARBOUR });
  });

  it('create a rule with defaults; the engine starts it afresh', async () => {
    const rule = await call<Rule>('rules.create', {
      name: 'Ships in',
      filter: 'kind=ship',
      trigger: { type: 'enter', geofence_id: fence.id },
    });
    expect(rule).toMatchObject({ name: 'Ships in', filter: 'kind=ship', rearm_seconds: 0, enabled: true });
    expect(reloads).toEqual([{ ruleIds: [rule.id] }]);
    expect(events).toEqual([{ event: 'rules.changed', payload: { what: 'rules' } }]);
    expect(await call('rules.get', { id: rule.id })).toEqual(rule);
  });

  it('refuse bad rules with one sentence naming the field', async () => {
    const bad = (p: Record<string, unknown>) => fail('rules.create', { name: 'Bad', ...p });
    expect(await bad({ filter: 'speed>>3', trigger: { type: 'lost_contact', seconds: 60 } })).toMatchObject({
      code: 'INVALID_INPUT',
      message: "Field 'filter' is not a valid filter: Unexpected '>' at position 6 in 'speed>>3'.",
      details: { field: 'filter' },
    });
    expect((await bad({ trigger: { type: 'proximity', distance_m: 5, other_filter: 'name~"(' } })).message).toMatch(
      /^Field 'trigger.other_filter' is not a valid filter: /,
    );
    expect(await bad({ trigger: { type: 'dwell', geofence_id: 'nope', seconds: 60 } })).toMatchObject({
      code: 'INVALID_INPUT',
      message: "Field 'trigger.geofence_id' names no geofence: 'nope' does not exist.",
    });
    expect((await bad({ trigger: { type: 'proximity', distance_m: -5 } })).message).toBe(
      "Parameter 'trigger.distance_m' must be at least 0, got -5.",
    );
    expect((await bad({ trigger: { type: 'enter' } })).message).toContain(
      'trigger.geofence_id is required for a enter rule',
    );
    expect(reloads).toEqual([]);
  });

  it('update: a rename reloads, a new filter, trigger or enabled restarts the rule', async () => {
    const rule = await call<Rule>('rules.create', { name: 'Fast', trigger: { type: 'speed_above', value: 10 } });
    reloads.length = 0;
    await call('rules.update', { id: rule.id, name: 'Faster' });
    await call('rules.update', { id: rule.id, rearm_seconds: 60 });
    await call('rules.update', { id: rule.id, trigger: { type: 'speed_above', value: 12 } });
    await call('rules.update', { id: rule.id, enabled: false });
    const updated = await call<Rule>('rules.update', { id: rule.id, filter: 'kind=car' });
    expect(updated).toMatchObject({
      name: 'Faster',
      rearm_seconds: 60,
      enabled: false,
      filter: 'kind=car',
      trigger: { value: 12 },
    });
    expect(reloads).toEqual([
      undefined,
      undefined,
      { ruleIds: [rule.id] },
      { ruleIds: [rule.id] },
      { ruleIds: [rule.id] },
    ]);
    expect((await fail('rules.update', { id: rule.id, filter: 'x=' })).message).toMatch(
      /^Field 'filter' is not a valid filter: /,
    );
  });

  it('a geofence in use cannot be deleted (CONFLICT naming the rule); once the rule is gone it can', async () => {
    const zone = await call<Geofence>('geofences.create', { name: 'Busy zone', geometry: HARBOUR });
    const rule = await call<Rule>('rules.create', {
      name: 'Dwellers',
      trigger: { type: 'dwell', geofence_id: zone.id, seconds: 60 },
    });
    expect(await fail('geofences.delete', { id: zone.id })).toMatchObject({
      code: 'CONFLICT',
      message: `Geofence 'Busy zone' is used by rule 'Dwellers' (${rule.id}); change or delete that rule first.`,
    });
    expect(await call('rules.delete', { id: rule.id })).toEqual({ id: rule.id, deleted: true });
    expect(await call('geofences.delete', { id: zone.id })).toEqual({ id: zone.id, deleted: true });
    expect((await fail('geofences.get', { id: zone.id })).code).toBe('NOT_FOUND');
    expect((await fail('rules.delete', { id: rule.id })).code).toBe('NOT_FOUND');
  });
});

describe('alerts handlers', () => {
  let ids: string[];
  beforeAll(async () => {
    const rule = await call<Rule>('rules.create', { name: 'Silent', trigger: { type: 'lost_contact', seconds: 60 } });
    const stored = await store.rules.commitRuleEffects({
      alerts: [1, 2, 3].map((n) => ({
        ruleId: rule.id,
        ruleName: 'Silent',
        trigger: 'lost_contact' as const,
        objectIds: [`o-${n}`],
        geofenceId: null,
        observedAt: NOW + n * 1000,
        raisedAt: NOW + n * 1000,
        position: [7.42, 43.73] as [number, number],
        message: `Object ${n} went silent.`,
        details: { seconds: 60 },
      })),
      setState: [],
      clearState: [],
    });
    ids = stored.map((a) => a.id);
  });

  it('list newest first with the unacknowledged count, by since, rule and acknowledged', async () => {
    const page = await call<{ items: Alert[]; total: number; unacknowledged: number }>('alerts.list', {});
    expect(page.items.map((a) => a.message)).toEqual([
      'Object 3 went silent.',
      'Object 2 went silent.',
      'Object 1 went silent.',
    ]);
    expect(page).toMatchObject({ total: 3, unacknowledged: 3, limit: 100, offset: 0 });
    const since = await call<{ total: number }>('alerts.list', { since: new Date(NOW + 2000).toISOString() });
    expect(since.total).toBe(2);
    expect((await call<{ total: number }>('alerts.list', { rule_id: 'other' })).total).toBe(0);
  });

  it('acknowledge named alerts or all of them; clients hear it', async () => {
    expect(await call('alerts.ack', { ids: [ids[0]] })).toEqual({ acknowledged: 1, unacknowledged: 2 });
    expect(events).toEqual([
      { event: 'alerts.acknowledged', payload: { ids: [ids[0]], all: false, unacknowledged: 2 } },
    ]);
    const acked = await call<{ items: Alert[] }>('alerts.list', { acknowledged: true });
    expect(acked.items.map((a) => [a.id, a.acknowledged_at])).toEqual([[ids[0], new Date(NOW).toISOString()]]);
    expect(await call('alerts.ack', { all: true })).toEqual({ acknowledged: 2, unacknowledged: 0 });
    expect(events[1]).toEqual({ event: 'alerts.acknowledged', payload: { ids: [], all: true, unacknowledged: 0 } });
    expect((await fail('alerts.ack', {})).message).toBe("Give exactly one of 'ids' or 'all: true'.");
  });
});

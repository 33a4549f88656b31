// The rules store (db/rules-store.ts) on SQLite (always) and Postgres (when TEST_DATABASE_URL is set):
// geofence and rule CRUD, alerts, acknowledgement, the engine's effects in one transaction and its state.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type SqliteStore } from '../../db/open-store.js';
import type { NewAlert, NewGeofence, NewRule, RuleEffects } from '../../db/rules-store.js';
import type { Store } from '../../db/store.js';
import type { GeofenceGeometry } from '../../electron/contract/methods/rules.js';
import { pgTestUrl, storeTargets, tmpDir } from './store-targets.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');

/** A concave polygon with a hole. */
const harbour: GeofenceGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [4.0, 51.0],
      [4.3, 51.0],
      [4.3, 51.3],
      [4.15, 51.1],
      [4.0, 51.3],
      [4.0, 51.0],
    ],
    [
      [4.1, 51.02],
      [4.2, 51.02],
      [4.2, 51.05],
      [4.1, 51.02],
    ],
  ],
};
/** Two parts, one with a hole, the other across the antimeridian (longitudes past 180). */
const islands: GeofenceGeometry = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [10, 10],
        [11, 10],
        [11, 11],
        [10, 11],
        [10, 10],
      ],
      [
        [10.25, 10.25],
        [10.75, 10.25],
        [10.75, 10.75],
        [10.25, 10.25],
      ],
    ],
    [
      [
        [179.5, -17.123456789],
        [180.5, -17.123456789],
        [180.5, -16.5],
        [179.5, -16.5],
        [179.5, -17.123456789],
      ],
    ],
  ],
};

const fence = (name: string, geometry: GeofenceGeometry = harbour, objectId: string | null = null): NewGeofence => ({
  name,
  geometry,
  bbox: geometry.type === 'Polygon' ? [4.0, 51.0, 4.3, 51.3] : [179.5, -17.123456789, -179.5, 11],
  objectId,
});
const rule = (name: string, patch: Partial<NewRule> = {}): NewRule => ({
  name,
  filter: 'kind=ship',
  trigger: { type: 'speed_above', value: 12.5 },
  rearmSeconds: 60,
  enabled: true,
  ...patch,
});
const alert = (ruleId: string, raisedAt: number, patch: Partial<NewAlert> = {}): NewAlert => ({
  ruleId,
  ruleName: 'fast ships',
  trigger: 'speed_above',
  objectIds: ['o1'],
  geofenceId: null,
  observedAt: raisedAt - 5,
  raisedAt,
  position: [4.25, 51.125],
  message: `Ever Given went faster than 12.5 m/s at ${raisedAt}.`,
  details: { value: 13.1, unit: 'm/s', stale: false, note: null },
  ...patch,
});
const effects = (patch: Partial<RuleEffects>): RuleEffects => ({ alerts: [], setState: [], clearState: [], ...patch });

/** The URL (or SQLite path) of the database `store` has open, to open it again or reach it directly. */
function databaseUrl(store: Store): string {
  if (store.dialect === 'sqlite') return (store as SqliteStore).path;
  // The store's location has no password: the test server's URL with the store's database.
  const url = new URL(pgTestUrl()!);
  url.pathname = new URL(store.location).pathname;
  return url.toString();
}

describe.each(storeTargets())('rules store on $name', (target) => {
  let store: Store;
  let ruleId: string;
  const dir = tmpDir('tracker-rules-');
  const reopen = async (): Promise<Store> => {
    const url = databaseUrl(store);
    await store.close();
    store = await openStore(url, { dataDir: dir.dir, backup: { onClose: false } });
    return store;
  };

  beforeEach(async () => {
    store = await target.open();
    ruleId = (await store.rules.createRule(rule('fast ships'))).id;
  });
  afterEach(() => store.close());
  afterAll(async () => {
    await target.dispose();
    dir.cleanup();
  });

  describe('geofences', () => {
    it('stores a concave polygon with a hole and a multipolygon with holes exactly, and lists them by name', async () => {
      const a = await store.rules.createGeofence(fence('Harbour zone'));
      const b = await store.rules.createGeofence(fence('Atolls', islands, 'object-1'));
      expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await store.rules.getGeofence(a.id)).toEqual({
        id: a.id,
        name: 'Harbour zone',
        geometry: harbour,
        bbox: [4.0, 51.0, 4.3, 51.3],
        objectId: null,
        createdAt: a.createdAt,
        updatedAt: a.createdAt,
      });
      const atolls = await store.rules.getGeofence(b.id);
      expect(atolls.geometry).toEqual(islands);
      // Across the antimeridian: minLon > maxLon is kept as given.
      expect(atolls.bbox).toEqual([179.5, -17.123456789, -179.5, 11]);
      expect(atolls.objectId).toBe('object-1');
      expect((await store.rules.listGeofences()).map((g) => g.name)).toEqual(['Atolls', 'Harbour zone']);
    });

    it('patches the name alone, or the geometry with its bbox, and refuses a geometry without its bbox', async () => {
      const a = await store.rules.createGeofence(fence('Harbour zone'));
      const renamed = await store.rules.updateGeofence(a.id, { name: 'Port' });
      expect(renamed).toMatchObject({ name: 'Port', geometry: harbour, bbox: [4.0, 51.0, 4.3, 51.3] });
      expect(renamed.updatedAt).toBeGreaterThanOrEqual(a.updatedAt);
      const moved = await store.rules.updateGeofence(a.id, { geometry: islands, bbox: [1, 2, 3, 4] });
      expect(moved).toMatchObject({ name: 'Port', geometry: islands, bbox: [1, 2, 3, 4] });
      await expect(store.rules.updateGeofence(a.id, { geometry: harbour })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: `Geofence '${a.id}' needs its geometry and its bbox changed together.`,
      });
    });

    it('deletes a geofence and answers NOT_FOUND for a missing one on get, update and delete', async () => {
      const a = await store.rules.createGeofence(fence('Harbour zone'));
      await store.rules.deleteGeofence(a.id);
      expect(await store.rules.listGeofences()).toEqual([]);
      await expect(store.rules.getGeofence(a.id)).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: `Geofence '${a.id}' does not exist.`,
      });
      await expect(store.rules.updateGeofence('nope', { name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(store.rules.deleteGeofence('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('rules', () => {
    it('round-trips a rule and lists the rules by name', async () => {
      const trigger = { type: 'proximity' as const, distance_m: 500, other_filter: 'kind=drone', cpa_seconds: 120 };
      const r = await store.rules.createRule(
        rule('Airfield', { filter: '', trigger, rearmSeconds: 0.5, enabled: false }),
      );
      expect(await store.rules.getRule(r.id)).toEqual({
        id: r.id,
        name: 'Airfield',
        filter: '',
        trigger,
        rearmSeconds: 0.5,
        enabled: false,
        createdAt: r.createdAt,
        updatedAt: r.createdAt,
      });
      expect((await store.rules.listRules()).map((x) => x.name)).toEqual(['Airfield', 'fast ships']);
    });

    it('patches only the fields given', async () => {
      const before = await store.rules.getRule(ruleId);
      expect(await store.rules.updateRule(ruleId, { enabled: false })).toMatchObject({
        name: 'fast ships',
        filter: 'kind=ship',
        trigger: before.trigger,
        rearmSeconds: 60,
        enabled: false,
      });
      const changed = await store.rules.updateRule(ruleId, {
        name: 'slow ships',
        filter: 'kind=ship speed<1',
        trigger: { type: 'lost_contact', seconds: 300 },
        rearmSeconds: 0,
        enabled: true,
      });
      expect(changed).toMatchObject({
        name: 'slow ships',
        filter: 'kind=ship speed<1',
        trigger: { type: 'lost_contact', seconds: 300 },
        rearmSeconds: 0,
        enabled: true,
      });
      expect(changed.createdAt).toBe(before.createdAt);
    });

    it('answers NOT_FOUND for a missing rule on get, update and delete', async () => {
      await expect(store.rules.getRule('nope')).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: "Rule 'nope' does not exist.",
      });
      await expect(store.rules.updateRule('nope', { enabled: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(store.rules.deleteRule('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('deletes a rule with its state and keeps its alerts', async () => {
      const other = (await store.rules.createRule(rule('other'))).id;
      const [raised] = await store.rules.commitRuleEffects(
        effects({
          alerts: [alert(ruleId, T0)],
          setState: [
            { ruleId, key: 'o1', state: { inside: true } },
            { ruleId: other, key: 'o1', state: 1 },
          ],
        }),
      );
      await store.rules.deleteRule(ruleId);
      await expect(store.rules.getRule(ruleId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await store.rules.loadRuleState()).toEqual([{ ruleId: other, key: 'o1', state: 1 }]);
      expect((await store.rules.listAlerts({ ruleId, limit: 10, offset: 0 })).items).toEqual([raised]);
    });
  });

  describe('alerts', () => {
    /** Five alerts a second apart, the 2nd and 4th of a second rule; answers them oldest first. */
    const raiseFive = async () => {
      const second = (await store.rules.createRule(rule('second'))).id;
      const stored = await store.rules.commitRuleEffects(
        effects({
          alerts: [0, 1, 2, 3, 4].map((i) => alert(i % 2 === 1 ? second : ruleId, T0 + i * 1000)),
        }),
      );
      return { second, stored, ids: stored.map((a) => a.id) };
    };

    it('answers the stored alerts with ids, in order, unacknowledged, every field as given', async () => {
      const given = [
        alert(ruleId, T0 + 1),
        alert(ruleId, T0, { position: null, objectIds: ['a', 'b'], geofenceId: 'g' }),
      ];
      const stored = await store.rules.commitRuleEffects(effects({ alerts: given }));
      expect(stored).toEqual(
        given.map((a) => ({ ...a, id: expect.stringMatching(/^[0-9a-f-]{36}$/), acknowledgedAt: null })),
      );
      const listed = await store.rules.listAlerts({ limit: 10, offset: 0 });
      expect(listed).toEqual({ items: stored, total: 2, unacknowledged: 2 });
    });

    it('lists newest first, alerts of one step in the same millisecond in reverse step order', async () => {
      const { ids } = await raiseFive();
      const same = await store.rules.commitRuleEffects(
        effects({ alerts: [alert(ruleId, T0 + 9000), alert(ruleId, T0 + 9000), alert(ruleId, T0 + 9000)] }),
      );
      const page = await store.rules.listAlerts({ limit: 100, offset: 0 });
      expect(page.items.map((a) => a.id)).toEqual([...same.map((a) => a.id).reverse(), ...ids.reverse()]);
      expect(page).toMatchObject({ total: 8, unacknowledged: 8 });
    });

    it('filters by since, rule and acknowledgement, pages with totals, and counts every unacknowledged alert', async () => {
      const { second, ids } = await raiseFive();
      const list = async (q: Partial<Parameters<Store['rules']['listAlerts']>[0]>) => {
        const page = await store.rules.listAlerts({ limit: 100, offset: 0, ...q });
        return { ids: page.items.map((a) => a.id), total: page.total, unacknowledged: page.unacknowledged };
      };
      expect(await list({ since: T0 + 2000 })).toEqual({ ids: [ids[4], ids[3], ids[2]], total: 3, unacknowledged: 5 });
      expect(await list({ ruleId: second })).toEqual({ ids: [ids[3], ids[1]], total: 2, unacknowledged: 5 });
      expect(await list({ ruleId, since: T0 + 1 })).toEqual({ ids: [ids[4], ids[2]], total: 2, unacknowledged: 5 });
      expect(await list({ limit: 2, offset: 2 })).toEqual({ ids: [ids[2], ids[1]], total: 5, unacknowledged: 5 });
      expect(await list({ limit: 2, offset: 0 })).toEqual({ ids: [ids[4], ids[3]], total: 5, unacknowledged: 5 });
      expect(await list({ limit: 2, offset: 10 })).toEqual({ ids: [], total: 5, unacknowledged: 5 });
      expect(await list({ limit: 0, offset: 0, ruleId })).toEqual({ ids: [], total: 3, unacknowledged: 5 });
      await store.rules.acknowledgeAlerts({ ids: [ids[0]!, ids[3]!] }, T0 + 60_000);
      expect(await list({ acknowledged: true })).toEqual({ ids: [ids[3], ids[0]], total: 2, unacknowledged: 3 });
      expect(await list({ acknowledged: false, limit: 1 })).toEqual({ ids: [ids[4]], total: 3, unacknowledged: 3 });
      expect(await store.rules.countUnacknowledged()).toBe(3);
    });

    it('acknowledges named alerts once, then every one of a rule, then all', async () => {
      const { second, ids } = await raiseFive();
      const at = T0 + 60_000;
      expect(await store.rules.acknowledgeAlerts({ ids: [ids[0]!, 'missing'] }, at)).toBe(1);
      expect(await store.rules.acknowledgeAlerts({ ids: [ids[0]!] }, at + 1)).toBe(0);
      expect(await store.rules.acknowledgeAlerts({ ids: [] }, at)).toBe(0);
      const [first] = (await store.rules.listAlerts({ acknowledged: true, limit: 10, offset: 0 })).items;
      expect(first).toMatchObject({ id: ids[0], acknowledgedAt: at });
      expect(await store.rules.acknowledgeAlerts({ all: true, ruleId: second }, at)).toBe(2);
      expect(await store.rules.countUnacknowledged()).toBe(2);
      expect(
        (await store.rules.listAlerts({ acknowledged: false, limit: 10, offset: 0 })).items.map((a) => a.id),
      ).toEqual([ids[4], ids[2]]);
      expect(await store.rules.acknowledgeAlerts({ all: true }, at)).toBe(2);
      expect(await store.rules.countUnacknowledged()).toBe(0);
    });

    it('iterates every matching alert newest first in pages, across alerts that share a millisecond', async () => {
      const stored = await store.rules.commitRuleEffects(
        effects({ alerts: [0, 0, 0, 1, 1, 2, 3].map((s) => alert(ruleId, T0 + s * 1000)) }),
      );
      await store.rules.commitRuleEffects(effects({ alerts: [alert('another rule', T0 + 500)] }));
      const pages: string[][] = [];
      for await (const page of store.rules.iterateAlerts({ ruleId }, 3)) pages.push(page.map((a) => a.id));
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual(stored.map((a) => a.id).reverse());
      const since: string[] = [];
      for await (const page of store.rules.iterateAlerts({ since: T0 + 1000 })) since.push(...page.map((a) => a.id));
      expect(since).toEqual(
        stored
          .slice(3)
          .map((a) => a.id)
          .reverse(),
      );
    });

    it('keeps alerts when their objects and source are deleted', async () => {
      const source = await store.createSource({
        name: 'ships',
        description: '',
        type: 'rest',
        connectionInfo: {},
        isActive: true,
        tokenHash: 'x',
      });
      const [result] = await store.applyBatch([
        {
          op: 'upsert',
          sourceId: source.id,
          type: 'node',
          osmId: '1',
          tags: Object.create(null),
          geom: { type: 'Point', coordinates: [4, 51] },
          observedAt: T0,
        },
      ]);
      const objectId = (result as { object: { id: string } }).object.id;
      const [raised] = await store.rules.commitRuleEffects(
        effects({ alerts: [alert(ruleId, T0, { objectIds: [objectId] })] }),
      );
      await store.deleteSource(source.id);
      expect((await store.rules.listAlerts({ limit: 10, offset: 0 })).items).toEqual([raised]);
    });
  });

  describe('rule state and effects', () => {
    it('sets, replaces and clears state rows, the last value of a key in one step winning', async () => {
      const other = (await store.rules.createRule(rule('other'))).id;
      await store.rules.commitRuleEffects(
        effects({
          setState: [
            { ruleId, key: 'a', state: { inside: true, since: T0 } },
            { ruleId, key: 'b', state: 'x' },
            { ruleId, key: 'b', state: ['y', 1.5, null] },
            { ruleId: other, key: 'a|b', state: 0 },
          ],
        }),
      );
      expect(await store.rules.loadRuleState(ruleId)).toEqual([
        { ruleId, key: 'a', state: { inside: true, since: T0 } },
        { ruleId, key: 'b', state: ['y', 1.5, null] },
      ]);
      await store.rules.commitRuleEffects(
        effects({
          setState: [{ ruleId, key: 'a', state: false }],
          clearState: [
            { ruleId, key: 'b' },
            { ruleId, key: 'zz' },
          ],
        }),
      );
      expect(await store.rules.loadRuleState()).toEqual(
        [
          { ruleId, key: 'a', state: false },
          { ruleId: other, key: 'a|b', state: 0 },
        ].sort((x, y) => (x.ruleId < y.ruleId ? -1 : 1)),
      );
      await store.rules.clearRuleState(ruleId);
      expect(await store.rules.loadRuleState()).toEqual([{ ruleId: other, key: 'a|b', state: 0 }]);
    });

    it('skips state of a rule that no longer exists instead of failing the step', async () => {
      const [raised] = await store.rules.commitRuleEffects(
        effects({
          alerts: [alert('gone', T0)],
          setState: [
            { ruleId: 'gone', key: 'a', state: 1 },
            { ruleId, key: 'a', state: 2 },
          ],
        }),
      );
      expect(await store.rules.loadRuleState()).toEqual([{ ruleId, key: 'a', state: 2 }]);
      expect((await store.rules.listAlerts({ limit: 10, offset: 0 })).items).toEqual([raised]);
    });

    it('commits a step atomically: a failing write leaves no alert and no state change, and the next step commits', async () => {
      await store.rules.commitRuleEffects(effects({ setState: [{ ruleId, key: 'kept', state: 1 }] }));
      const failing = effects({
        alerts: [alert(ruleId, T0), alert(ruleId, T0 + 1, { message: null as unknown as string })],
        setState: [{ ruleId, key: 'new', state: 2 }],
        clearState: [{ ruleId, key: 'kept' }],
      });
      await expect(store.rules.commitRuleEffects(failing)).rejects.toThrow(/null/i);
      expect(await store.rules.listAlerts({ limit: 10, offset: 0 })).toEqual({
        items: [],
        total: 0,
        unacknowledged: 0,
      });
      expect(await store.rules.loadRuleState()).toEqual([{ ruleId, key: 'kept', state: 1 }]);
      const [raised] = await store.rules.commitRuleEffects(effects({ alerts: [alert(ruleId, T0)] }));
      expect((await store.rules.listAlerts({ limit: 10, offset: 0 })).items).toEqual([raised]);
    });

    it('keeps state, rules, geofences and alerts across a restart', async () => {
      const g = await store.rules.createGeofence(fence('Harbour zone'));
      const [raised] = await store.rules.commitRuleEffects(
        effects({ alerts: [alert(ruleId, T0)], setState: [{ ruleId, key: 'o1', state: { inside: true, since: T0 } }] }),
      );
      await reopen();
      expect(await store.rules.loadRuleState(ruleId)).toEqual([
        { ruleId, key: 'o1', state: { inside: true, since: T0 } },
      ]);
      expect(await store.rules.getGeofence(g.id)).toEqual(g);
      expect((await store.rules.listRules()).map((r) => r.id)).toEqual([ruleId]);
      expect(await store.rules.listAlerts({ limit: 10, offset: 0 })).toEqual({
        items: [raised],
        total: 1,
        unacknowledged: 1,
      });
    });
  });
});

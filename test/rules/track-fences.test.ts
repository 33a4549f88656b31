/**
 * Enter, exit and dwell on a recorded track pushed through the real ingest into a real SQLite store:
 * a 2014 run in Kent (route-1.1.gpx, one point a second) and the real outline of the Parc paysager
 * de Fontvieille (with its hole), moved so that its centre lies on the run's 1,200th point.
 * The run goes in at point 1167, out at 1173, in again at 1177 and out at 1247 (prepareFence, whose
 * answers on the real polygons geo.test.ts checks against GDAL, says so; the test asserts it too).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareFence } from '../../electron/core/rules/geo.js';
import { fenceFixture, gpxTrack, moveFence, openRulesWorld, TARGETS, type RulesWorld } from './rules-kit.js';

const run = gpxTrack('gpx/route-1.1.gpx');
const segment = run.slice(1100, 1301);
const centre = run[1200]!;
const park = moveFence(fenceFixture('monaco-parc-fontvieille'), centre.lon, centre.lat);
const iso = (ms: number) => new Date(ms).toISOString();
const at = (i: number) => iso(run[i]!.t);
const hhmmss = (i: number) => at(i).slice(11, 19);

describe.each(TARGETS)('rules on a recorded track on %s', (target) => {
  let w: RulesWorld;
  let fenceId: string;
  const runner = (i: number, tags = { kind: 'runner', name: 'Runner' }) =>
    w.point('run-1', run[i]!.t, run[i]!.lon, run[i]!.lat, tags);
  /** Pushes the segment in batches of 25, as a publisher would. */
  const pushSegment = async () => {
    for (let i = 0; i < segment.length; i += 25) {
      await w.push(
        segment.slice(i, i + 25).map((p) => w.point('run-1', p.t, p.lon, p.lat, { kind: 'runner', name: 'Runner' })),
      );
    }
  };

  beforeEach(async () => {
    w = await openRulesWorld(target);
    w.clock.now = run[1300]!.t;
    fenceId = await w.fence('Fontvieille park', park);
  });
  afterEach(async () => {
    await w.dispose();
  });

  it('crosses the moved park where the test says', () => {
    const f = prepareFence(park);
    const changes: string[] = [];
    let inside = false;
    run.forEach((p, i) => {
      if (f.contains(p.lon, p.lat) !== inside) {
        inside = !inside;
        changes.push(`${inside ? 'in' : 'out'}@${i}`);
      }
    });
    expect(changes).toEqual(['in@1167', 'out@1173', 'in@1177', 'out@1247']);
  });

  it('fires enter, exit and dwell at the observations’ times, with one-sentence messages', async () => {
    const enter = await w.rule('Into the park', { type: 'enter', geofence_id: fenceId }, { filter: 'kind=runner' });
    const exit = await w.rule('Out of the park', { type: 'exit', geofence_id: fenceId });
    const dwell = await w.rule('Lingering', { type: 'dwell', geofence_id: fenceId, seconds: 30 });
    const rearmed = await w.rule(
      'Into the park, once a minute',
      { type: 'enter', geofence_id: fenceId },
      { rearmSeconds: 60 },
    );
    await pushSegment();

    const of = (ruleId: string) => w.alerts.filter((a) => a.rule_id === ruleId);
    expect(of(enter.id).map((a) => a.observed_at)).toEqual([at(1167), at(1177)]);
    expect(of(exit.id).map((a) => a.observed_at)).toEqual([at(1173), at(1247)]);
    // The first visit lasts 6 s; the second 70 s, so dwell fires 30 s after point 1177.
    expect(of(dwell.id).map((a) => a.observed_at)).toEqual([iso(run[1177]!.t + 30_000)]);
    expect(of(rearmed.id).map((a) => a.observed_at)).toEqual([at(1167)]);

    const first = of(enter.id)[0]!;
    expect(first.message).toBe(`Runner entered Fontvieille park at ${hhmmss(1167)}.`);
    expect(first).toMatchObject({
      trigger: 'enter',
      rule_name: 'Into the park',
      geofence_id: fenceId,
      position: [run[1167]!.lon, run[1167]!.lat],
      acknowledged: false,
    });
    expect(of(exit.id)[1]!.message).toBe(`Runner left Fontvieille park at ${hhmmss(1247)}.`);
    expect(of(dwell.id)[0]!.message).toMatch(/^Runner had been in Fontvieille park for 30 s at \d\d:\d\d:\d\d\.$/);
    expect(of(dwell.id)[0]!.details).toEqual({ seconds: 30 });

    // Stored before they were announced: the store lists the same alerts.
    const stored = await w.store.rules.listAlerts({ limit: 100, offset: 0 });
    expect(stored.total).toBe(w.alerts.length);
    expect(new Set(stored.items.map((a) => a.id))).toEqual(new Set(w.alerts.map((a) => a.id)));
    expect(w.engine.stats()).toMatchObject({ rules: 4, geofences: 1, alerts: 6, queued: 0 });
  });

  it('only queues on commit: evaluation runs on a later turn', async () => {
    await w.rule('Into the park', { type: 'enter', geofence_id: fenceId });
    const before = w.engine.stats().evaluated;
    await w.ingest.submit([runner(1167)], { sourceId: w.sourceId, channel: 'hub' });
    // The publisher's acknowledgement (submit resolving) comes before any evaluation.
    expect(w.engine.stats().evaluated).toBe(before);
    expect(w.alerts).toEqual([]);
    await w.engine.idle();
    expect(w.engine.stats().evaluated).toBe(before + 1);
    expect(w.alerts).toHaveLength(1);
  });

  it('does not fire for objects already inside when a rule is created, nor for a disabled rule', async () => {
    await w.push([runner(1200)]);
    const enter = await w.rule('Into the park', { type: 'enter', geofence_id: fenceId });
    const disabled = await w.rule('Off', { type: 'enter', geofence_id: fenceId }, { enabled: false });
    await w.push([runner(1201), runner(1202)]);
    expect(w.alerts).toEqual([]);
    expect((await w.store.rules.loadRuleState(enter.id)).map((r) => r.key)).toHaveLength(1);

    // Out and back in: now it fires, the disabled rule still does not.
    await w.push([runner(1250), runner(1260)]);
    await w.push([runner(1200)].map((op) => ({ ...op, observedAt: run[1260]!.t + 1000 })));
    expect(w.alerts.map((a) => a.rule_id)).toEqual([enter.id]);

    // Enabled, it starts from the objects as they are (the runner inside): still no alert.
    await w.store.rules.updateRule(disabled.id, { enabled: true });
    await w.engine.reload({ ruleIds: [disabled.id] });
    expect(w.engine.stats().rules).toBe(2);
    expect(w.alerts).toHaveLength(1);
  });

  it('drops an inside object that stops matching the filter without an exit alert', async () => {
    const exit = await w.rule('Runners out', { type: 'exit', geofence_id: fenceId }, { filter: 'kind=runner' });
    await w.push([runner(1180)]);
    expect(await w.store.rules.loadRuleState(exit.id)).toHaveLength(1);
    await w.push([runner(1181, { kind: 'walker', name: 'Runner' })]);
    await w.push([runner(1250, { kind: 'walker', name: 'Runner' })]);
    expect(w.alerts).toEqual([]);
    expect(await w.store.rules.loadRuleState(exit.id)).toEqual([]);
  });

  it('clears an object’s state when it is deleted, and ignores observations older than the stored one', async () => {
    const exit = await w.rule('Out of the park', { type: 'exit', geofence_id: fenceId });
    await w.push([runner(1200)]);
    // An older observation outside the park is history only: no exit.
    await w.push([runner(1150)]);
    expect(w.alerts).toEqual([]);
    const object = await w.store.findObjectByKey(w.sourceId, 'node', 'run-1');
    await w.push([{ op: 'delete', objectId: object!.id }]);
    expect(await w.store.rules.loadRuleState(exit.id)).toEqual([]);
    expect(w.alerts).toEqual([]);
  });
});

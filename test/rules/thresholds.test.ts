/**
 * Tag thresholds (speed in m/s, altitude in m) and count_above in a real geofence (Port Hercule),
 * through the real ingest into a real SQLite store: each fires when its condition starts to hold.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fenceFixture, openRulesWorld, T0, TARGETS, type RulesWorld } from './rules-kit.js';

const s = (seconds: number) => T0 + seconds * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const IN_PORT = [7.4255, 43.735] as const;
const OUTSIDE = [7.4225, 43.733] as const;

describe.each(TARGETS)('threshold and count rules on %s', (target) => {
  let w: RulesWorld;
  beforeEach(async () => {
    w = await openRulesWorld(target);
  });
  afterEach(async () => {
    await w.dispose();
  });

  it('fires speed_above when the speed goes over the value, again after it dropped, and honours re-arm', async () => {
    const fast = await w.rule('Too fast', { type: 'speed_above', value: 10 }, { filter: 'kind=ship' });
    const fastOnce = await w.rule('Too fast, once an hour', { type: 'speed_above', value: 10 }, { rearmSeconds: 3600 });
    const slow = await w.rule('Stopped', { type: 'speed_below', value: 0.5 });
    const speeds = [5, 12, 13, 8, 11, 0.2, 0.1, 3];
    for (const [i, speed] of speeds.entries()) {
      await w.push([w.point('eg', s(i * 60), 7.42, 43.73, { kind: 'ship', name: 'Ever Given', speed })]);
    }
    const times = (ruleId: string) => w.alerts.filter((a) => a.rule_id === ruleId).map((a) => a.observed_at);
    expect(times(fast.id)).toEqual([iso(s(60)), iso(s(240))]);
    expect(times(fastOnce.id)).toEqual([iso(s(60))]);
    expect(times(slow.id)).toEqual([iso(s(300))]);
    const first = w.alerts.find((a) => a.rule_id === fast.id)!;
    expect(first.message).toBe('Ever Given went above 10 m/s (12 m/s) at 08:01:00.');
    expect(first.details).toEqual({ value: 12, speed_limit: 10 });
    expect(w.alerts.find((a) => a.rule_id === slow.id)!.message).toBe(
      'Ever Given dropped below 0.5 m/s (0.2 m/s) at 08:05:00.',
    );
  });

  it('fires altitude_below and altitude_above on aircraft only, and not for objects without the tag', async () => {
    const low = await w.rule('Below 1,000 ft', { type: 'altitude_below', value: 304.8 }, { filter: 'kind=aircraft' });
    const high = await w.rule('Above FL100', { type: 'altitude_above', value: 3048 }, { filter: 'kind=aircraft' });
    const plane = (t: number, altitude: number) =>
      w.point('f-gkxa', s(t), 7.42, 43.73, { kind: 'aircraft', name: 'AF1234', altitude });
    await w.push([plane(0, 3500), plane(10, 1000), plane(20, 250.5), plane(30, 200)]);
    await w.push([w.point('ship', s(0), 7.42, 43.73, { kind: 'ship', name: 'Low ship', altitude: 0 })]);
    await w.push([w.point('drone', s(0), 7.42, 43.73, { kind: 'aircraft', name: 'No altitude' })]);
    expect(w.alerts.map((a) => [a.rule_id, a.observed_at])).toEqual([
      [high.id, iso(s(0))],
      [low.id, iso(s(20))],
    ]);
    expect(w.alerts[1]!.message).toBe('AF1234 descended below 304.8 m (250.5 m) at 08:00:20.');
  });

  it('fires count_above when more than N matching objects are inside, once until the count falls back', async () => {
    const port = await w.fence('Port Hercule', fenceFixture('monaco-port-hercule'));
    const crowd = await w.rule(
      'Crowded port',
      { type: 'count_above', geofence_id: port, count: 2 },
      { filter: 'kind=ship' },
    );
    const ship = (id: string, t: number, [lon, lat]: readonly [number, number], kind = 'ship') =>
      w.point(id, s(t), lon, lat, { kind, name: id });
    await w.push([ship('s1', 0, IN_PORT), ship('s2', 1, IN_PORT), ship('car', 2, IN_PORT, 'car')]);
    expect(w.alerts).toEqual([]);
    await w.push([ship('s3', 10, IN_PORT)]);
    expect(w.alerts).toHaveLength(1);
    expect(w.alerts[0]).toMatchObject({
      rule_id: crowd.id,
      observed_at: iso(s(10)),
      details: { count: 3 },
      message: 'Port Hercule held 3 matching objects (more than 2) when s3 arrived at 08:00:10.',
    });
    await w.push([ship('s4', 20, IN_PORT)]);
    await w.push([ship('s1', 30, OUTSIDE), ship('s2', 31, OUTSIDE)]);
    expect(w.alerts).toHaveLength(1);
    // Two left: 2 inside, no longer above; one more comes in and it fires again.
    await w.push([ship('s1', 40, IN_PORT)]);
    expect(w.alerts.map((a) => a.observed_at)).toEqual([iso(s(10)), iso(s(40))]);
  });
});

/**
 * Proximity and closest point of approach on two converging tracks pushed through the real ingest.
 *
 * Ship A starts at (0°, 0°) steaming east (heading 90°) at 10 m/s; ship B starts 0.1° east and 0.01°
 * north, steaming west (heading 270°) at 10 m/s. Both report every 60 s. On the mean sphere one
 * degree is 111,195.08 m, so at report k (t = 60k s):
 *   dx = 11,119.51 - 1,200 k m, dy = 1,111.95 m, distance = √(dx² + dy²).
 * - Closer than 1,500 m needs |dx| < √(1,500² - 1,111.95²) = 1,006.7 m: first at k = 9
 *   (dx = 319.51 m, distance = √(319.51² + 1,111.95²) = 1,156.9 m); k = 10 is 1,418.3 m, still close;
 *   k = 11 is 2,359 m, so the pair opens. One alert, at t = 540 s.
 * - With cpa_seconds = 600, the first reports already say so: relative velocity (-20, 0) m/s, so
 *   t_cpa = 11,119.51 × 20 / 400 = 555.98 s ≤ 600 s and d_cpa = 1,111.95 m < 1,500 m. One alert at t = 0.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRulesWorld, T0, TARGETS, type RulesWorld } from './rules-kit.js';

const DEG = 111_195.08;
const shipA = (k: number) => ({ lon: (600 * k) / DEG, lat: 0 });
const shipB = (k: number) => ({ lon: 0.1 - (600 * k) / DEG, lat: 0.01 });
const time = (k: number) => T0 + k * 60_000;

describe.each(TARGETS)('proximity rules on %s', (target) => {
  let w: RulesWorld;
  const report = (k: number) => {
    const a = shipA(k);
    const b = shipB(k);
    return [
      w.point('A', time(k), a.lon, a.lat, { kind: 'ship', name: 'Alpha', speed: 10, heading: 90 }),
      w.point('B', time(k), b.lon, b.lat, { kind: 'ship', name: 'Bravo', speed: 10, heading: 270 }),
      // A third ship far north never comes near.
      w.point('C', time(k), 0.05, 1, { kind: 'ship', name: 'Charlie', speed: 10, heading: 0 }),
    ];
  };

  beforeEach(async () => {
    w = await openRulesWorld(target);
  });
  afterEach(async () => {
    await w.dispose();
  });

  it('fires once when two ships come closer than the distance, and once early for their closest approach', async () => {
    const near = await w.rule('Ships within 1.5 km', { type: 'proximity', distance_m: 1500 }, { filter: 'kind=ship' });
    const cpa = await w.rule(
      'Alpha meets Bravo',
      { type: 'proximity', distance_m: 1500, cpa_seconds: 600, other_filter: 'name=Bravo' },
      { filter: 'name=Alpha' },
    );
    for (let k = 0; k <= 14; k++) {
      w.clock.now = time(k);
      await w.push(report(k));
    }
    const [a, b] = await Promise.all([
      w.store.findObjectByKey(w.sourceId, 'node', 'A'),
      w.store.findObjectByKey(w.sourceId, 'node', 'B'),
    ]);

    const nearAlerts = w.alerts.filter((x) => x.rule_id === near.id);
    expect(nearAlerts).toHaveLength(1);
    expect(nearAlerts[0]!.observed_at).toBe(new Date(time(9)).toISOString());
    expect(nearAlerts[0]!.details.distance_m).toBeGreaterThanOrEqual(1156);
    expect(nearAlerts[0]!.details.distance_m).toBeLessThanOrEqual(1158);
    expect(new Set(nearAlerts[0]!.object_ids)).toEqual(new Set([a!.id, b!.id]));
    expect(nearAlerts[0]!.message).toMatch(/^(Alpha|Bravo) came within 115\d m of (Alpha|Bravo) at 08:09:00\.$/);

    const cpaAlerts = w.alerts.filter((x) => x.rule_id === cpa.id);
    expect(cpaAlerts).toHaveLength(1);
    expect(cpaAlerts[0]).toMatchObject({
      trigger: 'proximity',
      object_ids: [a!.id, b!.id],
      observed_at: new Date(time(0)).toISOString(),
      position: [0, 0],
      message: 'Alpha and Bravo will pass 1112 m apart in 556 s, as seen at 08:00:00.',
    });
    expect(cpaAlerts[0]!.details).toEqual({ distance_m: 11175, cpa_seconds: 556, cpa_distance_m: 1112 });
    // Both pairs opened again after k = 10: no pair state is left.
    expect(await w.store.rules.loadRuleState(near.id)).toEqual([]);
    expect(await w.store.rules.loadRuleState(cpa.id)).toEqual([]);
  });

  it('keeps a close pair across a restart and does not fire it again', async () => {
    const near = await w.rule('Ships within 1.5 km', { type: 'proximity', distance_m: 1500 });
    for (const k of [0, 9]) {
      w.clock.now = time(k);
      await w.push(report(k));
    }
    expect(w.alerts).toHaveLength(1);
    expect((await w.store.rules.loadRuleState(near.id)).map((r) => r.key)).toHaveLength(1);
    await w.restart();
    w.clock.now = time(10);
    await w.push(report(10));
    expect(w.alerts).toEqual([]);
    w.clock.now = time(11);
    await w.push(report(11));
    expect(await w.store.rules.loadRuleState(near.id)).toEqual([]);
  });
});

/**
 * Time-based rules on a clock the test moves: lost contact (once per silence, re-armed by the next
 * update), dwell kept across a restart (store closed and reopened, a new engine), and replayed
 * history firing nothing. Real SQLite store and ingest; the fence is the real Port Hercule outline.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OsmObject } from '../../electron/contract/domain.js';
import { openReplay, type ReplayFrame } from '../../electron/core/replay/replay-stream.js';
import { fenceFixture, openRulesWorld, T0, TARGETS, type RulesWorld } from './rules-kit.js';

const s = (seconds: number) => T0 + seconds * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
/** In the water of Port Hercule, and outside it (GDAL-checked in geo.test.ts). */
const IN_PORT = [7.4255, 43.735] as const;
const OUTSIDE = [7.4225, 43.733] as const;

describe.each(TARGETS)('time-based rules on %s', (target) => {
  let w: RulesWorld;
  beforeEach(async () => {
    w = await openRulesWorld(target);
  });
  afterEach(async () => {
    await w.dispose();
  });

  const at = async (seconds: number) => {
    w.clock.now = s(seconds);
    await w.engine.tick();
  };

  it('raises lost contact once per silence, at the moment the time ran out, and re-arms on the next update', async () => {
    const rule = await w.rule('Silent patrol', { type: 'lost_contact', seconds: 300 }, { filter: 'kind=car' });
    await w.push([w.point('p7', s(0), 7.42, 43.73, { kind: 'car', name: 'Patrol 7' })]);
    await w.push([w.point('ship', s(0), 7.42, 43.73)]);
    await at(299);
    expect(w.alerts).toEqual([]);
    await at(300);
    expect(w.alerts).toHaveLength(1);
    expect(w.alerts[0]).toMatchObject({
      rule_id: rule.id,
      trigger: 'lost_contact',
      observed_at: iso(s(300)),
      raised_at: iso(s(300)),
      message: 'Patrol 7 lost contact at 08:05:00, after 300 s without an update.',
      position: [7.42, 43.73],
    });
    expect(w.alerts[0]!.details.seconds).toBe(300);
    await at(900);
    expect(w.alerts).toHaveLength(1);

    w.clock.now = s(1000);
    await w.push([w.point('p7', s(1000), 7.43, 43.73, { kind: 'car', name: 'Patrol 7' })]);
    await at(1299);
    expect(w.alerts).toHaveLength(1);
    await at(1300);
    expect(w.alerts.map((a) => a.observed_at)).toEqual([iso(s(300)), iso(s(1300))]);
  });

  it('keeps a lost-contact firing across a restart (no second alert for the same silence)', async () => {
    await w.rule('Silent patrol', { type: 'lost_contact', seconds: 300 });
    await w.push([w.point('p7', s(0), 7.42, 43.73, { kind: 'car', name: 'Patrol 7' })]);
    await at(400);
    expect(w.alerts).toHaveLength(1);
    await w.restart();
    await at(800);
    expect(w.alerts).toEqual([]);
  });

  it('keeps a dwell across a restart: it fires at the right time without re-entering', async () => {
    const port = await w.fence('Port Hercule', fenceFixture('monaco-port-hercule'));
    const enter = await w.rule('Into the port', { type: 'enter', geofence_id: port });
    const dwell = await w.rule('Ten minutes in port', { type: 'dwell', geofence_id: port, seconds: 600 });
    w.clock.now = s(0);
    await w.push([w.point('eg', s(0), OUTSIDE[0], OUTSIDE[1], { kind: 'ship', name: 'Ever Given' })]);
    w.clock.now = s(60);
    await w.push([w.point('eg', s(60), IN_PORT[0], IN_PORT[1], { kind: 'ship', name: 'Ever Given' })]);
    expect(w.alerts.map((a) => a.message)).toEqual(['Ever Given entered Port Hercule at 08:01:00.']);
    await at(300);

    await w.restart();
    expect(await w.store.rules.loadRuleState(dwell.id)).toEqual([
      expect.objectContaining({ key: expect.any(String), state: { s: s(60) } }),
    ]);
    await at(500);
    w.clock.now = s(600);
    await w.push([w.point('eg', s(600), IN_PORT[0] + 0.0005, IN_PORT[1], { kind: 'ship', name: 'Ever Given' })]);
    expect(w.alerts).toEqual([]);
    await at(659);
    expect(w.alerts).toEqual([]);
    await at(665);
    expect(w.alerts).toHaveLength(1);
    expect(w.alerts[0]).toMatchObject({
      rule_id: dwell.id,
      observed_at: iso(s(660)),
      message: 'Ever Given had been in Port Hercule for 600 s at 08:11:00.',
      position: [IN_PORT[0] + 0.0005, IN_PORT[1]],
    });
    expect(w.alerts.some((a) => a.rule_id === enter.id)).toBe(false);
  });

  it('fires nothing for replayed history', async () => {
    const port = await w.fence('Port Hercule', fenceFixture('monaco-port-hercule'));
    await w.rule('Into the port', { type: 'enter', geofence_id: port });
    await w.rule('Out of the port', { type: 'exit', geofence_id: port });
    const track = [OUTSIDE, IN_PORT, OUTSIDE, IN_PORT];
    for (const [i, [lon, lat]] of track.entries()) {
      w.clock.now = s(i * 60);
      await w.push([w.point('eg', s(i * 60), lon, lat, { kind: 'ship', name: 'Ever Given' })]);
    }
    const live = w.alerts.length;
    const evaluated = w.engine.stats().evaluated;
    expect(live).toBe(3);

    // The hub's replay stream over the store's history, on a clock that fires its slices at once.
    const frames: ReplayFrame[] = [];
    const done = new Promise<void>((resolve, reject) => {
      void openReplay({
        request: { from: s(0), to: s(240), speed: 1000, snapshotLimit: 100 },
        filter: {},
        read: async (p) =>
          w.store.listObjects({
            filter: p.filter,
            at: Date.parse(p.at),
            sort: p.sort,
            limit: p.limit,
            offset: p.offset,
          }),
        sink: {
          send(f) {
            frames.push(f);
            if (f.kind === 'end') resolve();
          },
          isBusy: () => false,
          failed: reject,
        },
        clock: {
          now: () => w.clock.now,
          after(ms, fn) {
            w.clock.now += ms;
            const id = setImmediate(fn);
            return () => clearImmediate(id);
          },
        },
        tickMs: 50,
        maxPerFrame: 100,
      }).then((stream) => stream.start(), reject);
    });
    await done;
    await w.engine.idle();
    await w.engine.tick();
    const replayed = frames.flatMap((f) => (f.kind === 'changed' ? f.upserted : [])) as OsmObject[];
    expect(replayed.length).toBeGreaterThanOrEqual(3);
    expect(w.alerts).toHaveLength(live);
    expect(w.engine.stats().evaluated).toBe(evaluated);
    expect((await w.store.rules.listAlerts({ limit: 10, offset: 0 })).total).toBe(live);
  });
});

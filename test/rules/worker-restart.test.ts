/**
 * The rules worker dying: the error is logged, a new worker is started and re-seeded from the store
 * (saved state included), so an object already inside a fence does not enter again and the next
 * real entry still fires. Real SQLite store and ingest; the worker is the real one, stopped by a
 * test entry (crashing-rules-worker.mjs) when it sees an object tagged crash=yes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryLog, until } from '../../electron/core/ingest/ingest-test-kit.js';
import { createRuleEngine } from '../../electron/core/rules/engine.js';
import { fenceFixture, openRulesWorld, T0, type RulesWorld } from './rules-kit.js';
import { sameStaleAfter } from '../../electron/contract/staleness.js';

const s = (seconds: number) => T0 + seconds * 1000;
const IN_PORT = [7.4255, 43.735] as const;
const OUTSIDE = [7.4225, 43.733] as const;

describe('the rules worker', () => {
  let w: RulesWorld;
  beforeEach(async () => {
    w = await openRulesWorld('sqlite/worker', {
      workerEntry: new URL('./crashing-rules-worker.mjs', import.meta.url),
    });
  });
  afterEach(async () => {
    await w.dispose();
  });

  it('is restarted after a crash, with a logged error, and its rules re-seeded from the saved state', async () => {
    const port = await w.fence('Port Hercule', fenceFixture('monaco-port-hercule'));
    const enter = await w.rule('Into the port', { type: 'enter', geofence_id: port });
    const ship = (id: string, t: number, [lon, lat]: readonly [number, number], more = {}) =>
      w.point(id, s(t), lon, lat, { kind: 'ship', name: id, ...more });
    await w.push([ship('eg', 0, OUTSIDE)]);
    await w.push([ship('eg', 60, IN_PORT)]);
    expect(w.alerts.map((a) => a.message)).toEqual(['eg entered Port Hercule at 08:01:00.']);

    await w.push([ship('boom', 70, OUTSIDE, { crash: 'yes' })]);
    await until(() => w.log.lines.some((l) => l.msg.startsWith('The rules worker stopped')), 'the crash to be logged');
    await until(() => w.engine.stats().rules === 1, 'the rules to be loaded again');
    await w.engine.idle();
    expect(w.log.lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([
      'The rules worker stopped; its rules are loaded again from the store.',
      'A rule engine step failed.',
    ]);

    await w.push([ship('eg', 120, [IN_PORT[0] + 0.0005, IN_PORT[1]])]);
    await w.push([ship('ms', 120, OUTSIDE)]);
    await w.push([ship('ms', 180, IN_PORT)]);
    expect(w.alerts.map((a) => [a.rule_id, a.message])).toEqual([
      [enter.id, 'eg entered Port Hercule at 08:01:00.'],
      [enter.id, 'ms entered Port Hercule at 08:03:00.'],
    ]);
  });

  it('refuses a thread other than the worker or main, naming the value', () => {
    const base = { store: {} as never, ingest: {} as never, log: memoryLog(), staleAfter: () => sameStaleAfter(1) };
    expect(() => createRuleEngine({ ...base, thread: 'gpu' as never })).toThrow(
      "The rule engine's thread must be 'worker' or 'main', not 'gpu'.",
    );
    expect(() => createRuleEngine({ ...base, thread: 'main' })).not.toThrow();
  });
});

// The evaluation core on its own (no store, no thread): the request/answer protocol the engine
// drives, seeding without alerts, and object keys reused after a deletion in proximity rules.
import { describe, expect, it } from 'vitest';
import type { OsmObject } from '../../contract/domain.js';
import type { StoredRule } from '../../../db/rules-store.js';
import type { EvaluatorReply, EvaluatorRequest } from './evaluator-protocol.js';
import { encodeChanges } from './change-columns.js';
import { createEvaluator } from './evaluator.js';
import { sameStaleAfter } from '../../contract/staleness.js';

const T0 = Date.parse('2026-03-10T08:00:00Z');
/** About 11 m of latitude. */
const NEAR = 0.0001;

const ship = (id: string, lon: number, lat: number, t = T0): OsmObject => ({
  id,
  osm_id: id,
  type: 'node',
  tags: { kind: 'ship', name: id },
  geom: { type: 'Point', coordinates: [lon, lat] },
  source_id: 'src-1',
  observed_at: new Date(t).toISOString(),
  created_at: new Date(T0).toISOString(),
  updated_at: new Date(T0).toISOString(),
});

const rule = (id: string, trigger: StoredRule['trigger']): StoredRule => ({
  id,
  name: id,
  filter: 'kind=ship',
  trigger,
  rearmSeconds: 0,
  enabled: true,
  createdAt: T0,
  updatedAt: T0,
});

function open(rules: StoredRule[]) {
  const errors: string[] = [];
  const evaluator = createEvaluator({ staleAfter: sameStaleAfter(3600), log: { error: (m) => errors.push(m) } });
  const ask = (r: EvaluatorRequest): EvaluatorReply => evaluator.handle(r)!;
  const loaded = ask({ type: 'load', id: 1, now: T0, fences: [], rules: rules.map((r) => ({ rule: r, rows: [] })) });
  ask({ type: 'end', id: 2 });
  /** Evaluates changes (objects, or ids of deleted ones); answers the alerts' object ids. */
  const step = (changes: (OsmObject | string)[]) => {
    const times = Float64Array.from(changes, (c) => (typeof c === 'string' ? 0 : Date.parse(c.observed_at)));
    const reply = ask({ type: 'evaluate', id: 3, now: T0, parts: [{ changes: encodeChanges(changes), times }] });
    if (reply.type !== 'effects') throw new Error(`unexpected reply ${reply.type}`);
    return reply.effects?.alerts.map((a) => a.objectIds) ?? [];
  };
  return { evaluator, ask, loaded, step, errors };
}

describe('createEvaluator', () => {
  it('answers a load with the seeds its rules need, and seeds them without alerts', () => {
    const { ask, loaded, step } = open([
      rule('near', { type: 'proximity', distance_m: 100 }),
      rule('also-near', { type: 'proximity', distance_m: 50 }),
    ]);
    expect(loaded).toMatchObject({ type: 'seeds', rules: 2, geofences: 0 });
    // Two rules with the same filter read the objects once.
    expect(loaded.type === 'seeds' && loaded.seeds).toEqual([{ filter: 'kind=ship', ruleIds: ['near', 'also-near'] }]);

    ask({
      type: 'reload',
      id: 4,
      now: T0,
      fences: [],
      rules: [rule('near', { type: 'proximity', distance_m: 100 })],
      restartRules: ['near'],
      restartFences: [],
    });
    ask({
      type: 'seed',
      ruleIds: ['near'],
      objects: encodeChanges([ship('a', 7.4, 43.7), ship('b', 7.4, 43.7 + NEAR)]),
    });
    const ended = ask({ type: 'end', id: 5 });
    expect(ended).toEqual({ type: 'effects', id: 5, effects: expect.objectContaining({ alerts: [] }) });
    // The pair seeded as close does not fire when it reports again.
    expect(step([ship('a', 7.4, 43.7, T0 + 1000)])).toEqual([]);
  });

  it('does not take a new object for a deleted one whose key it reuses', () => {
    const { step } = open([rule('near', { type: 'proximity', distance_m: 20 })]);
    /** 11.3 m east (+1) or west (-1) of 'b'. */
    const beside = (side: number) => 7.4 + side * 0.00014;
    expect(step([ship('a', 7.4, 43.7), ship('b', 7.4, 43.7 + NEAR)])).toEqual([['b', 'a']]);
    expect(step(['a'])).toEqual([]);
    // 'c' gets the key 'a' had: far from 'b' it is not close, then it comes close and fires as itself.
    expect(step([ship('c', 7.5, 43.8)])).toEqual([]);
    expect(step([ship('c', beside(-1), 43.7 + NEAR, T0 + 1000)])).toEqual([['c', 'b']]);
    // 'a' again, 22.6 m from 'c': a pair with 'b' only.
    expect(step([ship('a', beside(1), 43.7 + NEAR, T0 + 2000)])).toEqual([['a', 'b']]);
  });

  it('answers a tick with no effects when nothing is due', () => {
    const { ask } = open([rule('silent', { type: 'lost_contact', seconds: 60 })]);
    expect(ask({ type: 'tick', id: 9, now: T0 + 120_000 })).toEqual({ type: 'effects', id: 9, effects: null });
  });
});

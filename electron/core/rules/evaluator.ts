/**
 * The rule engine's evaluation core (issue 15): owns the rules' evaluators, the geofence index and
 * which fence rules each object is inside of, and turns committed changes, seed objects and ticks
 * into steps of effects (alerts without ids, state set/cleared). Synchronous and without store
 * access, so the same code runs on the rules worker (rules-worker.ts) or in-process; the engine
 * (engine.ts) does the reading and writing (evaluator-protocol.ts has the messages).
 */
import type { OsmObject } from '../../contract/domain.js';
import type { Logger } from '../../contract/logger.js';
import type { StaleThresholds } from '../../contract/staleness.js';
import type { StoredRule } from '../../../db/rules-store.js';
import { decodeChanges, type ChangeColumns } from './change-columns.js';
import { createRuleRuntime } from './create-rule-runtime.js';
import type { EvaluatorReply, EvaluatorRequest, FenceDef, SeedRequest } from './evaluator-protocol.js';
import { createFenceIndex, type FenceIndex } from './fence-index.js';
import { representativePoint } from './geo.js';
import type { ObjectView, RuleRuntime, RuntimeContext } from './rule-runtime.js';
import { createRuleStep, type RuleStep } from './rule-step.js';

/** What the evaluator keeps about an object some rule holds (see `known`). */
interface Known {
  /** ObjectView.key, or -1 until a rule asked for one. */
  key: number;
  inside: Set<RuleRuntime> | undefined;
}

export interface EvaluatorOptions {
  /** The stale thresholds per kind to start with (a `staleAfter` request replaces them). */
  staleAfter: StaleThresholds;
  log: Pick<Logger, 'error'>;
}

/** Answers one request (see EvaluatorRequest); `seed` has no answer. */
export interface Evaluator {
  handle(request: EvaluatorRequest): EvaluatorReply | undefined;
}

/** Builds an empty evaluator; a `load` request gives it rules. */
export function createEvaluator(options: EvaluatorOptions): Evaluator {
  const { log } = options;
  const runtimes = new Map<string, RuleRuntime>();
  const fenceNames = new Map<string, string>();
  /** Rules evaluated on every change, and geofence rules by fence (rebuilt when the rules change). */
  let always: RuleRuntime[] = [];
  const byFence = new Map<string, RuleRuntime[]>();
  /**
   * Objects some rule keeps: their key (ObjectView.key) and the geofence rules they are inside of
   * (stale ones, of a restarted rule, are dropped lazily). One lookup per change serves every rule.
   */
  const known = new Map<string, Known>();
  const freeKeys: number[] = [];
  let nextKey = 0;
  let fences: FenceIndex = createFenceIndex([]);
  let now = 0;
  let staleAfter = options.staleAfter;
  /** The open seeding step, and the rules it started afresh (ticked when it ends). */
  let seeding: RuleStep | undefined;
  let restarted: RuleRuntime[] = [];
  const hits = new Set<string>();
  const view: ObjectView = { id: '', object: undefined as never, lon: 0, lat: 0, t: 0, key: -1 };

  function entry(objectId: string): Known {
    let e = known.get(objectId);
    if (!e) known.set(objectId, (e = { key: -1, inside: undefined }));
    return e;
  }
  const ctx: RuntimeContext = {
    staleAfter: () => staleAfter,
    now: () => now,
    fences: () => fences,
    fenceName: (id) => fenceNames.get(id) ?? id,
    noteInside(objectId, runtime, isInside) {
      if (isInside) {
        const e = entry(objectId);
        (e.inside ??= new Set()).add(runtime);
      } else {
        const e = known.get(objectId);
        if (e?.inside?.delete(runtime) && e.inside.size === 0) forgetInside(objectId, e);
      }
    },
    keyOf(v) {
      if (v.key < 0) {
        const e = entry(v.id);
        if (e.key < 0) e.key = freeKeys.pop() ?? nextKey++;
        v.key = e.key;
      }
      return v.key;
    },
  };

  /** Rebuilds the dispatch lists after runtimes were added or removed. */
  function reindex(): void {
    always = [];
    byFence.clear();
    for (const rt of runtimes.values()) {
      if (rt.fenceId === undefined) {
        always.push(rt);
        continue;
      }
      const list = byFence.get(rt.fenceId);
      if (list) list.push(rt);
      else byFence.set(rt.fenceId, [rt]);
    }
  }

  /** The current geofence rules the object is inside of (stale ones pruned), or undefined. */
  function insideRules(objectId: string, e: Known | undefined): Set<RuleRuntime> | undefined {
    const set = e?.inside;
    if (!set) return undefined;
    for (const rt of set) if (runtimes.get(rt.rule.id) !== rt) set.delete(rt);
    if (set.size > 0) return set;
    forgetInside(objectId, e);
    return undefined;
  }

  /** The object is inside no fence rule now; without a key nothing else keeps it. */
  function forgetInside(objectId: string, e: Known): void {
    e.inside = undefined;
    if (e.key < 0) known.delete(objectId);
  }

  /** Feeds an object's new state to every rule concerned, or only to `only` (seeding). */
  function feed(object: OsmObject, t: number, step: RuleStep, only?: readonly RuleRuntime[]): void {
    const g = object.geom;
    // Points (nearly every moving object) are read in place; other shapes by their box's centre.
    const at = g.type === 'Point' ? g.coordinates : representativePoint(g);
    if (!at) {
      if (only) for (const rt of only) rt.remove(object.id, step);
      else removeEverywhere(object.id, step);
      return;
    }
    const e = known.get(object.id);
    view.id = object.id;
    view.object = object;
    view.lon = at[0]!;
    view.lat = at[1]!;
    view.t = t;
    view.key = e?.key ?? -1;
    hits.clear();
    fences.collect(view.lon, view.lat, hits);
    if (only) {
      for (const rt of only) rt.update(view, hits, step);
      return;
    }
    for (const rt of always) rt.update(view, hits, step);
    for (const fenceId of hits) {
      const list = byFence.get(fenceId);
      if (list) for (const rt of list) rt.update(view, hits, step);
    }
    // Rules of fences the object was inside of and is not now: it leaves them.
    const inside = insideRules(view.id, e);
    if (inside) for (const rt of inside) if (!hits.has(rt.fenceId!)) rt.update(view, hits, step);
  }

  /** The object is gone (or has no position): every rule forgets it, and so does the evaluator. */
  function removeEverywhere(objectId: string, step: RuleStep): void {
    for (const rt of always) rt.remove(objectId, step);
    const e = known.get(objectId);
    const inside = insideRules(objectId, e);
    if (inside) for (const rt of [...inside]) rt.remove(objectId, step);
    if (!e) return;
    known.delete(objectId);
    if (e.key >= 0) freeKeys.push(e.key);
  }

  function build(rule: StoredRule): RuleRuntime | undefined {
    try {
      return createRuleRuntime(rule, ctx);
    } catch (err) {
      log.error('A rule cannot be evaluated and is skipped.', { rule: rule.id, error: String(err) });
      return undefined;
    }
  }

  function useFences(list: FenceDef[]): void {
    fences = createFenceIndex(list);
    fenceNames.clear();
    for (const f of list) fenceNames.set(f.id, f.name);
  }

  /** Whether a rule must start afresh rather than keep its evaluator. */
  function isFresh(rule: StoredRule, restartRules: Set<string>, restartFences: Set<string>): boolean {
    const rt = runtimes.get(rule.id);
    const fence = rule.trigger.geofence_id;
    // A re-enabled rule has no evaluator: it starts afresh too, as its saved state is out of date.
    return (
      !rt ||
      restartRules.has(rule.id) ||
      (fence !== undefined && restartFences.has(fence)) ||
      rt.rule.filter !== rule.filter ||
      JSON.stringify(rt.rule.trigger) !== JSON.stringify(rule.trigger)
    );
  }

  /** Groups the seed reads by filter text, so rules sharing a filter read the objects once. */
  function seedsOf(wanted: [ruleId: string, filter: string][]): SeedRequest[] {
    const byFilter = new Map<string, string[]>();
    for (const [ruleId, filter] of wanted) {
      const ids = byFilter.get(filter);
      if (ids) {
        if (!ids.includes(ruleId)) ids.push(ruleId);
      } else byFilter.set(filter, [ruleId]);
    }
    return [...byFilter].map(([filter, ruleIds]) => ({ filter, ruleIds }));
  }

  function opened(id: number, wanted: [string, string][], restartedIds: string[]): EvaluatorReply {
    reindex();
    seeding = createRuleStep(now, true);
    return {
      type: 'seeds',
      id,
      seeds: seedsOf(wanted),
      restarted: restartedIds,
      rules: runtimes.size,
      geofences: fences.size,
    };
  }

  function load(request: Extract<EvaluatorRequest, { type: 'load' }>): EvaluatorReply {
    useFences(request.fences);
    runtimes.clear();
    known.clear();
    freeKeys.length = 0;
    nextKey = 0;
    restarted = [];
    const wanted: [string, string][] = [];
    for (const { rule, rows } of request.rules) {
      const rt = build(rule);
      if (!rt) continue;
      rt.load(rows);
      runtimes.set(rule.id, rt);
      for (const filter of rt.startFilters) wanted.push([rule.id, filter]);
    }
    return opened(request.id, wanted, []);
  }

  function reload(request: Extract<EvaluatorRequest, { type: 'reload' }>): EvaluatorReply {
    useFences(request.fences);
    const restartRules = new Set(request.restartRules);
    const restartFences = new Set(request.restartFences);
    const enabled = new Set<string>();
    const wanted: [string, string][] = [];
    const restartedIds: string[] = [];
    restarted = [];
    for (const rule of request.rules) {
      enabled.add(rule.id);
      const rt = runtimes.get(rule.id);
      if (rt && !isFresh(rule, restartRules, restartFences)) {
        Object.assign(rt.rule, { name: rule.name, rearmSeconds: rule.rearmSeconds, updatedAt: rule.updatedAt });
        continue;
      }
      // Started afresh: seeded from the objects as they are now (state, no alert), then ticked.
      restartedIds.push(rule.id);
      runtimes.delete(rule.id);
      const fresh = build(rule);
      if (!fresh) continue;
      runtimes.set(rule.id, fresh);
      restarted.push(fresh);
      wanted.push([rule.id, rule.filter]);
      const other = rule.trigger.type === 'proximity' ? rule.trigger.other_filter : undefined;
      if (other !== undefined) wanted.push([rule.id, other]);
    }
    for (const id of [...runtimes.keys()]) if (!enabled.has(id)) runtimes.delete(id);
    return opened(request.id, wanted, restartedIds);
  }

  function seed(ruleIds: string[], columns: ChangeColumns): void {
    if (!seeding) return;
    const only = ruleIds.flatMap((id) => runtimes.get(id) ?? []);
    if (only.length === 0) return;
    for (const o of decodeChanges(columns)) {
      if (typeof o === 'string') continue;
      try {
        feed(o, Date.parse(o.observed_at), seeding, only);
      } catch (err) {
        failed(err);
      }
    }
  }

  /** One bad evaluation (a bug) is logged and must not cost the step's other alerts. */
  function failed(err: unknown): void {
    log.error('A committed change could not be evaluated by the rules.', { error: String(err) });
  }

  function effectsOf(id: number, step: RuleStep): EvaluatorReply {
    return { type: 'effects', id, effects: step.isEmpty() ? null : step.toEffects() };
  }

  function evaluate(request: Extract<EvaluatorRequest, { type: 'evaluate' }>): EvaluatorReply {
    const step = createRuleStep(now);
    if (runtimes.size > 0) {
      for (const part of request.parts) {
        const changes = decodeChanges(part.changes);
        const { times } = part;
        for (let i = 0; i < changes.length; i++) {
          const c = changes[i]!;
          try {
            if (typeof c === 'string') removeEverywhere(c, step);
            else feed(c, times[i]!, step);
          } catch (err) {
            failed(err);
          }
        }
      }
    }
    return effectsOf(request.id, step);
  }

  return {
    handle(request) {
      if ('now' in request) now = request.now;
      switch (request.type) {
        case 'load':
          return load(request);
        case 'reload':
          return reload(request);
        case 'seed':
          seed(request.ruleIds, request.objects);
          return undefined;
        case 'staleAfter':
          staleAfter = request.staleAfter;
          return undefined;
        case 'end': {
          const step = seeding ?? createRuleStep(now, true);
          for (const rt of restarted) rt.tick(step);
          seeding = undefined;
          restarted = [];
          return effectsOf(request.id, step);
        }
        case 'evaluate':
          return evaluate(request);
        case 'tick': {
          const step = createRuleStep(now);
          for (const rt of runtimes.values()) rt.tick(step);
          return effectsOf(request.id, step);
        }
      }
    },
  };
}

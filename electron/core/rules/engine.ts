/**
 * The rule engine (issue 15): a consumer of committed ingest batches. The ingest listener only
 * queues; evaluation runs on a later turn, in steps (at most one every STEP_MS under load), each
 * written as ONE `commitRuleEffects` (alerts + state), and alerts are announced only after that write.
 */
import type { Alert } from '../../contract/methods/rules.js';
import type { IngestOpResult } from '../../../db/store.js';
import type { RuleStateRow, StoredGeofence, StoredRule } from '../../../db/rules-store.js';
import { createListenerSet } from '../ingest/listener-set.js';
import { createRuleRuntime } from './create-rule-runtime.js';
import { createFenceIndex, type FenceIndex } from './fence-index.js';
import { representativePoint } from './geo.js';
import type { ObjectView, RuleRuntime, RuntimeContext } from './rule-runtime.js';
import { toAlert } from './rule-rows.js';
import { createRuleStep, type RuleStep } from './rule-step.js';
import type { RuleEngine, RuleEngineOptions, RuleEngineStats } from './types.js';

export type { RuleEngine, RuleEngineOptions } from './types.js';

/** Steps start at most this often while batches keep arriving (ms of real time). */
const STEP_MS = 20;
/** Objects read per page when seeding rules from the store. */
const SEED_PAGE = 2000;

/** Builds the engine; `start()` loads rules and state and begins listening. */
export function createRuleEngine(options: RuleEngineOptions): RuleEngine {
  const { store, ingest, log, staleAfterMs } = options;
  const now = options.now ?? Date.now;
  const tickMs = options.tickMs ?? 1000;
  const listeners = createListenerSet<[alert: Alert]>(log, 'rule-alert');
  const runtimes = new Map<string, RuleRuntime>();
  const fenceNames = new Map<string, string>();
  /** Rules evaluated on every change, and geofence rules by fence (rebuilt when the rules change). */
  let always: RuleRuntime[] = [];
  const byFence = new Map<string, RuleRuntime[]>();
  /** The geofence rules each object is inside of; stale entries (a rule restarted) are dropped lazily. */
  const insideOf = new Map<string, Set<RuleRuntime>>();
  let fences: FenceIndex = createFenceIndex([]);
  const ctx: RuntimeContext = {
    staleAfterMs,
    now,
    fences: () => fences,
    fenceName: (id) => fenceNames.get(id) ?? id,
    noteInside(objectId, runtime, isInside) {
      const set = insideOf.get(objectId);
      if (isInside) {
        if (set) set.add(runtime);
        else insideOf.set(objectId, new Set([runtime]));
      } else if (set?.delete(runtime) && set.size === 0) {
        insideOf.delete(objectId);
      }
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
  function insideRules(objectId: string): Set<RuleRuntime> | undefined {
    const set = insideOf.get(objectId);
    if (!set) return undefined;
    for (const rt of set) if (runtimes.get(rt.rule.id) !== rt) set.delete(rt);
    if (set.size > 0) return set;
    insideOf.delete(objectId);
    return undefined;
  }

  let queue: IngestOpResult[][] = [];
  let queued = 0;
  let evaluated = 0;
  let alerts = 0;
  let stopListening: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stepTimer: NodeJS.Timeout | undefined;
  let stepScheduled = false;
  let lastStepAt = 0;
  let closed = false;
  // Steps, ticks and reloads run one at a time, in order, on this chain.
  let lane: Promise<void> = Promise.resolve();
  const hits = new Set<string>();
  const view: ObjectView = { id: '', object: undefined as never, lon: 0, lat: 0, t: 0 };

  function serial(task: () => Promise<void>): Promise<void> {
    const run = lane.then(task);
    lane = run.catch((err: unknown) => log.error('A rule engine step failed.', { error: String(err) }));
    return run;
  }

  function scheduleStep(): void {
    if (stepScheduled || closed) return;
    stepScheduled = true;
    const wait = lastStepAt + STEP_MS - performance.now();
    const go = () => {
      stepTimer = undefined;
      void serial(runStep);
    };
    if (wait > 0) stepTimer = setTimeout(go, wait);
    else setImmediate(go);
  }

  /** Loads every committed result queued so far into one step, then writes it. */
  async function runStep(): Promise<void> {
    stepScheduled = false;
    lastStepAt = performance.now();
    const batches = queue;
    queue = [];
    queued = 0;
    const step = createRuleStep(now());
    for (const results of batches) {
      for (const r of results) {
        try {
          evaluate(r, step);
        } catch (err) {
          // One bad evaluation (a bug) must not cost the step's other alerts.
          log.error('A committed change could not be evaluated by the rules.', { error: String(err) });
        }
      }
    }
    await commit(step);
  }

  function evaluate(r: IngestOpResult, step: RuleStep): void {
    if (r.status === 'deleted') {
      evaluated++;
      removeEverywhere(r.objectId, step);
      return;
    }
    // A history-only observation answers `updated` with the stored (current) object, which every
    // evaluator treats as unchanged; duplicates, misses and rejections change nothing.
    if (r.status !== 'created' && r.status !== 'updated') return;
    evaluated++;
    feed(r.object, r.observedMs, step);
  }

  function feed(object: ObjectView['object'], t: number, step: RuleStep, only?: RuleRuntime): void {
    if (!only && runtimes.size === 0) return;
    const g = object.geom;
    // Points (nearly every moving object) are read in place; other shapes by their box's centre.
    const at = g.type === 'Point' ? g.coordinates : representativePoint(g);
    if (!at) {
      if (only) only.remove(object.id, step);
      else removeEverywhere(object.id, step);
      return;
    }
    view.id = object.id;
    view.object = object;
    view.lon = at[0]!;
    view.lat = at[1]!;
    view.t = t;
    hits.clear();
    fences.collect(view.lon, view.lat, hits);
    if (only) return only.update(view, hits, step);
    for (const rt of always) rt.update(view, hits, step);
    for (const fenceId of hits) {
      const list = byFence.get(fenceId);
      if (list) for (const rt of list) rt.update(view, hits, step);
    }
    // Rules of fences the object was inside of and is not now: it leaves them.
    const inside = insideRules(view.id);
    if (inside) for (const rt of inside) if (!hits.has(rt.fenceId!)) rt.update(view, hits, step);
  }

  function removeEverywhere(objectId: string, step: RuleStep): void {
    for (const rt of always) rt.remove(objectId, step);
    const inside = insideRules(objectId);
    if (inside) for (const rt of [...inside]) rt.remove(objectId, step);
  }

  async function commit(step: RuleStep): Promise<void> {
    if (step.isEmpty()) return;
    const stored = await store.rules.commitRuleEffects(step.toEffects());
    alerts += stored.length;
    for (const a of stored) listeners.emit(toAlert(a));
  }

  /** Reads the objects a filter selects now and feeds them to one rule's evaluator. */
  async function feedFrom(rt: RuleRuntime, filter: string, step: RuleStep): Promise<void> {
    const pages = store.iterateObjects({ filter: { text: filter }, context: { now: now(), staleAfterMs } }, SEED_PAGE);
    for await (const page of pages) for (const o of page) feed(o, Date.parse(o.observed_at), step, rt);
  }

  function build(rule: StoredRule): RuleRuntime | undefined {
    try {
      return createRuleRuntime(rule, ctx);
    } catch (err) {
      log.error('A rule cannot be evaluated and is skipped.', { rule: rule.id, error: String(err) });
      return undefined;
    }
  }

  function useFences(list: StoredGeofence[]): void {
    fences = createFenceIndex(list);
    fenceNames.clear();
    for (const f of list) fenceNames.set(f.id, f.name);
  }

  /** Brings a rule back from its saved state plus the objects its evaluator needs (no alert). */
  async function resume(rule: StoredRule, rows: readonly RuleStateRow[], step: RuleStep): Promise<void> {
    const rt = build(rule);
    if (!rt) return;
    rt.load(rows);
    for (const filter of rt.startFilters) await feedFrom(rt, filter, step);
    runtimes.set(rule.id, rt);
  }

  /** Starts a rule afresh: state cleared, then seeded from the objects as they are now (no alert). */
  async function restart(rule: StoredRule): Promise<void> {
    runtimes.delete(rule.id);
    await store.rules.clearRuleState(rule.id);
    const rt = build(rule);
    if (!rt) return;
    const step = createRuleStep(now(), true);
    await feedFrom(rt, rule.filter, step);
    if (rule.trigger.type === 'proximity' && rule.trigger.other_filter !== undefined) {
      await feedFrom(rt, rule.trigger.other_filter, step);
    }
    rt.tick(step);
    await commit(step);
    runtimes.set(rule.id, rt);
  }

  async function load(): Promise<void> {
    const [geofences, rules, rows] = await Promise.all([
      store.rules.listGeofences(),
      store.rules.listRules(),
      store.rules.loadRuleState(),
    ]);
    useFences(geofences);
    const byRule = new Map<string, RuleStateRow[]>();
    for (const row of rows) {
      const list = byRule.get(row.ruleId);
      if (list) list.push(row);
      else byRule.set(row.ruleId, [row]);
    }
    const step = createRuleStep(now(), true);
    for (const rule of rules) if (rule.enabled) await resume(rule, byRule.get(rule.id) ?? [], step);
    reindex();
    await commit(step);
  }

  async function reloadNow(restartIds: Set<string>, restartFences: Set<string>): Promise<void> {
    const [geofences, rules] = await Promise.all([store.rules.listGeofences(), store.rules.listRules()]);
    useFences(geofences);
    const enabled = new Set<string>();
    for (const rule of rules) {
      if (!rule.enabled) continue;
      enabled.add(rule.id);
      const rt = runtimes.get(rule.id);
      const fence = rule.trigger.geofence_id;
      const fresh =
        !rt ||
        restartIds.has(rule.id) ||
        (fence !== undefined && restartFences.has(fence)) ||
        rt.rule.filter !== rule.filter ||
        JSON.stringify(rt.rule.trigger) !== JSON.stringify(rule.trigger);
      // A re-enabled rule has no evaluator: it starts afresh too, as its saved state is out of date.
      if (fresh) await restart(rule);
      else Object.assign(rt.rule, { name: rule.name, rearmSeconds: rule.rearmSeconds, updatedAt: rule.updatedAt });
    }
    for (const id of [...runtimes.keys()]) if (!enabled.has(id)) runtimes.delete(id);
    reindex();
  }

  async function tickNow(): Promise<void> {
    const step = createRuleStep(now());
    for (const rt of runtimes.values()) rt.tick(step);
    await commit(step);
  }

  return {
    async start() {
      // Listen first, so nothing committed while loading is missed; steps wait for the load on the lane.
      stopListening = ingest.onCommitted(({ results }) => {
        if (closed) return;
        queue.push(results);
        queued += results.length;
        scheduleStep();
      });
      await serial(load);
      if (tickMs > 0) {
        let ticking = false;
        // A slow tick is not stacked up behind itself: the next one starts after it ended.
        timer = setInterval(() => {
          if (ticking) return;
          ticking = true;
          serial(tickNow)
            .catch(() => undefined)
            .finally(() => (ticking = false));
        }, tickMs);
        timer.unref();
      }
    },
    reload(restart = {}) {
      return serial(() => reloadNow(new Set(restart.ruleIds), new Set(restart.geofenceIds)));
    },
    onAlert: (listener) => listeners.add(listener),
    tick: () => serial(tickNow),
    async idle() {
      while (queue.length > 0 || stepScheduled) {
        if (!stepScheduled) scheduleStep();
        await new Promise((resolve) => setImmediate(resolve));
        await lane;
      }
      await lane;
    },
    stats(): RuleEngineStats {
      return { rules: runtimes.size, geofences: fences.size, queued, evaluated, alerts };
    },
    async close() {
      if (closed) return;
      stopListening?.();
      if (timer) clearInterval(timer);
      if (stepTimer) clearTimeout(stepTimer);
      stepScheduled = false;
      // What was committed before close is still evaluated and written.
      if (queue.length > 0) await serial(runStep);
      closed = true;
      await lane;
    },
  };
}

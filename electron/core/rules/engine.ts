/**
 * The rule engine (issue 15): a consumer of committed ingest batches. The ingest listener only
 * queues; evaluation runs on a later turn, in steps (at most one every STEP_MS under load), on the
 * evaluation core (evaluator.ts; on the rules worker thread unless `thread: 'main'`). This module
 * does every read and write: rules, geofences, saved state and seed objects go to the evaluator;
 * each step's effects come back and are written as ONE `commitRuleEffects` (alerts + state), and
 * alerts are announced only after that write. Steps, ticks and reloads run one at a time, in order.
 */
import type { Alert } from '../../contract/methods/rules.js';
import type { OsmObject } from '../../contract/domain.js';
import type { IngestOpResult } from '../../../db/store.js';
import type { RuleEffects, RuleStateRow } from '../../../db/rules-store.js';
import { createListenerSet } from '../ingest/listener-set.js';
import { encodeChanges } from './change-columns.js';
import { createEvaluatorClient } from './evaluator-client.js';
import type { EvaluatePart, SeedRequest } from './evaluator-protocol.js';
import { toAlert } from './rule-rows.js';
import type { RuleEngine, RuleEngineOptions, RuleEngineStats } from './types.js';

export type { RuleEngine, RuleEngineOptions } from './types.js';

/** Steps start at most this often while batches keep arriving (ms of real time). */
const STEP_MS = 20;
/**
 * A step takes at most about this many committed changes (whole batches); the rest wait for the next
 * step. When the rules trail a burst, the hub's thread then encodes and hands over a bounded piece at
 * a time instead of the whole backlog at once.
 */
const MAX_STEP_CHANGES = 10_000;
/** Objects read per page when seeding rules from the store. */
const SEED_PAGE = 2000;
/** A crashed worker is re-seeded after this long, doubled per crash in a row (up to MAX_RESEED_MS). */
const RESEED_MS = 100;
const MAX_RESEED_MS = 60_000;

/** Builds the engine; `start()` loads rules and state and begins listening. */
export function createRuleEngine(options: RuleEngineOptions): RuleEngine {
  const { store, ingest, log, staleAfter } = options;
  const now = options.now ?? Date.now;
  const tickMs = options.tickMs ?? 1000;
  const listeners = createListenerSet<[alert: Alert]>(log, 'rule-alert');
  const evaluator = createEvaluatorClient({
    thread: options.thread ?? 'worker',
    staleAfter,
    log,
    ...(options.workerEntry ? { entry: options.workerEntry } : {}),
    onExit: reseedLater,
  });

  /** Committed batches not yet evaluated, encoded when they commit (a backlog holds columns, not objects). */
  let queue: EvaluatePart[] = [];
  let queued = 0;
  /** False until the rules were first loaded: what commits meanwhile waits for them. */
  let loaded = false;
  let evaluated = 0;
  let alerts = 0;
  /** Rules and geofences the evaluator holds: while no rule runs, nothing is sent to it. */
  let ruleCount = 0;
  let fenceCount = 0;
  let crashes = 0;
  let stopListening: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stepTimer: NodeJS.Timeout | undefined;
  let reseedTimer: NodeJS.Timeout | undefined;
  let stepScheduled = false;
  let lastStepAt = 0;
  let closed = false;
  let lane: Promise<void> = Promise.resolve();

  function serial(task: () => Promise<void>): Promise<void> {
    const run = lane.then(task);
    lane = run.catch((err: unknown) => log.error('A rule engine step failed.', { error: String(err) }));
    return run;
  }

  /** The worker died: its rules are loaded again from the store (state included), after a pause. */
  function reseedLater(reason: string): void {
    const wait = Math.min(MAX_RESEED_MS, RESEED_MS * 2 ** crashes++);
    log.error('The rules worker stopped; its rules are loaded again from the store.', { reason, inMs: wait });
    ruleCount = 0;
    if (closed) return;
    clearTimeout(reseedTimer);
    reseedTimer = setTimeout(() => void serial(reseed), wait);
    reseedTimer.unref();
  }

  /** Loads the rules into the new worker, unless that was done already (a reload came first). */
  async function reseed(): Promise<void> {
    if (!reseedTimer) return;
    clearTimeout(reseedTimer);
    reseedTimer = undefined;
    await load();
    crashes = 0;
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

  /** Sends the committed changes queued so far (up to MAX_STEP_CHANGES) as one step, then writes its effects. */
  async function runStep(): Promise<void> {
    stepScheduled = false;
    lastStepAt = performance.now();
    let take = 0;
    let taken = 0;
    while (take < queue.length && taken < MAX_STEP_CHANGES) taken += queue[take++]!.times.length;
    const parts = take === queue.length ? queue : queue.slice(0, take);
    queue = take === queue.length ? [] : queue.slice(take);
    queued -= taken;
    // The rest of a backlog follows in the next step.
    if (queue.length > 0) scheduleStep();
    // While no rule runs, nothing goes to the evaluator (the worker is not even started).
    if (ruleCount === 0 || parts.length === 0) return;
    evaluated += taken;
    const answer = await evaluator.ask({ type: 'evaluate', now: now(), parts });
    if (answer.type === 'effects') await commit(answer.effects);
  }

  /**
   * A committed batch's changes for the evaluator, encoded at once so the objects die young; undefined
   * when nothing in it changed. A history-only observation answers `updated` with the stored (current)
   * object, which every evaluator treats as unchanged; duplicates, misses and rejections change nothing.
   */
  function partOf(results: IngestOpResult[]): EvaluatePart | undefined {
    const changes: (OsmObject | string)[] = [];
    const times: number[] = [];
    for (const r of results) {
      if (r.status === 'deleted') {
        changes.push(r.objectId);
        times.push(0);
      } else if (r.status === 'created' || r.status === 'updated') {
        changes.push(r.object);
        times.push(r.observedMs);
      }
    }
    return changes.length === 0 ? undefined : { changes: encodeChanges(changes), times: Float64Array.from(times) };
  }

  async function commit(effects: RuleEffects | null): Promise<void> {
    if (!effects) return;
    const stored = await store.rules.commitRuleEffects(effects);
    alerts += stored.length;
    for (const a of stored) listeners.emit(toAlert(a));
  }

  /** Feeds the objects each seed filter selects now to its rules, then ends and writes the seeding step. */
  async function seedAndEnd(seeds: SeedRequest[]): Promise<void> {
    for (const { filter, ruleIds } of seeds) {
      const pages = store.iterateObjects(
        { filter: { text: filter }, context: { now: now(), staleAfter: staleAfter() } },
        SEED_PAGE,
      );
      for await (const objects of pages) evaluator.tell({ type: 'seed', ruleIds, objects: encodeChanges(objects) });
    }
    const answer = await evaluator.ask({ type: 'end' });
    if (answer.type === 'effects') await commit(answer.effects);
  }

  /** Every enabled rule resumes from its saved state plus the objects its evaluator needs (no alert). */
  async function load(): Promise<void> {
    const [geofences, rules, rows] = await Promise.all([
      store.rules.listGeofences(),
      store.rules.listRules(),
      store.rules.loadRuleState(),
    ]);
    const byRule = new Map<string, RuleStateRow[]>();
    for (const row of rows) {
      const list = byRule.get(row.ruleId);
      if (list) list.push(row);
      else byRule.set(row.ruleId, [row]);
    }
    const enabled = rules.filter((r) => r.enabled).map((rule) => ({ rule, rows: byRule.get(rule.id) ?? [] }));
    fenceCount = geofences.length;
    // Without a rule the worker is not even started: the first reload gives it everything.
    if (enabled.length === 0) {
      loaded = true;
      return;
    }
    const answer = await evaluator.ask({ type: 'load', now: now(), fences: geofences, rules: enabled });
    loaded = true;
    if (answer.type !== 'seeds') return;
    ruleCount = answer.rules;
    fenceCount = answer.geofences;
    await seedAndEnd(answer.seeds);
  }

  /** Rules or geofences changed: restarted rules have their state cleared and are seeded afresh. */
  async function reloadNow(restart: { ruleIds?: string[]; geofenceIds?: string[] }): Promise<void> {
    const [geofences, rules] = await Promise.all([store.rules.listGeofences(), store.rules.listRules()]);
    const answer = await evaluator.ask({
      type: 'reload',
      now: now(),
      fences: geofences,
      rules: rules.filter((r) => r.enabled),
      restartRules: restart.ruleIds ?? [],
      restartFences: restart.geofenceIds ?? [],
    });
    if (answer.type !== 'seeds') return;
    ruleCount = answer.rules;
    fenceCount = answer.geofences;
    for (const id of answer.restarted) await store.rules.clearRuleState(id);
    await seedAndEnd(answer.seeds);
  }

  async function tickNow(): Promise<void> {
    if (ruleCount === 0) return;
    const answer = await evaluator.ask({ type: 'tick', now: now() });
    if (answer.type === 'effects') await commit(answer.effects);
  }

  return {
    async start() {
      // Listen first, so nothing committed while loading is missed; steps wait for the load on the lane.
      stopListening = ingest.onCommitted(({ results, remote }) => {
        // A change another instance committed is evaluated there, so a team stores each alert once.
        // While no rule runs (once loaded), nothing is kept: a rule added later is seeded from the store.
        if (closed || remote || (loaded && ruleCount === 0)) return;
        const part = partOf(results);
        if (!part) return;
        queue.push(part);
        queued += part.times.length;
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
      // After a crash the rules resume from their saved state first; only the named ones restart.
      return serial(async () => {
        await reseed();
        await reloadNow(restart);
      });
    },
    staleThresholdsChanged: () => serial(async () => evaluator.tell({ type: 'staleAfter', staleAfter: staleAfter() })),
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
      return { rules: ruleCount, geofences: fenceCount, queued, evaluated, alerts };
    },
    async close() {
      if (closed) return;
      stopListening?.();
      if (timer) clearInterval(timer);
      if (stepTimer) clearTimeout(stepTimer);
      clearTimeout(reseedTimer);
      stepScheduled = false;
      // What was committed before close is still evaluated and written.
      while (queue.length > 0) await serial(runStep);
      if (stepTimer) clearTimeout(stepTimer);
      closed = true;
      await lane;
      await evaluator.close();
    },
  };
}

/**
 * Triggers on one object at a time: lost_contact (no update for N s, on the timer, from the objects'
 * observed_at; once per silence, re-armed by the next update) and the tag thresholds speed_above/
 * below and altitude_above/below (tags `speed` m/s and `altitude` m; they fire when the condition
 * starts to hold). Objects that stop matching the filter are forgotten without an alert.
 */
import type { RuleStateRow, StoredRule } from '../../../db/rules-store.js';
import { alertMessage, objectLabel } from './alert-message.js';
import { alertBase, ruleMatcher, type RuleRuntime, type RuntimeContext } from './rule-runtime.js';
import { createRearm } from './rule-step.js';

interface Watched {
  /** observed_at of the newest observation, ms. */
  t: number;
  /** Lost contact already fired for this silence (state row `{ f: t }`). */
  fired: boolean;
  /** The object's label as last seen (unknown after a restart until it reports): the object dies young. */
  label: string | undefined;
  lon: number;
  lat: number;
}

/** The evaluator of a lost_contact rule. */
export function createLostContactTrigger(rule: StoredRule, ctx: RuntimeContext): RuleRuntime {
  const silenceMs = (rule.trigger.seconds ?? 0) * 1000;
  const matcher = ruleMatcher(rule.filter, ctx);
  const rearm = createRearm(rule);
  const watched = new Map<string, Watched>();

  return {
    rule,
    startFilters: [rule.filter],
    load(rows: readonly RuleStateRow[]) {
      for (const row of rows) {
        if (rearm.load(row)) continue;
        const f = (row.state as { f?: unknown } | null)?.f;
        if (typeof f === 'number') watched.set(row.key, { t: f, fired: true, label: undefined, lon: 0, lat: 0 });
      }
    },
    update(v, _inFences, step) {
      const w = watched.get(v.id);
      if (!matcher.matches(v.object, step.now)) {
        if (w) this.remove(v.id, step);
        return;
      }
      if (!w) {
        watched.set(v.id, { t: v.t, fired: false, label: objectLabel(v.object), lon: v.lon, lat: v.lat });
        return;
      }
      // An observation no newer than the one known (history only) neither refreshes nor re-arms.
      if (v.t < w.t) return;
      w.label = objectLabel(v.object);
      w.lon = v.lon;
      w.lat = v.lat;
      if (v.t === w.t) return;
      w.t = v.t;
      if (w.fired) {
        w.fired = false;
        step.clearState(rule.id, v.id);
      }
    },
    remove(id, step) {
      const w = watched.get(id);
      if (!w) return;
      watched.delete(id);
      if (w.fired) step.clearState(rule.id, id);
      rearm.forget(id, step);
    },
    tick(step) {
      for (const [id, w] of watched) {
        if (w.fired || w.label === undefined || step.now - w.t < silenceMs) continue;
        w.fired = true;
        step.setState(rule.id, id, { f: w.t });
        const at = w.t + silenceMs;
        if (!rearm.take(id, at, step)) continue;
        const seconds = silenceMs / 1000;
        step.raise({
          ...alertBase(rule, [{ id }]),
          observedAt: at,
          position: [w.lon, w.lat],
          message: alertMessage({ kind: 'lost_contact', object: w.label, seconds, at }),
          details: { seconds, last_seen_ms: w.t },
        });
      }
    },
  };
}

/** The evaluator of a speed_above/below or altitude_above/below rule (state row `1` while it holds). */
export function createThresholdTrigger(rule: StoredRule, ctx: RuntimeContext): RuleRuntime {
  const kind = rule.trigger.type as 'speed_above' | 'speed_below' | 'altitude_above' | 'altitude_below';
  const tag = kind.startsWith('speed') ? 'speed' : 'altitude';
  const above = kind.endsWith('above');
  const limit = rule.trigger.value ?? 0;
  const matcher = ruleMatcher(rule.filter, ctx);
  const rearm = createRearm(rule);
  const holding = new Set<string>();

  return {
    rule,
    startFilters: [],
    load(rows: readonly RuleStateRow[]) {
      for (const row of rows) if (!rearm.load(row)) holding.add(row.key);
    },
    update(v, _inFences, step) {
      const value = v.object.tags[tag];
      const holds =
        typeof value === 'number' && (above ? value > limit : value < limit) && matcher.matches(v.object, step.now);
      if (holds === holding.has(v.id)) return;
      if (!holds) {
        holding.delete(v.id);
        step.clearState(rule.id, v.id);
        return;
      }
      holding.add(v.id);
      step.setState(rule.id, v.id, 1);
      if (!rearm.take(v.id, v.t, step)) return;
      step.raise({
        ...alertBase(rule, [v]),
        observedAt: v.t,
        position: [v.lon, v.lat],
        message: alertMessage({ kind, object: objectLabel(v.object), value, limit, at: v.t }),
        details: { value, [tag === 'speed' ? 'speed_limit' : 'altitude_limit']: limit },
      });
    },
    remove(id, step) {
      if (holding.delete(id)) step.clearState(rule.id, id);
      rearm.forget(id, step);
    },
    tick() {},
  };
}

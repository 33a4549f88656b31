/**
 * Geofence triggers: enter, exit, dwell (inside for N s) and count_above (more than N matching
 * objects inside). State per inside object `{ s: since, d?: 1 (dwell fired) }`, plus `#over` while
 * the count is above N.
 *
 * An inside object that stops matching the rule's filter leaves without an exit alert: its state is
 * dropped, as if it had never been inside (the rule no longer watches it). So does a deleted object.
 */
import type { RuleStateRow, StoredRule } from '../../../db/rules-store.js';
import { alertMessage, objectLabel } from './alert-message.js';
import { alertBase, ruleMatcher, type ObjectView, type RuleRuntime, type RuntimeContext } from './rule-runtime.js';
import { createRearm, type RuleStep } from './rule-step.js';

interface Inside {
  since: number;
  dwelt: boolean;
  /**
   * The object's label as last seen (unknown after a restart until it reports or is read at start);
   * only the label, so the decoded object dies young.
   */
  label: string | undefined;
  lon: number;
  lat: number;
}

const OVER_KEY = '#over';

/** The evaluator of an enter, exit, dwell or count_above rule. */
export function createFenceTrigger(rule: StoredRule, ctx: RuntimeContext): RuleRuntime {
  const { trigger } = rule;
  const type = trigger.type;
  const fenceId = trigger.geofence_id!;
  const dwellMs = (trigger.seconds ?? 0) * 1000;
  const limit = trigger.count ?? 0;
  const matcher = ruleMatcher(rule.filter, ctx);
  const rearm = createRearm(rule);
  const inside = new Map<string, Inside>();
  let over = false;

  function fire(
    step: RuleStep,
    id: string,
    subject: string,
    at: number,
    position: [number, number] | null,
    message: string,
    details: Record<string, number>,
  ): void {
    if (!rearm.take(subject, at, step)) return;
    step.raise({ ...alertBase(rule, [{ id }]), observedAt: at, position, message, details });
  }

  function dwell(id: string, e: Inside, at: number, step: RuleStep): void {
    e.dwelt = true;
    step.setState(rule.id, id, { s: e.since, d: 1 });
    const seconds = dwellMs / 1000;
    const message = alertMessage({ kind: 'dwell', object: e.label ?? id, fence: ctx.fenceName(fenceId), seconds, at });
    fire(step, id, id, at, e.label !== undefined ? [e.lon, e.lat] : null, message, { seconds });
  }

  function enter(v: ObjectView, step: RuleStep): void {
    // A rule seeded from objects already inside counts their time from now, so dwell does not fire at once.
    const since = step.seeding ? step.now : v.t;
    const object = objectLabel(v.object);
    const e: Inside = { since, dwelt: false, label: object, lon: v.lon, lat: v.lat };
    inside.set(v.id, e);
    ctx.noteInside(v.id, self, true);
    step.setState(rule.id, v.id, { s: since });
    const fence = ctx.fenceName(fenceId);
    if (type === 'enter') {
      fire(step, v.id, v.id, v.t, [v.lon, v.lat], alertMessage({ kind: 'enter', object, fence, at: v.t }), {});
    } else if (type === 'count_above' && !over && inside.size > limit) {
      over = true;
      step.setState(rule.id, OVER_KEY, 1);
      const count = inside.size;
      const message = alertMessage({ kind: 'count_above', object, fence, count, limit, at: v.t });
      fire(step, v.id, '#', v.t, [v.lon, v.lat], message, { count });
    } else if (type === 'dwell' && v.t - since >= dwellMs) {
      dwell(v.id, e, since + dwellMs, step);
    }
  }

  /** Forgets an inside object; `exit` raises the exit alert when the rule is an exit rule. */
  function leave(id: string, step: RuleStep, exit: ObjectView | undefined): void {
    inside.delete(id);
    ctx.noteInside(id, self, false);
    step.clearState(rule.id, id);
    if (exit && type === 'exit') {
      const object = objectLabel(exit.object);
      const message = alertMessage({ kind: 'exit', object, fence: ctx.fenceName(fenceId), at: exit.t });
      fire(step, id, id, exit.t, [exit.lon, exit.lat], message, {});
    }
    if (over && inside.size <= limit) {
      over = false;
      step.clearState(rule.id, OVER_KEY);
    }
  }

  const self: RuleRuntime = {
    rule,
    fenceId,
    startFilters: type === 'dwell' ? [rule.filter] : [],
    load(rows: readonly RuleStateRow[]) {
      for (const row of rows) {
        if (rearm.load(row)) continue;
        if (row.key === OVER_KEY) {
          over = true;
          continue;
        }
        const state = row.state as { s?: unknown; d?: unknown } | null;
        if (typeof state?.s !== 'number') continue;
        inside.set(row.key, { since: state.s, dwelt: state.d === 1, label: undefined, lon: 0, lat: 0 });
        ctx.noteInside(row.key, self, true);
      }
    },
    update(v, inFences, step) {
      const isIn = inFences.has(fenceId);
      const e = inside.get(v.id);
      if (!isIn && !e) return;
      if (!matcher.matches(v.object, step.now)) {
        if (e) leave(v.id, step, undefined);
        return;
      }
      if (!isIn) return leave(v.id, step, v);
      if (!e) return enter(v, step);
      e.label = objectLabel(v.object);
      e.lon = v.lon;
      e.lat = v.lat;
      if (type === 'dwell' && !e.dwelt && v.t - e.since >= dwellMs) dwell(v.id, e, e.since + dwellMs, step);
    },
    remove(id, step) {
      if (inside.has(id)) leave(id, step, undefined);
      rearm.forget(id, step);
    },
    tick(step) {
      if (type !== 'dwell') return;
      for (const [id, e] of inside) {
        if (!e.dwelt && step.now - e.since >= dwellMs) dwell(id, e, e.since + dwellMs, step);
      }
    },
  };
  return self;
}

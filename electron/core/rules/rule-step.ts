/**
 * One evaluation step of the rule engine: the alerts raised and the state rows set or cleared, kept
 * coalesced per (rule, key) so the step is ONE `commitRuleEffects` write. A seeding step (a rule
 * starting afresh) records state but raises nothing.
 */
import type { NewAlert, RuleEffects, RuleStateRow, StoredRule } from '../../../db/rules-store.js';

export interface RuleStep {
  /** The engine's clock when the step began (epoch ms). */
  readonly now: number;
  /** True while a rule is seeded from the objects as they are: state is recorded, nothing fires. */
  readonly seeding: boolean;
  setState(ruleId: string, key: string, state: unknown): void;
  clearState(ruleId: string, key: string): void;
  /** Queues an alert (ignored while seeding). Re-arm is the caller's (see createRearm). */
  raise(alert: Omit<NewAlert, 'raisedAt'>): void;
  readonly alertCount: number;
  /** True when nothing needs writing. */
  isEmpty(): boolean;
  toEffects(): RuleEffects;
}

/** Starts an empty step. */
export function createRuleStep(now: number, seeding = false): RuleStep {
  const alerts: NewAlert[] = [];
  // (ruleId, key) → the row to write, or a clear (state undefined); the last change of a key wins.
  const rows = new Map<string, RuleStateRow>();
  return {
    now,
    seeding,
    setState(ruleId, key, state) {
      rows.set(`${ruleId}\n${key}`, { ruleId, key, state });
    },
    clearState(ruleId, key) {
      rows.set(`${ruleId}\n${key}`, { ruleId, key, state: undefined });
    },
    raise(alert) {
      if (!seeding) alerts.push({ ...alert, raisedAt: now });
    },
    get alertCount() {
      return alerts.length;
    },
    isEmpty: () => alerts.length === 0 && rows.size === 0,
    toEffects() {
      const setState: RuleStateRow[] = [];
      const clearState: { ruleId: string; key: string }[] = [];
      for (const row of rows.values()) {
        if (row.state === undefined) clearState.push({ ruleId: row.ruleId, key: row.key });
        else setState.push(row);
      }
      return { alerts, setState, clearState };
    },
  };
}

/** The state key of a re-arm time, beside the keys the triggers use (object ids and `a|b` pairs). */
const REARM_PREFIX = '~';

/** "Last fired" per subject (an object id, a pair key, or `#` for the whole rule), for re-arm. */
export interface Rearm {
  /** True when the subject may fire at time `t` (and records that it did); false inside the re-arm time. */
  take(subject: string, t: number, step: RuleStep): boolean;
  /** Reads a saved state row; false when the row is not a re-arm row. */
  load(row: RuleStateRow): boolean;
  /** Forgets a subject that is gone (a deleted object), clearing its row. */
  forget(subject: string, step: RuleStep): void;
}

/**
 * Re-arm bookkeeping of one rule, reading `rule.rearmSeconds` at each firing (a renamed or re-timed
 * rule keeps its evaluator); with 0 seconds every firing is allowed and nothing is stored.
 */
export function createRearm(rule: Pick<StoredRule, 'id' | 'rearmSeconds'>): Rearm {
  const ruleId = rule.id;
  const last = new Map<string, number>();
  return {
    take(subject, t, step) {
      if (step.seeding) return false;
      const ms = rule.rearmSeconds * 1000;
      if (ms <= 0) return true;
      const before = last.get(subject);
      if (before !== undefined && t - before < ms) return false;
      last.set(subject, t);
      step.setState(ruleId, REARM_PREFIX + subject, t);
      return true;
    },
    load(row) {
      if (!row.key.startsWith(REARM_PREFIX)) return false;
      if (typeof row.state === 'number') last.set(row.key.slice(REARM_PREFIX.length), row.state);
      return true;
    },
    forget(subject, step) {
      if (last.delete(subject)) step.clearState(ruleId, REARM_PREFIX + subject);
    },
  };
}

/**
 * What every trigger's evaluator looks like to the engine (create-rule-runtime.ts picks one per rule).
 * An evaluator keeps one rule's in-memory state, updated per changed object, and writes what must
 * survive a restart through the step (rule-step.ts).
 */
import type { OsmObject } from '../../contract/domain.js';
import type { StaleThresholds } from '../../contract/staleness.js';
import type { RuleStateRow, StoredRule } from '../../../db/rules-store.js';
import { createLiveMatcher, type LiveMatcher } from '../live/live-filter.js';
import type { FenceIndex } from './fence-index.js';
import type { RuleStep } from './rule-step.js';

/** A committed object as the evaluators see it: its judged position and observed time (ms). */
export interface ObjectView {
  id: string;
  object: OsmObject;
  lon: number;
  lat: number;
  t: number;
  /**
   * A small integer naming the object while the evaluator knows it (reused after the object is
   * deleted), or -1 before a rule asked for one (RuntimeContext.keyOf): array slots instead of id lookups.
   */
  key: number;
}

/** One rule's evaluator. */
export interface RuleRuntime {
  readonly rule: StoredRule;
  /**
   * Set for geofence rules: the engine then calls `update` only for objects in that fence or noted
   * inside it (RuntimeContext.noteInside), not for every change.
   */
  readonly fenceId?: string;
  /** Filters (text syntax) whose current objects must be fed in at start, beyond the saved state. */
  readonly startFilters: readonly string[];
  /** Reads the rule's saved state rows (at start). */
  load(rows: readonly RuleStateRow[]): void;
  /** The object's new current state; `inFences` holds the ids of the geofences containing its position. */
  update(v: ObjectView, inFences: ReadonlySet<string>, step: RuleStep): void;
  /** The object was deleted (or has no position): its state is dropped without an alert. */
  remove(objectId: string, step: RuleStep): void;
  /** Time-based checks (dwell, lost contact) at `step.now`. */
  tick(step: RuleStep): void;
}

/** What evaluators need from the engine. */
export interface RuntimeContext {
  /** The stale thresholds per kind now. */
  staleAfter: () => StaleThresholds;
  now: () => number;
  fences: () => FenceIndex;
  /** The geofence's name for messages (its id when unknown). */
  fenceName: (id: string) => string;
  /** A geofence rule tells the engine an object is now inside its fence (true) or no longer (false). */
  noteInside: (objectId: string, runtime: RuleRuntime, inside: boolean) => void;
  /** The object's key (see ObjectView.key), given one now when it has none. */
  keyOf: (v: ObjectView) => number;
}

/** Compiles a rule's filter text (throws AppError('INVALID_INPUT') for a bad one). */
export function ruleMatcher(text: string, ctx: RuntimeContext): LiveMatcher {
  return createLiveMatcher({ text }, ctx.staleAfter, ctx.now());
}

/** The common fields of an alert of `rule` about `objects`. */
export function alertBase(rule: StoredRule, objects: readonly ObjectView[] | readonly { id: string }[]) {
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    trigger: rule.trigger.type,
    objectIds: objects.map((o) => o.id),
    geofenceId: rule.trigger.geofence_id ?? null,
  };
}

/**
 * The messages between the rule engine (engine.ts, main thread) and its evaluation core
 * (evaluator.ts, on the rules worker or in-process), and where the worker's entry file is.
 * Every message carries what it needs as plain data, so the two sides share nothing but this.
 */
import type { LogFields } from '../../contract/logger.js';
import type { StaleThresholds } from '../../contract/staleness.js';
import type { RuleEffects, RuleStateRow, StoredGeofence, StoredRule } from '../../../db/rules-store.js';
import { resolveWorkerEntry } from '../../../db/worker-entry.js';
import type { ChangeColumns } from './change-columns.js';

/** File name of the bundled worker entry that builds place beside the main bundle (scripts/build.mjs). */
export const RULES_WORKER_BUNDLE = 'rules-worker';

/** What the worker is started with. */
export interface RulesWorkerData {
  /** The stale thresholds per kind when the worker starts (later changes come as `staleAfter`). */
  staleAfter: StaleThresholds;
}

/** A geofence as the evaluator needs it. */
export type FenceDef = Pick<StoredGeofence, 'id' | 'name' | 'geometry'>;

/**
 * Engine → evaluator. `load` and `reload` open a seeding step that `seed` messages feed and `end`
 * closes; `evaluate` and `tick` are whole steps. Messages with an `id` are answered with that id.
 * `now` is the engine's clock (epoch ms) for the step.
 */
export type EvaluatorRequest =
  | {
      /** Replaces every evaluator: each rule resumes from its saved state rows. */
      type: 'load';
      id: number;
      now: number;
      fences: FenceDef[];
      rules: { rule: StoredRule; rows: RuleStateRow[] }[];
    }
  | {
      /**
       * The enabled rules as stored now: a rule that is new, named in `restartRules`, uses a fence in
       * `restartFences`, or whose filter or trigger changed starts afresh (its saved state is cleared
       * by the engine); the others keep their evaluator; rules not listed are dropped.
       */
      type: 'reload';
      id: number;
      now: number;
      fences: FenceDef[];
      rules: StoredRule[];
      restartRules: string[];
      restartFences: string[];
    }
  /** Objects for the named rules of the open seeding step (no deletions), as columns. */
  | { type: 'seed'; ruleIds: string[]; objects: ChangeColumns }
  /** The stale thresholds changed (no answer). */
  | { type: 'staleAfter'; staleAfter: StaleThresholds }
  | { type: 'end'; id: number }
  | {
      /**
       * Committed changes in commit order, in parts (one per committed batch), as columns
       * (change-columns.ts): an object (observed at `times[i]`, ms) or a deleted id.
       */
      type: 'evaluate';
      id: number;
      now: number;
      parts: EvaluatePart[];
    }
  | { type: 'tick'; id: number; now: number };

/** One committed batch's changes and their observation times (ms; 0 for a deletion). */
export interface EvaluatePart {
  changes: ChangeColumns;
  times: Float64Array;
}

/** What a seeding step needs read from the store: the objects each filter selects, for those rules. */
export interface SeedRequest {
  filter: string;
  ruleIds: string[];
}

/** Evaluator → engine. */
export type EvaluatorReply =
  | {
      type: 'seeds';
      id: number;
      seeds: SeedRequest[];
      /** Rules started afresh: the engine clears their saved state before the step is written. */
      restarted: string[];
      /** Evaluators running (rules that could not be built are skipped) and geofences indexed. */
      rules: number;
      geofences: number;
    }
  | { type: 'effects'; id: number; effects: RuleEffects | null }
  | { type: 'log'; level: 'warn' | 'error'; message: string; fields?: LogFields };

/**
 * The worker entry: from TypeScript sources the tsx bootstrap beside this file; in a bundle
 * `rules-worker.{mjs,cjs,js}` beside the bundle that contains this code.
 */
export function resolveRulesWorkerEntry(): URL | string {
  return resolveWorkerEntry(
    (import.meta as { url?: string }).url,
    './rules-worker-bootstrap.mjs',
    RULES_WORKER_BUNDLE,
    'rules worker',
  );
}

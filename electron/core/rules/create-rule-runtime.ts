/** Picks the evaluator of a rule's trigger type (rule-runtime.ts says what an evaluator is). */
import { missingCaseError } from '../../contract/errors.js';
import type { StoredRule } from '../../../db/rules-store.js';
import { createFenceTrigger } from './fence-trigger.js';
import { createLostContactTrigger, createThresholdTrigger } from './object-triggers.js';
import { createProximityTrigger } from './proximity-trigger.js';
import type { RuleRuntime, RuntimeContext } from './rule-runtime.js';

/** The evaluator for a rule's trigger type. */
export function createRuleRuntime(rule: StoredRule, ctx: RuntimeContext): RuleRuntime {
  const type = rule.trigger.type;
  switch (type) {
    case 'enter':
    case 'exit':
    case 'dwell':
    case 'count_above':
      return createFenceTrigger(rule, ctx);
    case 'proximity':
      return createProximityTrigger(rule, ctx);
    case 'lost_contact':
      return createLostContactTrigger(rule, ctx);
    case 'speed_above':
    case 'speed_below':
    case 'altitude_above':
    case 'altitude_below':
      return createThresholdTrigger(rule, ctx);
    default:
      throw missingCaseError(type);
  }
}

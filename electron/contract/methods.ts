/**
 * The whole method contract: every operation any transport can call, merged from per-domain slices.
 * A duplicate method name across slices fails at module load.
 */
import type { z } from 'zod';
import type { MethodSpec } from './define.js';
import { appMethods } from './methods/app.js';
import { filesMethods } from './methods/files.js';
import { liveMethods } from './methods/live.js';
import { objectsMethods } from './methods/objects.js';
import { retentionMethods } from './methods/retention.js';
import { rulesMethods } from './methods/rules.js';
import { sourcesMethods } from './methods/sources.js';
import { teamMethods } from './methods/team.js';
import { tilesMethods } from './methods/tiles.js';
import { viewsMethods } from './methods/views.js';

function mergeSlices<const S extends readonly Record<string, MethodSpec>[]>(
  ...slices: S
): UnionToIntersection<S[number]> {
  const merged: Record<string, MethodSpec> = {};
  for (const slice of slices) {
    for (const [name, spec] of Object.entries(slice)) {
      if (name in merged) throw new Error(`Contract method '${name}' is declared twice.`);
      merged[name] = spec;
    }
  }
  return merged as UnionToIntersection<S[number]>;
}
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;

export const methods = mergeSlices(
  objectsMethods,
  sourcesMethods,
  liveMethods,
  filesMethods,
  tilesMethods,
  appMethods,
  retentionMethods,
  rulesMethods,
  viewsMethods,
  teamMethods,
);

export type Methods = typeof methods;
export type MethodName = keyof Methods & string;
/** Params as the caller may send them (defaults not yet applied). */
export type MethodParamsIn<M extends MethodName> = z.input<Methods[M]['params']>;
/** Params as a handler receives them (validated, defaults applied). */
export type MethodParams<M extends MethodName> = z.output<Methods[M]['params']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['result']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

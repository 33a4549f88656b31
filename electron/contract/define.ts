/**
 * Helpers to declare contract methods: a params schema and a result schema per method name.
 */
import type { z } from 'zod';

export interface MethodSpec<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  params: P;
  result: R;
  /** One line saying what the method does (used by docs and the REST route table). */
  summary: string;
}

/** Declares a slice of the contract; keeps literal method names and schema types. */
export function defineMethods<const M extends Record<string, MethodSpec>>(methods: M): M {
  return methods;
}

/**
 * Turns the first zod issue into one sentence naming the field path and the bad value, e.g.
 * "Parameter 'limit' must be at most 10000, got 20000.".
 */
import type { z } from 'zod';
import { describeValue } from '../geometry.js';

/** `filter.tags[0].key` style path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/**
 * One sentence for a zod error; `noun` is 'Parameter' for method params, 'Field' elsewhere.
 * `input` is what was parsed; without it (`hasInput` false) the sentence names no bad value.
 */
export function zodErrorMessage(
  error: z.ZodError,
  input: unknown,
  noun = 'Parameter',
  hasInput = true,
): { message: string; field: string } {
  const issue = error.issues[0];
  if (!issue) return { message: `${noun}s are invalid.`, field: '' };
  const field = formatPath(issue.path);
  if (!hasInput) return { message: `${noun} '${field || 'value'}' ${rule(issue)}.`, field };
  const bad = valueAt(input, issue.path);
  if (field === '') return { message: `${noun}s must be an object, got ${describeValue(input)}.`, field };
  if (issue.code === 'unrecognized_keys')
    return { message: `${noun} '${field}' has an unknown key '${issue.keys[0]}'.`, field };
  if (bad === undefined && issue.code === 'invalid_type') return { message: `${noun} '${field}' is required.`, field };
  // The contract's own sentences (a refinement naming its fields, ending in a full stop) pass as written.
  if (issue.code === 'custom' && issue.message.endsWith('.')) return { message: issue.message, field };
  return { message: `${noun} '${field}' ${rule(issue)}, got ${describeValue(bad)}.`, field };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function rule(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${issue.maximum} items`;
      return issue.inclusive === false ? `must be less than ${issue.maximum}` : `must be at most ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at least ${issue.minimum} items`;
      return issue.inclusive === false ? `must be more than ${issue.minimum}` : `must be at least ${issue.minimum}`;
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be an integer' : `must be ${article(issue.expected)} ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${show(issue.values[0])}`
        : `must be one of ${issue.values.map(show).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'datetime'
        ? 'must be an ISO 8601 time with a zone, e.g. 2026-01-01T00:00:00Z'
        : `must be a valid ${issue.format}`;
    case 'invalid_union':
      return 'has a value of the wrong type';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return `is invalid (${issue.message.replace(/\.$/, '')})`;
  }
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

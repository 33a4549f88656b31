/**
 * The one-sentence refusal of a connection-info schema, naming the dotted field and the bad value,
 * e.g. "Field 'connection_info.url' must use ws:// or wss://, got 'http://x'.".
 */
import type { z } from 'zod';

/**
 * Turns a zod error from a connection-info schema into one sentence naming the field
 * (e.g. "Field 'connection_info.url' must use ws:// or wss://, got 'http://x'.") and that field's dotted name.
 */
export function describeConnectionInfoError(error: z.ZodError, input: unknown): { message: string; field: string } {
  const issue = error.issues[0];
  if (!issue) return { message: "Field 'connection_info' is invalid.", field: 'connection_info' };
  return { message: describeIssue(issue, input), field: fieldName(issue.path) };
}

function fieldName(path: readonly PropertyKey[]): string {
  return ['connection_info', ...path.map(String)].join('.');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) {
      return { found: false, value: undefined };
    }
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: cur };
}

/** A value as shown in a refusal: quoted strings, JSON otherwise, cut at 80 characters. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 80 ? `${value.slice(0, 77)}...` : value}'`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    return `Field '${fieldName([...issue.path, key])}' is not a known setting.`;
  }
  const field = fieldName(issue.path);
  if (issue.code === 'invalid_key') {
    return `Field '${field}' has an invalid name (${issue.issues[0]?.message ?? 'not allowed'}).`;
  }
  const { found, value } = valueAt(input ?? {}, issue.path);
  if (!found || value === undefined) {
    const why = issue.code === 'custom' ? issue.message : 'is required';
    return `Field '${field}' ${why}.`;
  }
  return `Field '${field}' ${requirement(issue)}, got ${show(value)}.`;
}

function requirement(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'must be an integer';
      return `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return `must have at least ${String(issue.minimum)} character(s)`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${String(issue.maximum)} item(s)`;
      if (issue.origin === 'string') return `must have at most ${String(issue.maximum)} character(s)`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => show(v)).join(', ')}`;
    case 'invalid_union':
      return 'has an unsupported shape';
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'custom':
      return issue.message;
    default:
      return 'is invalid';
  }
}

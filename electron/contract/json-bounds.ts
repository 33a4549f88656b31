/**
 * Depth and size bounds for a stored JSON setting, checked without recursion, so a value nested
 * 100,000 levels deep is refused before any recursive code (zod, JSON.stringify, structured clone) sees it.
 */

/** How deep and how large one JSON value may be. */
export interface JsonBounds {
  /** Deepest nesting of objects and arrays; the root object counts as level 1. */
  maxDepth: number;
  /** Largest size of the value written as JSON, in UTF-8 bytes. */
  maxBytes: number;
}

/** Why a value is out of bounds; `key` is the root's member it happened under (absent: the root itself). */
export type JsonBoundsViolation =
  | { kind: 'depth'; key?: string; limit: number }
  | { kind: 'bytes'; limit: number; bytes: number | undefined }
  | { kind: 'not-json'; reason: string };

/**
 * Returns the first bound the value breaks, or undefined when it is within them. Walks with an
 * explicit stack and stops as soon as the answer is known, so the work is O(maxBytes) whatever the input.
 */
export function checkJsonBounds(root: unknown, bounds: JsonBounds): JsonBoundsViolation | undefined {
  const stack: Array<[unknown, number, string | undefined]> = [[root, 1, undefined]];
  let values = 0;
  while (stack.length > 0) {
    const [value, depth, key] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > bounds.maxDepth) {
      return key === undefined
        ? { kind: 'depth', limit: bounds.maxDepth }
        : { kind: 'depth', key, limit: bounds.maxDepth };
    }
    const keys = Array.isArray(value) ? undefined : Object.keys(value);
    const count = keys === undefined ? (value as unknown[]).length : keys.length;
    // Every value takes at least one byte of JSON, so more values than bytes is over the limit.
    values += count;
    if (values > bounds.maxBytes) return { kind: 'bytes', limit: bounds.maxBytes, bytes: undefined };
    for (let i = 0; i < count; i += 1) {
      const name = keys === undefined ? String(i) : keys[i]!;
      const child: unknown = keys === undefined ? (value as unknown[])[i] : (value as Record<string, unknown>)[name];
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1, key ?? name]);
    }
  }
  return checkSize(root, bounds.maxBytes);
}

/** The size check, safe once the depth is known to be bounded. */
function checkSize(root: unknown, maxBytes: number): JsonBoundsViolation | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(root);
  } catch (err) {
    return { kind: 'not-json', reason: err instanceof Error ? err.message : String(err) };
  }
  if (text === undefined) return undefined;
  // UTF-8 never takes fewer bytes than UTF-16 code units (lone surrogates are escaped by stringify).
  if (text.length > maxBytes) return { kind: 'bytes', limit: maxBytes, bytes: utf8Length(text) };
  const bytes = utf8Length(text);
  return bytes > maxBytes ? { kind: 'bytes', limit: maxBytes, bytes } : undefined;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * One sentence for a violation, naming the field (`field` is the root's name, e.g. `connection_info`)
 * and the limit, e.g. "Field 'connection_info.subscribe_message' is nested more than 32 levels deep.".
 */
export function describeJsonBoundsViolation(
  violation: JsonBoundsViolation,
  field: string,
): { message: string; field: string } {
  switch (violation.kind) {
    case 'depth': {
      const at = violation.key === undefined ? field : `${field}.${violation.key}`;
      return { message: `Field '${at}' is nested more than ${violation.limit} levels deep.`, field: at };
    }
    case 'bytes': {
      const got = violation.bytes === undefined ? '' : `, got ${violation.bytes}`;
      return { message: `Field '${field}' must be at most ${violation.limit} bytes as JSON${got}.`, field };
    }
    case 'not-json':
      return { message: `Field '${field}' is not JSON (${violation.reason.replace(/\.$/, '')}).`, field };
  }
}

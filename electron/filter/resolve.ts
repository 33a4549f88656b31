/**
 * Validates an ObjectFilter and resolves it (its `text` parsed and ANDed in) into the one normalized
 * form that the predicate and the SQL compilers evaluate. Semantics: docs/filter.md.
 */
import { FILTER_LIMITS, objectFilterSchema, OBJECT_TYPES } from '../contract/domain.js';
import type { Bbox, ObjectFilter, ObjectType, TagCondition } from '../contract/domain.js';
import { AppError } from '../contract/errors.js';
import { parseFilterText } from './parse.js';

/** A tag condition with its value normalized: strings for `=`/`!=`/`~`, numbers for `<`…`>=`. */
export type ResolvedTagCondition =
  | { key: string; op: 'exists' | 'missing' }
  | { key: string; op: '=' | '!=' | '~'; value: string }
  | { key: string; op: '<' | '<=' | '>' | '>='; value: number };

/** The normalized filter. Every part is ANDed; `undefined` lists mean "no constraint". */
export interface ResolvedFilter {
  types?: ObjectType[];
  kinds?: string[];
  sourceIds?: string[];
  tags: ResolvedTagCondition[];
  /** The object's bbox must intersect every one of these. */
  bboxes: Bbox[];
  /** Every term must be an ASCII-case-insensitive substring of the name or the osm_id. */
  q: string[];
  /** Inclusive lower bound of observed_at, epoch ms. */
  observedAfter?: number;
  /** Exclusive upper bound of observed_at, epoch ms. */
  observedBefore?: number;
  stale?: boolean;
  /** True when the parts contradict each other (e.g. `stale` and `-stale`): nothing matches. */
  never: boolean;
}

const NUMERIC_OPS = new Set(['<', '<=', '>', '>=']);
const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The numeric value of a number-looking string (`10`, `-2.5`, `1e3`), or undefined. */
export function parseNumberText(text: string): number | undefined {
  if (!NUMBER_TEXT.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Compiles a `~` pattern with the filter's regex semantics (JavaScript, `u` flag), or throws. */
export function compileFilterRegex(pattern: string, field: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    throw new AppError('INVALID_INPUT', `Field '${field}' must be a valid regular expression, got '${pattern}'.`, {
      details: { field, value: pattern },
    });
  }
}

function normalizeTag(c: TagCondition, field: string): ResolvedTagCondition {
  if (c.op === 'exists' || c.op === 'missing') return { key: c.key, op: c.op };
  if (c.value === undefined) {
    throw new AppError('INVALID_INPUT', `Field '${field}.value' is required for operator '${c.op}', got nothing.`, {
      details: { field: `${field}.value` },
    });
  }
  if (NUMERIC_OPS.has(c.op)) {
    const n = typeof c.value === 'number' ? c.value : parseNumberText(c.value);
    if (n === undefined || !Number.isFinite(n)) {
      throw new AppError(
        'INVALID_INPUT',
        `Field '${field}.value' must be a number for operator '${c.op}', got '${String(c.value)}'.`,
        {
          details: { field: `${field}.value`, value: c.value },
        },
      );
    }
    return { key: c.key, op: c.op as '<' | '<=' | '>' | '>=', value: n };
  }
  const value = String(c.value);
  if (c.op === '~') compileFilterRegex(value, `${field}.value`);
  return { key: c.key, op: c.op as '=' | '!=' | '~', value };
}

function intersect<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const set = new Set(b);
  return a.filter((x) => set.has(x));
}

function unique<T>(list: T[] | undefined): T[] | undefined {
  return list === undefined ? undefined : [...new Set(list)];
}

/** Resolves the structured parts of a filter (without its `text`). */
function resolveParts(f: ObjectFilter, prefix: string): ResolvedFilter {
  const tags = (f.tags ?? []).map((c, i) => normalizeTag(c, `${prefix}tags[${i}]`));
  return {
    types: unique(f.types),
    kinds: unique(f.kinds),
    sourceIds: unique(f.source_ids),
    tags,
    bboxes: f.bbox ? [f.bbox] : [],
    q: f.q === undefined ? [] : [f.q],
    observedAfter: f.observed_after === undefined ? undefined : Date.parse(f.observed_after),
    observedBefore: f.observed_before === undefined ? undefined : Date.parse(f.observed_before),
    stale: f.stale,
    never: false,
  };
}

function maxOf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}
function minOf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** ANDs two resolved filters. */
export function andResolved(a: ResolvedFilter, b: ResolvedFilter): ResolvedFilter {
  const staleClash = a.stale !== undefined && b.stale !== undefined && a.stale !== b.stale;
  return {
    types: intersect(a.types, b.types),
    kinds: intersect(a.kinds, b.kinds),
    sourceIds: intersect(a.sourceIds, b.sourceIds),
    tags: [...a.tags, ...b.tags],
    bboxes: [...a.bboxes, ...b.bboxes],
    q: [...a.q, ...b.q],
    observedAfter: maxOf(a.observedAfter, b.observedAfter),
    observedBefore: minOf(a.observedBefore, b.observedBefore),
    stale: a.stale ?? b.stale,
    never: a.never || b.never || staleClash,
  };
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }, input: unknown): AppError {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  const field =
    path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '') || 'filter';
  let value: unknown = input;
  for (const p of path)
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[p] : undefined;
  const shown = showValue(value);
  return new AppError('INVALID_INPUT', `Field '${field}' is invalid (${issue?.message ?? 'invalid'}), got ${shown}.`, {
    details: { field, value },
  });
}

/** A bad value for a message: short, whatever its size (a list of 10,000 items is not echoed). */
function showValue(value: unknown): string {
  if (Array.isArray(value) && value.length > 4) return `an array of ${value.length} items`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/**
 * Refuses a resolved filter past FILTER_LIMITS (the text syntax can add tag conditions and list
 * values beyond what the structured parts' schema caps), before any SQL or predicate is built.
 */
function checkLimits(r: ResolvedFilter): void {
  const max = FILTER_LIMITS.maxTagConditions;
  if (r.tags.length > max) {
    throw new AppError(
      'INVALID_INPUT',
      `Filter has ${r.tags.length} tag conditions; the limit is ${max} per filter (structured and text parts together).`,
      { details: { field: 'tags', limit: max, count: r.tags.length } },
    );
  }
  const lists = { types: r.types, kinds: r.kinds, source_ids: r.sourceIds };
  for (const [field, list] of Object.entries(lists)) {
    if (list !== undefined && list.length > FILTER_LIMITS.maxListValues) {
      throw new AppError(
        'INVALID_INPUT',
        `Filter field '${field}' has ${list.length} values; the limit is ${FILTER_LIMITS.maxListValues}.`,
        { details: { field, limit: FILTER_LIMITS.maxListValues, count: list.length } },
      );
    }
  }
}

/**
 * Validates `filter` and resolves it: parses `text` (errors name the position and token), ANDs it
 * with the structured parts and normalizes values. Throws AppError INVALID_INPUT naming the field,
 * or the limit a filter exceeds (FILTER_LIMITS).
 */
export function resolveFilter(filter: ObjectFilter | undefined): ResolvedFilter {
  const input = filter ?? {};
  const checked = objectFilterSchema.safeParse(input);
  if (!checked.success) throw firstIssue(checked.error, input);
  const f = checked.data;
  let resolved = resolveParts(f, '');
  if (f.text !== undefined && f.text.trim() !== '') {
    const parsed = parseFilterText(f.text);
    if (!parsed.ok) {
      throw new AppError('INVALID_INPUT', parsed.error.message, { details: { field: 'text', ...parsed.error } });
    }
    resolved = andResolved(resolved, resolveParts(parsed.filter, 'text.'));
  }
  checkLimits(resolved);
  return resolved;
}

/** All object types except those listed (for `-type:`). */
export function otherTypes(types: ObjectType[]): ObjectType[] {
  return OBJECT_TYPES.filter((t) => !types.includes(t));
}

/** True when `f` is already a ResolvedFilter (so compilers accept both forms). */
export function isResolvedFilter(f: ObjectFilter | ResolvedFilter): f is ResolvedFilter {
  return typeof (f as ResolvedFilter).never === 'boolean' && Array.isArray((f as ResolvedFilter).bboxes);
}

/** `f` resolved, unless it already is. */
export function toResolved(f: ObjectFilter | ResolvedFilter | undefined): ResolvedFilter {
  return f !== undefined && isResolvedFilter(f) ? f : resolveFilter(f);
}

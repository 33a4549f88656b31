/**
 * Formats an ObjectFilter as the compact text syntax, so that parsing the result gives back an
 * equivalent filter (`parseFilterText(formatFilterText(f))` ≡ `normalizeFilter(f)`).
 */
import { OBJECT_TYPES } from '../contract/domain.js';
import type { ObjectFilter, TagCondition } from '../contract/domain.js';

const SAFE_WORD = /^[\p{L}\p{N}_.@#/+]+$/u;
const SAFE_KEY = /^[\p{L}\p{N}_.@#/+][\p{L}\p{N}_.@#/+-]*$/u;
const SAFE_VALUE = /^[\p{L}\p{N}_.@#/+-]+$/u;
const SAFE_LIST_VALUE = /^[\p{L}\p{N}_.@#/+:-]+$/u;
/** The text form of "matches nothing" (an empty list anywhere in the filter). */
export const NOTHING_TEXT = `-type:${OBJECT_TYPES.join(',')}`;

/** `"…"` with `\` and `"` escaped. */
export function quoteFilterText(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function word(value: string): string {
  return SAFE_WORD.test(value) && value !== 'stale' ? value : quoteFilterText(value);
}
function key(value: string): string {
  return SAFE_KEY.test(value) ? value : quoteFilterText(value);
}
function value(v: string): string {
  return SAFE_VALUE.test(v) ? v : quoteFilterText(v);
}
function list(values: readonly string[]): string {
  return values.map((v) => (SAFE_LIST_VALUE.test(v) ? v : quoteFilterText(v))).join(',');
}

function tagTerm(c: TagCondition): string {
  if (c.op === 'exists') return `has:${list([c.key])}`;
  if (c.op === 'missing') return `-has:${list([c.key])}`;
  return `${key(c.key)}${c.op}${value(String(c.value ?? ''))}`;
}

/**
 * The text form of `filter`. An empty `types`, `kinds` or `source_ids` list matches nothing and is
 * written as `-type:node,way,relation`. A `text` part is appended verbatim.
 */
export function formatFilterText(filter: ObjectFilter): string {
  const parts: string[] = [];
  const lists = [filter.types, filter.kinds, filter.source_ids];
  if (lists.some((l) => l !== undefined && l.length === 0)) {
    parts.push(NOTHING_TEXT);
  } else {
    if (filter.types) parts.push(`type:${filter.types.join(',')}`);
    if (filter.kinds) parts.push(`kind:${list(filter.kinds)}`);
    if (filter.source_ids) parts.push(`source:${list(filter.source_ids)}`);
  }
  for (const c of filter.tags ?? []) parts.push(tagTerm(c));
  if (filter.bbox) parts.push(`bbox:${filter.bbox.map((n) => String(n)).join(',')}`);
  if (filter.observed_after !== undefined) parts.push(`after:${list([filter.observed_after])}`);
  if (filter.observed_before !== undefined) parts.push(`before:${list([filter.observed_before])}`);
  if (filter.stale !== undefined) parts.push(filter.stale ? 'stale' : '-stale');
  if (filter.q !== undefined) parts.push(word(filter.q));
  if (filter.text !== undefined && filter.text.trim() !== '') parts.push(filter.text);
  return parts.join(' ');
}

/**
 * The canonical structured form of a filter without `text`: `=`/`!=`/`~` values as strings,
 * numeric comparisons as numbers, -0 as 0, absent parts omitted. Used to compare filters.
 */
export function normalizeFilter(filter: ObjectFilter): ObjectFilter {
  const out: ObjectFilter = {};
  if (filter.types) out.types = [...new Set(filter.types)];
  if (filter.kinds) out.kinds = [...filter.kinds];
  if (filter.source_ids) out.source_ids = [...filter.source_ids];
  if (filter.tags && filter.tags.length > 0) {
    out.tags = filter.tags.map((c): TagCondition => {
      if (c.op === 'exists' || c.op === 'missing') return { key: c.key, op: c.op };
      if (c.op === '=' || c.op === '!=' || c.op === '~') return { key: c.key, op: c.op, value: String(c.value) };
      const n = Number(c.value);
      return { key: c.key, op: c.op, value: n === 0 ? 0 : n };
    });
  }
  if (filter.bbox) out.bbox = filter.bbox.map((n) => (n === 0 ? 0 : n)) as ObjectFilter['bbox'];
  if (filter.observed_after !== undefined) out.observed_after = filter.observed_after;
  if (filter.observed_before !== undefined) out.observed_before = filter.observed_before;
  if (filter.stale !== undefined) out.stale = filter.stale;
  if (filter.q !== undefined) out.q = filter.q;
  return out;
}

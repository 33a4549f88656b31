/**
 * Autocompletion of the filter text syntax, pure: given the text, the caret and the data the caller
 * fetched (tag keys, one key's values, the sources), the token being typed and the completions that
 * may replace it — keywords, object types, `stale`/`-stale`, tag keys, values and sources, quoted
 * where the syntax needs it (docs/filter.md "Autocompletion").
 */
import { OBJECT_TYPES } from '../contract/domain.js';
import { quoteFilterText } from './format.js';
import { TEXT_KEYWORDS } from './parse.js';
import { asciiLower } from './predicate.js';
import { isListValueChar, isOpValueChar, isWordChar, readBare } from './scan.js';
import { filterTokenAt, type FilterToken } from './complete-token.js';

export { filterTokenAt, type FilterToken, type TextKeyword } from './complete-token.js';

/** One completion: what the list shows, the text that replaces the token, and a short note. */
export interface Completion {
  label: string;
  insert: string;
  detail: string;
}

/** What the caller fetched for the token (see `completionWants`); each list most relevant first. */
export interface CompletionData {
  keys?: readonly { key: string; count: number }[];
  values?: readonly { value: string; count: number }[];
  sources?: readonly { id: string; name: string }[];
}

/** The data a token's completions come from: tag keys, the values of one key, or the sources. */
export type CompletionWants = { keys: true } | { valuesOf: string } | { sources: true } | null;

/** Keywords that take a leading `-`. */
const NEGATABLE = new Set(['type', 'kind', 'has']);

/** Whether `s` reads back whole as a bare piece whose characters pass `accept`. */
function isBare(s: string, accept: (c: string, next: string | undefined) => boolean): boolean {
  return s !== '' && readBare(s, 0, accept).end === s.length;
}

/** A tag key as written before an operator (a leading `-` would read as negation). */
export function keyText(key: string): string {
  return isBare(key, isWordChar) && !key.startsWith('-') ? key : quoteFilterText(key);
}

/** A value as written after `=` (a bare value may not start with an operator character). */
export function valueText(value: string): string {
  return isBare(value, isOpValueChar) && !'=!<>~'.includes(value[0] as string) ? value : quoteFilterText(value);
}

/** An item of a `keyword:` list. */
export function listItemText(value: string): string {
  return isBare(value, isListValueChar) ? value : quoteFilterText(value);
}

const startsWith = (text: string, prefix: string) => asciiLower(text).startsWith(asciiLower(prefix));
const objects = (n: number) => `${n} object${n === 1 ? '' : 's'}`;

/** The data `token`'s completions need, so the caller knows what to fetch. */
export function completionWants(token: FilterToken): CompletionWants {
  if (token.at === 'term') return { keys: true };
  if (token.at === 'value') return token.op === '=' || token.op === '!=' ? { valuesOf: token.key } : null;
  if (token.keyword === 'kind') return { valuesOf: 'kind' };
  if (token.keyword === 'has') return { keys: true };
  return token.keyword === 'source' ? { sources: true } : null;
}

function termCompletions(token: FilterToken & { at: 'term' }, data: CompletionData): Completion[] {
  const neg = token.negated ? '-' : '';
  const out: Completion[] = (data.keys ?? [])
    .filter((k) => startsWith(k.key, token.prefix))
    .map((k) => ({
      label: `${neg}${k.key}=`,
      insert: `${neg}${keyText(k.key)}=`,
      detail: `tag · ${objects(k.count)}`,
    }));
  if (token.quoted) return out;
  for (const kw of TEXT_KEYWORDS) {
    if (startsWith(kw, token.prefix) && (!token.negated || NEGATABLE.has(kw)))
      out.push({ label: `${neg}${kw}:`, insert: `${neg}${kw}:`, detail: 'keyword' });
  }
  if (startsWith('stale', token.prefix))
    out.push({
      label: `${neg}stale`,
      insert: `${neg}stale`,
      detail: token.negated ? 'only fresh objects' : 'only stale objects',
    });
  return out;
}

function listCompletions(token: FilterToken & { at: 'list' }, data: CompletionData): Completion[] {
  const matching = <T>(items: readonly T[] | undefined, text: (t: T) => string) =>
    (items ?? []).filter((t) => startsWith(text(t), token.prefix));
  switch (token.keyword) {
    case 'type':
      return OBJECT_TYPES.filter((t) => startsWith(t, token.prefix)).map((t) => ({
        label: t,
        insert: t,
        detail: 'type',
      }));
    case 'kind':
      return matching(data.values, (v) => v.value).map((v) => ({
        label: v.value,
        insert: listItemText(v.value),
        detail: objects(v.count),
      }));
    case 'has':
      return matching(data.keys, (k) => k.key).map((k) => ({
        label: k.key,
        insert: listItemText(k.key),
        detail: `tag · ${objects(k.count)}`,
      }));
    case 'source':
      return (data.sources ?? [])
        .filter((s) => startsWith(s.name, token.prefix) || startsWith(s.id, token.prefix))
        .map((s) => ({ label: s.name, insert: listItemText(s.id), detail: s.id }));
    default:
      return [];
  }
}

/**
 * The token at `caret` and its completions from `data`, leaving out the one the token already is;
 * undefined where nothing can be completed.
 */
export function completeFilterText(
  text: string,
  caret: number,
  data: CompletionData,
): { token: FilterToken; items: Completion[] } | undefined {
  const token = filterTokenAt(text, caret);
  if (!token) return undefined;
  let items: Completion[];
  if (token.at === 'term') items = termCompletions(token, data);
  else if (token.at === 'list') items = listCompletions(token, data);
  else if (completionWants(token) === null) items = [];
  else
    items = (data.values ?? [])
      .filter((v) => startsWith(v.value, token.prefix))
      .map((v) => ({ label: v.value, insert: valueText(v.value), detail: objects(v.count) }));
  const current = text.slice(token.from, token.to);
  return { token, items: items.filter((i) => i.insert !== current) };
}

/** The text with `completion` in place of `token`, and where the caret goes (after it). */
export function applyCompletion(
  text: string,
  token: Pick<FilterToken, 'from' | 'to'>,
  completion: Pick<Completion, 'insert'>,
): { text: string; caret: number } {
  return {
    text: text.slice(0, token.from) + completion.insert + text.slice(token.to),
    caret: token.from + completion.insert.length,
  };
}

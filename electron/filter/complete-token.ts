/**
 * Where the caret is in a filter text, for autocompletion: the token being typed (its range, the
 * part typed before the caret, unquoted) and what it is — a term's key or word, a tag value after
 * an operator, or an item of a `keyword:` list. Tolerant: it reads unfinished text the parser refuses.
 */
import { TEXT_KEYWORDS } from './parse.js';
import { isListValueChar, isOpValueChar, isSpace, isWordChar, readBare, readOp, type TextOp } from './scan.js';

/** A `keyword:` of the text syntax. */
export type TextKeyword = (typeof TEXT_KEYWORDS)[number];

/** The token at the caret. `from`–`to` is what a completion replaces. */
export type FilterToken = {
  from: number;
  to: number;
  /** The token's text before the caret, quotes and escapes removed. */
  prefix: string;
  /** Whether the token starts with `"`. */
  quoted: boolean;
} & (
  | { at: 'term'; negated: boolean }
  | { at: 'value'; key: string; op: TextOp }
  | { at: 'list'; keyword: TextKeyword; negated: boolean }
);

/** A quoted piece starting at `start`: its text up to `caret`, and its end (after the closing quote, if any). */
interface OpenQuoted {
  before: string;
  end: number;
  closed: boolean;
}

function readOpenQuoted(text: string, start: number, caret: number): OpenQuoted {
  let before = '';
  let i = start + 1;
  while (i < text.length && text[i] !== '"') {
    const escaped = text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\');
    const c = escaped ? (text[i + 1] as string) : (text[i] as string);
    const next = i + (escaped ? 2 : 1);
    if (next <= caret) before += c;
    i = next;
  }
  return { before, end: i < text.length ? i + 1 : i, closed: i < text.length };
}

/** Where the term that holds `pos` ends: at a space outside quotes. */
function termEnd(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && !isSpace(text[i])) i = text[i] === '"' ? readOpenQuoted(text, i, i).end : i + 1;
  return i;
}

/** The start of the term holding `caret` (the caret itself when it stands between terms). */
function termStart(text: string, caret: number): number {
  let pos = 0;
  while (pos < caret) {
    if (isSpace(text[pos])) {
      pos += 1;
      continue;
    }
    const end = termEnd(text, pos);
    if (caret <= end) return pos;
    pos = end;
  }
  return caret;
}

/**
 * A piece (key, value or list item) at `start`: quoted or bare (`accept`). Undefined when the caret
 * is not in it, or stands after its closing quote (nothing left to complete there).
 */
function pieceAt(
  text: string,
  start: number,
  caret: number,
  accept: (c: string, next: string | undefined) => boolean,
): { from: number; to: number; prefix: string; quoted: boolean } | { end: number } {
  if (text[start] === '"') {
    const q = readOpenQuoted(text, start, caret);
    if (caret > start && (!q.closed || caret < q.end))
      return { from: start, to: q.closed ? q.end : caret, prefix: q.before, quoted: true };
    return { end: q.end };
  }
  const end = readBare(text, start, accept).end;
  if (caret <= end) return { from: start, to: end, prefix: text.slice(start, caret), quoted: false };
  return { end };
}

/** The item of a `keyword:` list (items from `start`, comma separated) that holds the caret. */
function listItemAt(text: string, start: number, caret: number, keyword: TextKeyword, negated: boolean) {
  let pos = start;
  for (;;) {
    const item = pieceAt(text, pos, caret, isListValueChar);
    if (!('end' in item)) return { ...item, at: 'list' as const, keyword, negated };
    if (text[item.end] !== ',' || item.end >= caret) return undefined;
    pos = item.end + 1;
  }
}

/**
 * The token at `caret` in `text`, or undefined where nothing can be completed (inside an operator,
 * after a closing quote, at the very start of an existing term).
 */
export function filterTokenAt(text: string, caret: number): FilterToken | undefined {
  const start = termStart(text, caret);
  const negated = text[start] === '-';
  const at = negated ? start + 1 : start;
  if (caret < at || (caret === start && start < termEnd(text, start) && !negated)) return undefined;
  const key = pieceAt(text, at, caret, isWordChar);
  if (!('end' in key)) {
    // A key already followed by its operator or colon: a completion replaces both.
    const after = text[key.to] === ':' ? ':' : (readOp(text, key.to) ?? '');
    return { ...key, from: start, to: key.to + after.length, at: 'term', negated };
  }
  const c = text[key.end];
  if (c === ':' && text[at] !== '"') {
    const name = text.slice(at, key.end);
    if (!(TEXT_KEYWORDS as readonly string[]).includes(name)) return undefined;
    return listItemAt(text, key.end + 1, caret, name as TextKeyword, negated);
  }
  const op = c === undefined ? undefined : readOp(text, key.end);
  if (op === undefined || caret < key.end + op.length) return undefined;
  const value = pieceAt(text, key.end + op.length, caret, isOpValueChar);
  if ('end' in value) return undefined;
  const keyText = text[at] === '"' ? readOpenQuoted(text, at, key.end).before : text.slice(at, key.end);
  return { ...value, at: 'value', key: keyText, op };
}

/**
 * Parser for the compact filter text syntax (`type:node kind=ship speed>10 name~"^Ever" -stale`)
 * into an ObjectFilter. The grammar and every form are documented in docs/filter.md.
 */
import { isoTimeSchema, OBJECT_TYPES, TAG_LIMITS } from '../contract/domain.js';
import type { Bbox, ObjectFilter, ObjectType, TagCondition } from '../contract/domain.js';
import {
  expectTermEnd,
  FilterSyntaxError,
  isListValueChar,
  isOpValueChar,
  isSpace,
  isWordChar,
  readBare,
  readOp,
  readQuoted,
  readValue,
  syntaxError,
  type FilterTextError,
  type Piece,
  type TextOp,
} from './scan.js';

export type { FilterTextError } from './scan.js';
export type ParseFilterResult = { ok: true; filter: ObjectFilter } | { ok: false; error: FilterTextError };

/** Filters written `name:value,value`. */
export const TEXT_KEYWORDS = ['type', 'kind', 'source', 'has', 'bbox', 'after', 'before'] as const;
type Keyword = (typeof TEXT_KEYWORDS)[number];
const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NEGATED_OP: Partial<Record<TextOp, TextOp>> = { '=': '!=', '!=': '=' };

interface State {
  text: string;
  filter: ObjectFilter;
  tags: TagCondition[];
  words: string[];
  used: Set<string>;
}

function useOnce(st: State, name: string, at: number): void {
  if (st.used.has(name)) throw syntaxError(st.text, at, name, `Duplicate '${name}${name === 'stale' ? '' : ':'}'`);
  st.used.add(name);
}

function checkKey(st: State, key: Piece): void {
  if (key.text.length === 0) throw syntaxError(st.text, key.start, '""', 'Empty tag key');
  if (key.text.length > TAG_LIMITS.maxKeyLength) {
    throw syntaxError(st.text, key.start, key.text, `Tag key longer than ${TAG_LIMITS.maxKeyLength} characters`);
  }
}

function toNumber(st: State, v: Piece, what: string): number {
  const n = NUMBER_TEXT.test(v.text) ? Number(v.text) : NaN;
  if (!Number.isFinite(n)) throw syntaxError(st.text, v.start, v.text, `Expected a number ${what} but got '${v.text}'`);
  return n;
}

/** Reads `a,b,"c d"` after a keyword's colon at `start`. */
function readList(st: State, start: number, keyword: string): Piece[] {
  const values: Piece[] = [];
  let pos = start;
  for (;;) {
    const v = readValue(st.text, pos, isListValueChar);
    if (!v.quoted && v.text === '') {
      const c = st.text[pos];
      const after = values.length === 0 ? `'${keyword}:'` : "','";
      throw syntaxError(
        st.text,
        pos,
        c ?? '',
        c === undefined || isSpace(c) ? `Expected a value after ${after}` : `Unexpected '${c}'`,
      );
    }
    values.push(v);
    if (st.text[v.end] !== ',') {
      expectTermEnd(st.text, v.end);
      return values;
    }
    pos = v.end + 1;
  }
}

function keywordTerm(st: State, keyword: Keyword, neg: boolean, termStart: number, values: Piece[]): void {
  const { text } = st;
  if (neg && keyword !== 'type' && keyword !== 'kind' && keyword !== 'has') {
    throw syntaxError(text, termStart, `-${keyword}:`, `Negation is not supported for '${keyword}:'`);
  }
  if (keyword === 'has') {
    for (const v of values) {
      checkKey(st, v);
      st.tags.push({ key: v.text, op: neg ? 'missing' : 'exists' });
    }
    return;
  }
  if (keyword === 'kind' && neg) {
    for (const v of values) st.tags.push({ key: 'kind', op: '!=', value: v.text });
    return;
  }
  useOnce(st, keyword, termStart + (neg ? 1 : 0));
  const strings = values.map((v) => v.text);
  if (keyword === 'type') {
    const bad = values.find((v) => !(OBJECT_TYPES as readonly string[]).includes(v.text));
    if (bad)
      throw syntaxError(text, bad.start, bad.text, `Unknown object type '${bad.text}' (use node, way or relation)`);
    const types = [...new Set(strings as ObjectType[])];
    st.filter.types = neg ? OBJECT_TYPES.filter((t) => !types.includes(t)) : types;
  } else if (keyword === 'kind') {
    st.filter.kinds = strings;
  } else if (keyword === 'source') {
    st.filter.source_ids = strings;
  } else if (keyword === 'bbox') {
    const first = values[0] as Piece;
    if (values.length !== 4)
      throw syntaxError(
        text,
        first.start,
        'bbox:',
        `Expected 4 numbers west,south,east,north after 'bbox:' but got ${values.length}`,
      );
    const [w, s, e, n] = values.map((v) => toNumber(st, v, "in 'bbox:'")) as Bbox;
    if (!(w >= -180 && e <= 180 && s >= -90 && n <= 90 && w <= e && s <= n)) {
      throw syntaxError(
        text,
        first.start,
        strings.join(','),
        `Invalid bbox '${strings.join(',')}' (west,south,east,north in degrees, west <= east, south <= north)`,
      );
    }
    st.filter.bbox = [w, s, e, n];
  } else {
    const v = values[0] as Piece;
    if (values.length !== 1 || !isoTimeSchema.safeParse(v.text).success) {
      const shown = strings.join(',');
      throw syntaxError(
        text,
        v.start,
        shown,
        `Invalid time '${shown}' after '${keyword}:' (use ISO 8601 like 2024-01-01T00:00:00Z)`,
      );
    }
    if (keyword === 'after') st.filter.observed_after = v.text;
    else st.filter.observed_before = v.text;
  }
}

function tagTerm(st: State, key: Piece, op: TextOp, opStart: number, neg: boolean, termStart: number): number {
  const { text } = st;
  checkKey(st, key);
  const vStart = opStart + op.length;
  const v = readValue(text, vStart, isOpValueChar);
  if (!v.quoted) {
    const c = text[vStart];
    if (c === undefined || isSpace(c)) throw syntaxError(text, opStart, op, `Expected a value after '${op}'`);
    if ('=!<>~'.includes(c)) throw syntaxError(text, vStart, c, `Unexpected '${c}'`);
  }
  expectTermEnd(text, v.end);
  let finalOp: TextOp = op;
  if (neg) {
    const negated = NEGATED_OP[op];
    if (!negated)
      throw syntaxError(text, termStart, '-', `Negation is not supported for '${op}' (write the opposite comparison)`);
    finalOp = negated;
  }
  if (finalOp === '<' || finalOp === '<=' || finalOp === '>' || finalOp === '>=') {
    st.tags.push({ key: key.text, op: finalOp, value: toNumber(st, v, `after '${op}'`) });
  } else {
    if (finalOp === '~') {
      try {
        new RegExp(v.text, 'u');
      } catch {
        throw syntaxError(text, v.start, v.text, `Invalid regular expression '${v.text}'`);
      }
    }
    st.tags.push({ key: key.text, op: finalOp, value: v.text });
  }
  return v.end;
}

/** Parses one term at `start` (not a space) and returns where it ended. */
function term(st: State, start: number): number {
  const { text } = st;
  const neg = text[start] === '-';
  const at = neg ? start + 1 : start;
  if (neg && (at >= text.length || isSpace(text[at])))
    throw syntaxError(text, start, '-', "Expected a filter after '-'");
  const key = text[at] === '"' ? readQuoted(text, at) : readBare(text, at, isWordChar);
  const c = text[key.end];
  if (!key.quoted && key.text === '') throw syntaxError(text, at, c ?? '', `Unexpected '${c ?? ''}'`);
  if (c === undefined || isSpace(c)) {
    if (!key.quoted && key.text === 'stale') {
      useOnce(st, 'stale', at);
      st.filter.stale = !neg;
    } else if (neg) {
      throw syntaxError(
        text,
        start,
        text.slice(start, key.end),
        "Negation is not supported for free text (quote it to search for '-')",
      );
    } else {
      st.words.push(key.text);
    }
    return key.end;
  }
  if (c === ':') {
    if (key.quoted || !(TEXT_KEYWORDS as readonly string[]).includes(key.text)) {
      const shown = key.quoted ? ':' : `${key.text}:`;
      throw syntaxError(
        text,
        key.quoted ? key.end : at,
        shown,
        key.quoted
          ? "Unexpected ':'"
          : `Unknown filter '${shown}' (use type, kind, source, has, bbox, after or before; quote text containing ':')`,
      );
    }
    const values = readList(st, key.end + 1, key.text);
    keywordTerm(st, key.text as Keyword, neg, start, values);
    return (values[values.length - 1] as Piece).end;
  }
  const op = readOp(text, key.end);
  if (op === undefined) throw syntaxError(text, key.end, c, `Unexpected '${c}'`);
  return tagTerm(st, key, op, key.end, neg, start);
}

/**
 * Parses the compact filter text. Never throws: errors come back as `{ ok: false, error }` with
 * the 0-based position, the token and one sentence.
 */
export function parseFilterText(text: string): ParseFilterResult {
  const st: State = { text, filter: {}, tags: [], words: [], used: new Set() };
  try {
    let pos = 0;
    while (pos < text.length) {
      if (isSpace(text[pos])) pos += 1;
      else pos = term(st, pos);
    }
  } catch (e) {
    if (e instanceof FilterSyntaxError) return { ok: false, error: e.detail };
    throw e;
  }
  if (st.tags.length > 0) st.filter.tags = st.tags;
  if (st.words.length > 0) st.filter.q = st.words.join(' ');
  return { ok: true, filter: st.filter };
}

/**
 * Translates a filter regex (JavaScript syntax, `u` flag) into a Postgres ARE with the same
 * matches, for the subset documented in docs/filter.md; anything else is refused.
 */
import { AppError } from '../../electron/contract/errors.js';

/** The characters JavaScript's `\s` matches. */
const JS_SPACE = '\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const JS_DOT = '[^\n\r\u2028\u2029]';
const SHORTHAND: Record<string, string> = { d: '0-9', w: 'A-Za-z0-9_', s: JS_SPACE };
const CONTROL: Record<string, string> = { n: '\n', r: '\r', t: '\t', v: '\v', f: '\f' };

class Unsupported extends Error {}

/** A literal character as a Postgres ARE atom (or bracket member). */
function lit(c: string): string {
  return /^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/.test(c) ? `\\${c}` : c;
}

interface Cursor {
  p: string;
  i: number;
}

function hexChar(cur: Cursor, len: number): string {
  const hex = cur.p.slice(cur.i, cur.i + len);
  cur.i += len;
  return String.fromCodePoint(parseInt(hex, 16));
}

/** Reads the escape after a backslash (cur.i is past the backslash); returns a literal char or a shorthand letter. */
function readEscape(cur: Cursor, inClass: boolean): { char: string } | { shorthand: string } {
  const e = cur.p[cur.i] as string;
  cur.i += 1;
  if (e in CONTROL) return { char: CONTROL[e] as string };
  if (e === 'd' || e === 'w' || e === 's') return { shorthand: e };
  if (e === 'D' || e === 'W' || e === 'S') {
    if (inClass) throw new Unsupported(`\\${e} inside [...]`);
    return { shorthand: e };
  }
  if (e === 'b' && inClass) return { char: '\b' };
  if (e === 'x') return { char: hexChar(cur, 2) };
  if (e === 'c') return { char: String.fromCharCode((cur.p.charCodeAt(cur.i++) ?? 0) % 32) };
  if (e === 'u') {
    if (cur.p[cur.i] === '{') {
      const end = cur.p.indexOf('}', cur.i);
      const c = String.fromCodePoint(parseInt(cur.p.slice(cur.i + 1, end), 16));
      cur.i = end + 1;
      return { char: c };
    }
    const hi = hexChar(cur, 4);
    const code = hi.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && cur.p.startsWith('\\u', cur.i)) {
      const lo = parseInt(cur.p.slice(cur.i + 2, cur.i + 6), 16);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cur.i += 6;
        return { char: String.fromCodePoint((code - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000) };
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) throw new Unsupported('a lone surrogate escape');
    return { char: hi };
  }
  if (/^[\^$\\.*+?()[\]{}|/-]$/.test(e)) return { char: e };
  throw new Unsupported(`\\${e}`);
}

function readClass(cur: Cursor): string {
  const negated = cur.p[cur.i] === '^';
  if (negated) cur.i += 1;
  if (cur.p[cur.i] === ']') throw new Unsupported(negated ? '[^]' : '[]');
  let out = '';
  const member = (): { char: string } | { shorthand: string } => {
    const c = String.fromCodePoint(cur.p.codePointAt(cur.i) as number);
    cur.i += c.length;
    return c === '\\' ? readEscape(cur, true) : { char: c };
  };
  while (cur.p[cur.i] !== ']') {
    const a = member();
    if ('shorthand' in a) {
      out += SHORTHAND[a.shorthand];
      continue;
    }
    if (cur.p[cur.i] === '-' && cur.p[cur.i + 1] !== ']') {
      cur.i += 1;
      const b = member();
      if ('shorthand' in b) throw new Unsupported('a range ending in a class escape');
      out += `${lit(a.char)}-${lit(b.char)}`;
    } else {
      out += lit(a.char);
    }
  }
  cur.i += 1;
  return `[${negated ? '^' : ''}${out}]`;
}

function translate(pattern: string): string {
  const cur: Cursor = { p: pattern, i: 0 };
  let out = '';
  while (cur.i < pattern.length) {
    const c = String.fromCodePoint(pattern.codePointAt(cur.i) as number);
    cur.i += c.length;
    if (c === '\\') {
      const e = readEscape(cur, false);
      if ('char' in e) out += lit(e.char);
      else if (e.shorthand === e.shorthand.toLowerCase()) out += `[${SHORTHAND[e.shorthand]}]`;
      else out += `[^${SHORTHAND[e.shorthand.toLowerCase()]}]`;
    } else if (c === '.') out += JS_DOT;
    else if (c === '[') out += readClass(cur);
    else if (c === '(') {
      if (pattern[cur.i] === '?') {
        if (pattern[cur.i + 1] !== ':') throw new Unsupported(`(?${pattern[cur.i + 1] ?? ''}`);
        cur.i += 2;
        out += '(?:';
      } else out += '(';
    } else if (c === '{') {
      const end = pattern.indexOf('}', cur.i);
      const body = pattern.slice(cur.i, end);
      if (body.split(',').some((n) => n !== '' && Number(n) > 255))
        throw new Unsupported(`a repeat count above 255 ({${body}})`);
      out += `{${body}}`;
      cur.i = end + 1;
    } else if ('^$|)*+?'.includes(c)) out += c;
    else out += lit(c);
  }
  return out;
}

/**
 * The Postgres ARE for a filter regex. Throws AppError INVALID_INPUT naming the field when the
 * pattern is invalid or uses something outside the supported subset (backreferences, lookaround,
 * `\b`, `\p{…}`, named groups, `[]`, `[^]`, repeat counts above 255).
 */
export function translateRegexForPostgres(pattern: string, field: string): string {
  try {
    new RegExp(pattern, 'u');
  } catch {
    throw new AppError('INVALID_INPUT', `Field '${field}' must be a valid regular expression, got '${pattern}'.`, {
      details: { field, value: pattern },
    });
  }
  try {
    return translate(pattern);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    throw new AppError(
      'INVALID_INPUT',
      `Field '${field}' uses ${e.message}, which the Postgres store does not support, in '${pattern}'.`,
      {
        details: { field, value: pattern },
      },
    );
  }
}

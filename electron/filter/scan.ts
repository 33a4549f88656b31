/**
 * Character-level reading for the filter text syntax: quoted strings, bare runs, operators, and
 * the one-sentence error shape ("Unexpected '>' at position 6 in 'speed>>3'.").
 */

/** A parse error: 0-based position in the text, the offending token, and one sentence. */
export interface FilterTextError {
  position: number;
  token: string;
  message: string;
}

/** Thrown inside the parser and turned into `{ ok: false, error }` at its boundary. */
export class FilterSyntaxError extends Error {
  constructor(readonly detail: FilterTextError) {
    super(detail.message);
  }
}

/** Tag operators, longest first so `<=` wins over `<`. */
export const TEXT_OPS = ['<=', '>=', '!=', '=', '~', '<', '>'] as const;
export type TextOp = (typeof TEXT_OPS)[number];

const MAX_SHOWN = 80;

function excerpt(text: string, position: number): string {
  if (text.length <= MAX_SHOWN) return text;
  const start = Math.max(0, Math.min(position - 30, text.length - MAX_SHOWN));
  return `${start > 0 ? '…' : ''}${text.slice(start, start + MAX_SHOWN)}${start + MAX_SHOWN < text.length ? '…' : ''}`;
}

/** Builds the error for `token` at `position`; `what` starts the sentence, e.g. "Unexpected '>'". */
export function syntaxError(text: string, position: number, token: string, what: string): FilterSyntaxError {
  return new FilterSyntaxError({
    position,
    token,
    message: `${what} at position ${position} in '${excerpt(text, position)}'.`,
  });
}

export function isSpace(c: string | undefined): boolean {
  return c !== undefined && /\s/u.test(c);
}

/** A read piece: its text, where it started, where reading stopped, and whether it was quoted. */
export interface Piece {
  text: string;
  start: number;
  end: number;
  quoted: boolean;
}

/**
 * Reads `"…"` starting at `start` (which holds the quote). `\"` is a quote and `\\` a backslash;
 * any other backslash is kept as is, so regexes like `"\d+"` need no doubling.
 */
export function readQuoted(text: string, start: number): Piece {
  let out = '';
  let i = start + 1;
  for (;;) {
    const c = text[i];
    if (c === undefined) throw syntaxError(text, start, '"', 'Unterminated quoted string starting');
    if (c === '"') return { text: out, start, end: i + 1, quoted: true };
    if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      out += text[i + 1];
      i += 2;
    } else {
      out += c;
      i += 1;
    }
  }
}

/** Reads characters from `start` while `accept(c, next)` holds. */
export function readBare(text: string, start: number, accept: (c: string, next: string | undefined) => boolean): Piece {
  let i = start;
  while (i < text.length && accept(text[i] as string, text[i + 1])) i += 1;
  return { text: text.slice(start, i), start, end: i, quoted: false };
}

/** Key/word characters: stops at space, quote, `:` and operator characters (`!` only before `=`). */
export function isWordChar(c: string, next: string | undefined): boolean {
  if (isSpace(c) || c === '"' || c === ':' || c === '=' || c === '~' || c === '<' || c === '>') return false;
  return !(c === '!' && next === '=');
}

/** Characters of a bare value in a `key:a,b` list: stops at space, quote and comma. */
export function isListValueChar(c: string): boolean {
  return !isSpace(c) && c !== '"' && c !== ',';
}

/** Characters of a bare value after a tag operator: stops at space and quote. */
export function isOpValueChar(c: string): boolean {
  return !isSpace(c) && c !== '"';
}

/** The operator at `start`, if any. */
export function readOp(text: string, start: number): TextOp | undefined {
  return TEXT_OPS.find((op) => text.startsWith(op, start));
}

/** Reads a quoted or bare value at `start` using `accept` for bare characters. */
export function readValue(text: string, start: number, accept: (c: string) => boolean): Piece {
  return text[start] === '"' ? readQuoted(text, start) : readBare(text, start, (c) => accept(c));
}

/** Throws unless `pos` is the end of the text or a space (a term must end there). */
export function expectTermEnd(text: string, pos: number): void {
  const c = text[pos];
  if (c !== undefined && !isSpace(c)) throw syntaxError(text, pos, c, `Unexpected '${c}'`);
}

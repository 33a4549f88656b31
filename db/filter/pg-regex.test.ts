// translateRegexForPostgres: each construct of the supported subset, and each refusal.
import { describe, expect, it } from 'vitest';
import { translateRegexForPostgres } from './pg-regex.js';

const t = (p: string): string => translateRegexForPostgres(p, 'tags[0].value');

describe('translateRegexForPostgres', () => {
  it.each([
    ['^Ever$', '^Ever$'],
    ['a|b(c)*', 'a|b(c)*'],
    ['(?:ab)+?', '(?:ab)+?'],
    ['x{1,3}y{2}z{2,}', 'x{1,3}y{2}z{2,}'],
    ['.', '[^\n\r\u2028\u2029]'],
    ['\\d\\D\\w\\W', '[0-9][^0-9][A-Za-z0-9_][^A-Za-z0-9_]'],
    ['\\.\\$\\\\\\/\\(', '\\.\\$\\\\\\/\\('],
    ['\\n\\t', '\n\t'],
    ['\\x41\\u00e4\\u{1F600}\\uD83D\\uDE00', 'Aä😀😀'],
    ['%_"\'#', '\\%\\_\\"\\\'\\#'],
    ['[a-z]', '[a-z]'],
    ['[^%_]', '[^\\%\\_]'],
    ['[\\d.\\-]', '[0-9\\.\\-]'],
    ['[\\w\\s]', `[A-Za-z0-9_\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]`],
    ['[[:a]', '[\\[\\:a]'],
    ['[\\b]', '[\b]'],
  ])('%j → %j', (input, output) => {
    expect(t(input)).toBe(output);
  });

  it.each([
    ['(?=a)', '(?='],
    ['(?<n>a)', '(?<'],
    ['(a)\\1', '\\1'],
    ['\\bword', '\\b'],
    ['\\p{L}', '\\p'],
    ['[]', '[]'],
    ['[^]', '[^]'],
    ['[\\D]', '\\D inside [...]'],
    ['a{300}', 'a repeat count above 255 ({300})'],
    ['\\0', '\\0'],
  ])('refuses %j', (input, what) => {
    expect(() => t(input)).toThrow(
      `Field 'tags[0].value' uses ${what}, which the Postgres store does not support, in '${input}'.`,
    );
  });

  it('refuses an invalid pattern naming the field and value', () => {
    expect(() => t('a{')).toThrow("Field 'tags[0].value' must be a valid regular expression, got 'a{'.");
  });
});

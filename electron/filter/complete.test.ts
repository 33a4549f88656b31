// Autocompletion of the filter text: the token at the caret (terms, values, list items, negation,
// quotes, the caret in the middle) and the completions offered from the data passed in.
import { describe, expect, it } from 'vitest';
import {
  applyCompletion,
  completeFilterText,
  completionWants,
  filterTokenAt,
  keyText,
  listItemText,
  valueText,
  type CompletionData,
} from './complete.js';
import { parseFilterText } from './parse.js';

/** `text` with `|` marking the caret. */
function at(marked: string): [string, number] {
  const caret = marked.indexOf('|');
  return [marked.slice(0, caret) + marked.slice(caret + 1), caret];
}
const token = (marked: string) => filterTokenAt(...at(marked));
const DATA: CompletionData = {
  keys: [
    { key: 'kind', count: 40 },
    { key: 'name', count: 30 },
    { key: 'speed', count: 20 },
    { key: 'my key', count: 2 },
    { key: 'Navy', count: 1 },
  ],
  values: [
    { value: 'ship', count: 12 },
    { value: 'Ship wreck', count: 3 },
    { value: 'car', count: 2 },
  ],
  sources: [
    { id: '0190a1b2-aaaa', name: 'Harbour feed' },
    { id: '0190a1b2-bbbb', name: 'AIS' },
  ],
};
const labels = (marked: string, data: CompletionData = DATA) =>
  completeFilterText(...at(marked), data)?.items.map((i) => i.label);
const inserts = (marked: string, data: CompletionData = DATA) =>
  completeFilterText(...at(marked), data)?.items.map((i) => i.insert);

describe('filterTokenAt', () => {
  it('reads a bare word being typed as a term, with its range', () => {
    expect(token('ki|')).toEqual({ at: 'term', from: 0, to: 2, prefix: 'ki', quoted: false, negated: false });
    expect(token('type:node sp|')).toMatchObject({ at: 'term', from: 10, to: 12, prefix: 'sp' });
  });

  it('reads an empty term between terms and at the end, but nothing at the start of an existing term', () => {
    expect(token('kind=ship |')).toMatchObject({ at: 'term', from: 10, to: 10, prefix: '' });
    expect(token('a | b')).toMatchObject({ at: 'term', from: 2, to: 2, prefix: '' });
    expect(token('|')).toMatchObject({ at: 'term', from: 0, to: 0, prefix: '' });
    expect(token('|kind=ship')).toBeUndefined();
  });

  it('reads a negated term, from the minus on', () => {
    expect(token('-|')).toEqual({ at: 'term', from: 0, to: 1, prefix: '', quoted: false, negated: true });
    expect(token('x -st|')).toMatchObject({ at: 'term', from: 2, to: 5, prefix: 'st', negated: true });
    expect(token('|-stale')).toBeUndefined();
  });

  it('reads the caret in the middle of a word: the prefix stops at the caret, the range covers the word', () => {
    expect(token('sp|eed')).toMatchObject({ at: 'term', from: 0, to: 5, prefix: 'sp' });
  });

  it('covers a following operator or colon in a key, so a completion replaces both', () => {
    expect(token('ki|nd=ship')).toMatchObject({ at: 'term', from: 0, to: 5, prefix: 'ki' });
    expect(token('ty|pe:node')).toMatchObject({ at: 'term', from: 0, to: 5, prefix: 'ty' });
    expect(token('sp|eed>=3')).toMatchObject({ at: 'term', from: 0, to: 7, prefix: 'sp' });
  });

  it('reads a quoted key, closed or not, unescaped', () => {
    expect(token('"my k|')).toEqual({ at: 'term', from: 0, to: 5, prefix: 'my k', quoted: true, negated: false });
    expect(token('"a \\"b|')).toMatchObject({ at: 'term', prefix: 'a "b', quoted: true });
    expect(token('"my |key"=1')).toMatchObject({ at: 'term', from: 0, to: 9, prefix: 'my ' });
    expect(token('"my key"|')).toBeUndefined();
  });

  it('reads a value after an operator, with its key and operator', () => {
    expect(token('kind=|')).toEqual({ at: 'value', key: 'kind', op: '=', from: 5, to: 5, prefix: '', quoted: false });
    expect(token('kind=sh|')).toMatchObject({ at: 'value', key: 'kind', from: 5, to: 7, prefix: 'sh' });
    expect(token('-kind!=c| x')).toMatchObject({ at: 'value', key: 'kind', op: '!=', from: 7, to: 8, prefix: 'c' });
    expect(token('speed>=1|')).toMatchObject({ at: 'value', key: 'speed', op: '>=' });
    expect(token('"my key"=v|')).toMatchObject({ at: 'value', key: 'my key', prefix: 'v' });
    expect(token('url=http://a/b=c|')).toMatchObject({ at: 'value', key: 'url', prefix: 'http://a/b=c' });
  });

  it('reads the caret in the middle of a value: the range covers the whole value', () => {
    expect(token('kind=sh|ip speed>1')).toMatchObject({ at: 'value', from: 5, to: 9, prefix: 'sh' });
  });

  it('reads a quoted value, open or closed, and nothing after its closing quote', () => {
    expect(token('name="Ever G|')).toMatchObject({
      at: 'value',
      key: 'name',
      from: 5,
      to: 12,
      prefix: 'Ever G',
      quoted: true,
    });
    expect(token('name="Ev|er" x')).toMatchObject({ at: 'value', from: 5, to: 11, prefix: 'Ev', quoted: true });
    expect(token('name="Ever"|')).toBeUndefined();
    expect(token('name=|"Ever"')).toBeUndefined();
  });

  it('reads nothing inside an operator or after an unknown keyword', () => {
    expect(token('speed>|=3')).toBeUndefined();
    expect(token('foo:b|')).toBeUndefined();
  });

  it('reads the list item at the caret after a keyword, negated or not', () => {
    expect(token('type:|')).toEqual({
      at: 'list',
      keyword: 'type',
      negated: false,
      from: 5,
      to: 5,
      prefix: '',
      quoted: false,
    });
    expect(token('type:node,w|')).toMatchObject({ at: 'list', keyword: 'type', from: 10, to: 11, prefix: 'w' });
    expect(token('-kind:sh|ip,car')).toMatchObject({
      at: 'list',
      keyword: 'kind',
      negated: true,
      from: 6,
      to: 10,
      prefix: 'sh',
    });
    expect(token('kind:"fishing b|')).toMatchObject({ at: 'list', keyword: 'kind', prefix: 'fishing b', quoted: true });
    expect(token('kind:"a b",c|')).toMatchObject({ at: 'list', from: 11, prefix: 'c' });
    expect(token('source:|')).toMatchObject({ at: 'list', keyword: 'source' });
    expect(token('after:2024-01-01T00:0|')).toMatchObject({ at: 'list', keyword: 'after', prefix: '2024-01-01T00:0' });
  });

  it('says which data a token needs', () => {
    expect(completionWants(token('ki|')!)).toEqual({ keys: true });
    expect(completionWants(token('has:|')!)).toEqual({ keys: true });
    expect(completionWants(token('kind=|')!)).toEqual({ valuesOf: 'kind' });
    expect(completionWants(token('kind:|')!)).toEqual({ valuesOf: 'kind' });
    expect(completionWants(token('"my key"!=|')!)).toEqual({ valuesOf: 'my key' });
    expect(completionWants(token('source:|')!)).toEqual({ sources: true });
    expect(completionWants(token('speed>|')!)).toBeNull();
    expect(completionWants(token('name~|')!)).toBeNull();
    expect(completionWants(token('type:|')!)).toBeNull();
    expect(completionWants(token('bbox:|')!)).toBeNull();
  });
});

describe('completeFilterText', () => {
  it('offers tag keys with "=", then keywords, for a bare word (ASCII case-insensitive)', () => {
    expect(labels('ki|')).toEqual(['kind=', 'kind:']);
    expect(labels('NA|')).toEqual(['name=', 'Navy=']);
    expect(labels('s|')).toEqual(['speed=', 'source:', 'stale']);
    expect(labels('zzz|')).toEqual([]);
  });

  it('offers everything for an empty term', () => {
    expect(labels('|')).toEqual([
      'kind=',
      'name=',
      'speed=',
      'my key=',
      'Navy=',
      'type:',
      'kind:',
      'source:',
      'has:',
      'bbox:',
      'after:',
      'before:',
      'stale',
    ]);
  });

  it('offers only the negatable forms after a minus', () => {
    expect(labels('-|', { keys: [{ key: 'kind', count: 1 }] })).toEqual([
      '-kind=',
      '-type:',
      '-kind:',
      '-has:',
      '-stale',
    ]);
    expect(labels('-st|')).toEqual(['-stale']);
    expect(labels('-so|')).toEqual([]);
  });

  it('quotes keys that need it, and offers no keyword for a quoted word', () => {
    expect(inserts('my|')).toEqual(['"my key"=']);
    expect(inserts('"my|')).toEqual(['"my key"=']);
    expect(inserts('"s|')).toEqual(['speed=']);
    expect(inserts('-"my|')).toEqual(['-"my key"=']);
  });

  it('offers the values of the key after = and !=, quoted where needed', () => {
    expect(inserts('kind=|')).toEqual(['ship', '"Ship wreck"', 'car']);
    expect(inserts('kind=sh|')).toEqual(['ship', '"Ship wreck"']);
    expect(inserts('kind=c|')).toEqual(['car']);
    expect(inserts('kind!="sh|')).toEqual(['ship', '"Ship wreck"']);
    expect(labels('speed>|')).toEqual([]);
    expect(labels('name~|')).toEqual([]);
  });

  it('leaves out the completion the token already is', () => {
    expect(inserts('kind=ship|')).toEqual(['"Ship wreck"']);
    expect(inserts('stale|')).toEqual([]);
    expect(inserts('kind|')).toEqual(['kind=', 'kind:']);
  });

  it('offers object types after type:, also negated and within a list', () => {
    expect(labels('type:|')).toEqual(['node', 'way', 'relation']);
    expect(labels('-type:node,|')).toEqual(['node', 'way', 'relation']);
    expect(labels('type:node,r|')).toEqual(['relation']);
  });

  it('offers kinds after kind:, keys after has:, sources by name or id after source:', () => {
    expect(inserts('kind:s|')).toEqual(['ship', '"Ship wreck"']);
    expect(inserts('has:m|')).toEqual(['"my key"']);
    expect(labels('source:|')).toEqual(['Harbour feed', 'AIS']);
    expect(inserts('source:ai|')).toEqual(['0190a1b2-bbbb']);
    expect(inserts('source:0190a1b2-a|')).toEqual(['0190a1b2-aaaa']);
    expect(labels('bbox:|')).toEqual([]);
  });

  it('answers undefined where nothing can be completed', () => {
    expect(completeFilterText(...at('name="Ever"|'), DATA)).toBeUndefined();
  });
});

describe('applyCompletion', () => {
  const accept = (marked: string, insert: string) => {
    const [text, caret] = at(marked);
    const t = filterTokenAt(text, caret)!;
    const done = applyCompletion(text, t, { insert });
    return `${done.text.slice(0, done.caret)}|${done.text.slice(done.caret)}`;
  };

  it('replaces the token and puts the caret after it', () => {
    expect(accept('ki|', 'kind=')).toBe('kind=|');
    expect(accept('type:node ki| speed>1', 'kind=')).toBe('type:node kind=| speed>1');
    expect(accept('kind=sh|ip speed>1', 'car')).toBe('kind=car| speed>1');
    expect(accept('ki|nd=ship', 'kind:')).toBe('kind:|ship');
    expect(accept('-st|', '-stale')).toBe('-stale|');
    expect(accept('name="Ever G|', '"Ever Given"')).toBe('name="Ever Given"|');
    expect(accept('type:node,w|,relation', 'way')).toBe('type:node,way|,relation');
  });
});

describe('quoting of completions', () => {
  it('writes keys, values and list items bare only when they parse back to themselves', () => {
    const cases: [string, string][] = [
      ['kind', 'ship'],
      ['my key', 'a "quoted" value'],
      ['-x', '=eq'],
      ['a:b', 'url=http://a/b=c'],
      ['stale', '~x'],
      ['k', 'x\\y'],
    ];
    for (const [key, value] of cases) {
      const parsed = parseFilterText(`${keyText(key)}=${valueText(value)} has:${listItemText(key)}`);
      expect(parsed).toEqual({
        ok: true,
        filter: {
          tags: [
            { key, op: '=', value },
            { key, op: 'exists' },
          ],
        },
      });
    }
    expect(keyText('kind')).toBe('kind');
    expect(valueText('ship')).toBe('ship');
    expect(valueText('two words')).toBe('"two words"');
    expect(listItemText('a,b')).toBe('"a,b"');
  });
});

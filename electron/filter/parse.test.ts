// Parser tests: every token kind of the text syntax, and every error with its position and token.
import { describe, expect, it } from 'vitest';
import { parseFilterText } from './parse.js';

function ok(text: string): unknown {
  const r = parseFilterText(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.filter;
}

function err(text: string): { position: number; token: string; message: string } {
  const r = parseFilterText(text);
  if (r.ok) throw new Error(`parsed: ${JSON.stringify(r.filter)}`);
  return r.error;
}

describe('parseFilterText: accepted forms', () => {
  it('parses an empty or blank text to an empty filter', () => {
    expect(ok('')).toEqual({});
    expect(ok('  \t\n ')).toEqual({});
  });

  it('parses the example from the architecture', () => {
    expect(ok('type:node kind=ship speed>10 name~"^Ever" -stale')).toEqual({
      types: ['node'],
      tags: [
        { key: 'kind', op: '=', value: 'ship' },
        { key: 'speed', op: '>', value: 10 },
        { key: 'name', op: '~', value: '^Ever' },
      ],
      stale: false,
    });
  });

  it('parses keyword lists: type, kind, source, has, bbox, after, before', () => {
    expect(ok('type:node,way,node')).toEqual({ types: ['node', 'way'] });
    expect(ok('kind:ship,"fishing boat"')).toEqual({ kinds: ['ship', 'fishing boat'] });
    expect(ok('source:0b9e-11,abc')).toEqual({ source_ids: ['0b9e-11', 'abc'] });
    expect(ok('has:name,"my key"')).toEqual({
      tags: [
        { key: 'name', op: 'exists' },
        { key: 'my key', op: 'exists' },
      ],
    });
    expect(ok('bbox:-10.5,-5,10,5e1')).toEqual({ bbox: [-10.5, -5, 10, 50] });
    expect(ok('after:2024-01-01T00:00:00Z before:2024-02-01T00:00:00.000+02:00')).toEqual({
      observed_after: '2024-01-01T00:00:00Z',
      observed_before: '2024-02-01T00:00:00.000+02:00',
    });
  });

  it('parses negations: -type, -kind, -has, -key=v, -key!=v, -stale', () => {
    expect(ok('-type:node')).toEqual({ types: ['way', 'relation'] });
    expect(ok('-kind:ship,car')).toEqual({
      tags: [
        { key: 'kind', op: '!=', value: 'ship' },
        { key: 'kind', op: '!=', value: 'car' },
      ],
    });
    expect(ok('-has:draft')).toEqual({ tags: [{ key: 'draft', op: 'missing' }] });
    expect(ok('-kind=ship -kind!=car')).toEqual({
      tags: [
        { key: 'kind', op: '!=', value: 'ship' },
        { key: 'kind', op: '=', value: 'car' },
      ],
    });
    expect(ok('stale')).toEqual({ stale: true });
    expect(ok('-stale')).toEqual({ stale: false });
  });

  it('parses every tag operator', () => {
    expect(ok('a=1 b!=x c~^d e<1 f<=-2.5 g>1e3 h>=0')).toEqual({
      tags: [
        { key: 'a', op: '=', value: '1' },
        { key: 'b', op: '!=', value: 'x' },
        { key: 'c', op: '~', value: '^d' },
        { key: 'e', op: '<', value: 1 },
        { key: 'f', op: '<=', value: -2.5 },
        { key: 'g', op: '>', value: 1000 },
        { key: 'h', op: '>=', value: 0 },
      ],
    });
  });

  it('parses quoted keys and values with escapes; other backslashes stay', () => {
    expect(ok('"my key"="a \\"b\\" \\\\ c"')).toEqual({ tags: [{ key: 'my key', op: '=', value: 'a "b" \\ c' }] });
    expect(ok('name~"\\d+ x"')).toEqual({ tags: [{ key: 'name', op: '~', value: '\\d+ x' }] });
    expect(ok('name~^\\d+$')).toEqual({ tags: [{ key: 'name', op: '~', value: '^\\d+$' }] });
    expect(ok('name=""')).toEqual({ tags: [{ key: 'name', op: '=', value: '' }] });
    expect(ok('url=http://x.org/a=b')).toEqual({ tags: [{ key: 'url', op: '=', value: 'http://x.org/a=b' }] });
  });

  it('joins bare words and quoted phrases into one free-text phrase', () => {
    expect(ok('"free  text" bare words')).toEqual({ q: 'free  text bare words' });
    expect(ok('"stale" "type:node" hello!')).toEqual({ q: 'stale type:node hello!' });
    expect(ok('type=node')).toEqual({ tags: [{ key: 'type', op: '=', value: 'node' }] });
  });
});

describe('parseFilterText: errors name the position and the token', () => {
  const cases: Array<[string, number, string, string]> = [
    ['speed>>3', 6, '>', "Unexpected '>' at position 6 in 'speed>>3'."],
    ['name="a"b', 8, 'b', "Unexpected 'b' at position 8 in 'name=\"a\"b'."],
    ['name="abc', 5, '"', "Unterminated quoted string starting at position 5 in 'name=\"abc'."],
    [
      'foo:bar',
      0,
      'foo:',
      "Unknown filter 'foo:' (use type, kind, source, has, bbox, after or before; quote text containing ':') at position 0 in 'foo:bar'.",
    ],
    ['"type":node', 6, ':', "Unexpected ':' at position 6 in '\"type\":node'."],
    ['a - b', 2, '-', "Expected a filter after '-' at position 2 in 'a - b'."],
    [
      '-word',
      0,
      '-word',
      "Negation is not supported for free text (quote it to search for '-') at position 0 in '-word'.",
    ],
    ['-bbox:1,2,3,4', 0, '-bbox:', "Negation is not supported for 'bbox:' at position 0 in '-bbox:1,2,3,4'."],
    [
      '-speed>3',
      0,
      '-',
      "Negation is not supported for '>' (write the opposite comparison) at position 0 in '-speed>3'.",
    ],
    ['name= x', 4, '=', "Expected a value after '=' at position 4 in 'name= x'."],
    ['type:', 5, '', "Expected a value after 'type:' at position 5 in 'type:'."],
    ['type:node,', 10, '', "Expected a value after ',' at position 10 in 'type:node,'."],
    ['kind:,ship', 5, ',', "Unexpected ',' at position 5 in 'kind:,ship'."],
    [
      'type:node,area',
      10,
      'area',
      "Unknown object type 'area' (use node, way or relation) at position 10 in 'type:node,area'.",
    ],
    ['speed>fast', 6, 'fast', "Expected a number after '>' but got 'fast' at position 6 in 'speed>fast'."],
    [
      'bbox:1,2,3',
      5,
      'bbox:',
      "Expected 4 numbers west,south,east,north after 'bbox:' but got 3 at position 5 in 'bbox:1,2,3'.",
    ],
    ['bbox:1,2,x,4', 9, 'x', "Expected a number in 'bbox:' but got 'x' at position 9 in 'bbox:1,2,x,4'."],
    [
      'bbox:10,0,5,1',
      5,
      '10,0,5,1',
      "Invalid bbox '10,0,5,1' (west,south,east,north in degrees, west <= east, south <= north) at position 5 in 'bbox:10,0,5,1'.",
    ],
    [
      'after:yesterday',
      6,
      'yesterday',
      "Invalid time 'yesterday' after 'after:' (use ISO 8601 like 2024-01-01T00:00:00Z) at position 6 in 'after:yesterday'.",
    ],
    ['type:node type:way', 10, 'type', "Duplicate 'type:' at position 10 in 'type:node type:way'."],
    ['stale -stale', 7, 'stale', "Duplicate 'stale' at position 7 in 'stale -stale'."],
    ['name~"("', 5, '(', "Invalid regular expression '(' at position 5 in 'name~\"(\"'."],
    ['""=x', 0, '""', 'Empty tag key at position 0 in \'""=x\'.'],
    ['=x', 0, '=', "Unexpected '=' at position 0 in '=x'."],
  ];
  it.each(cases)('%s → position %i, token %j', (text, position, token, message) => {
    expect(err(text)).toEqual({ position, token, message });
  });

  it('refuses a tag key longer than 255 characters', () => {
    const e = err(`${'k'.repeat(256)}=1`);
    expect(e.position).toBe(0);
    expect(e.message).toMatch(/^Tag key longer than 255 characters at position 0 in '.{80}…'\.$/u);
  });

  it('shows an excerpt around the position of a long text', () => {
    const text = `${'a '.repeat(60)}speed>>3`;
    const e = err(text);
    expect(e.position).toBe(126);
    expect(e.message).toContain('…');
    expect(e.message).toContain('speed>>3');
  });
});

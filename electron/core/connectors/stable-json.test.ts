// stableJson: sorted keys, same text as JSON.stringify for plain data, and no stack overflow at any depth.
import { describe, expect, it } from 'vitest';
import { stableJson } from './stable-json.js';

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i += 1) value = i % 2 === 0 ? { a: value } : [value];
  return value;
}

describe('stableJson', () => {
  it('writes plain data as JSON.stringify does, with object keys sorted', () => {
    const value = { b: [1, 'x', null, true, { d: 2, c: [] }], a: { z: {}, y: 'é"\n' }, n: -0.5 };
    expect(stableJson(value)).toBe('{"a":{"y":"é\\"\\n","z":{}},"b":[1,"x",null,true,{"c":[],"d":2}],"n":-0.5}');
    expect(JSON.parse(stableJson(value))).toEqual(value);
    expect(stableJson({ b: 1, a: 2 })).toBe(stableJson({ a: 2, b: 1 }));
    expect(stableJson({ a: 1 })).not.toBe(stableJson({ a: 2 }));
    expect(stableJson([])).toBe('[]');
    expect(stableJson('s')).toBe('"s"');
    expect(stableJson(undefined)).toBe('null');
    expect(stableJson({ a: undefined })).toBe('{"a":null}');
  });

  it('handles 100,000 levels of nesting without overflowing the stack', () => {
    const text = stableJson(nested(100_000));
    expect(text.length).toBe(50_000 * '{"a":}'.length + 50_000 * '[]'.length + '1'.length);
    expect(text.startsWith('[{"a":[{"a":')).toBe(true);
  });
});

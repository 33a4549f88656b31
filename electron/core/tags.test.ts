import { describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors.js';
import { normalizeTagPatch, normalizeTags } from './tags.js';

const err = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).message;
  }
  throw new Error('expected a throw');
};

describe('normalizeTags', () => {
  it('copies valid tags into a null-prototype object', () => {
    const tags = normalizeTags({ name: 'Ever Given', speed: 12.5, moving: true, n: -0 });
    expect(Object.getPrototypeOf(tags)).toBeNull();
    expect({ ...tags }).toEqual({ name: 'Ever Given', speed: 12.5, moving: true, n: 0 });
    expect(Object.keys(normalizeTags(undefined))).toEqual([]);
  });

  it('accepts up to 1000 keys of up to 255 characters and refuses more', () => {
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(normalizeTags(many))).toHaveLength(1000);
    expect(err(() => normalizeTags({ ...many, extra: 1 }))).toBe("Field 'tags' must have at most 1000 keys, got 1001.");
    expect(Object.keys(normalizeTags({ ['k'.repeat(255)]: 1 }))).toHaveLength(1);
    expect(err(() => normalizeTags({ ['k'.repeat(256)]: 1 }))).toMatch(/must be at most 255 characters, got 256\.$/);
    expect(err(() => normalizeTags({ '': 1 }))).toBe("Field 'tags' must not have an empty key.");
  });

  it('refuses values that are not string, finite number or boolean', () => {
    expect(err(() => normalizeTags({ a: { b: 1 } }))).toBe(
      "Tag 'tags.a' must be a string, number or boolean, got an object.",
    );
    expect(err(() => normalizeTags({ a: [1] }))).toBe("Tag 'tags.a' must be a string, number or boolean, got [1].");
    expect(err(() => normalizeTags({ a: null }))).toBe("Tag 'tags.a' must be a string, number or boolean, got null.");
    expect(err(() => normalizeTags({ a: Infinity }))).toBe("Tag 'tags.a' must be a finite number, got Infinity.");
    expect(err(() => normalizeTags({ a: NaN }))).toBe("Tag 'tags.a' must be a finite number, got NaN.");
    expect(err(() => normalizeTags({ a: 'x'.repeat(10_001) }))).toBe(
      "Tag 'tags.a' must be at most 10000 characters, got 10001.",
    );
    expect(normalizeTags({ a: 'x'.repeat(10_000) }).a).toHaveLength(10_000);
    expect(err(() => normalizeTags('name=x'))).toBe("Field 'tags' must be an object of key/value pairs, got 'name=x'.");
    expect(err(() => normalizeTags([['a', 1]]))).toMatch(/^Field 'tags' must be an object/);
  });

  it('refuses a __proto__ key and keeps constructor/prototype as plain data without pollution', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as unknown;
    expect(err(() => normalizeTags(parsed))).toBe("Tag key '__proto__' in 'tags' is reserved and cannot be used.");
    const tags = normalizeTags(JSON.parse('{"constructor": "x", "prototype": 1, "toString": "y"}'));
    expect(tags.constructor).toBe('x');
    expect(tags.toString).toBe('y');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});

describe('normalizeTagPatch', () => {
  it('keeps null values (delete on merge) and checks everything else', () => {
    expect({ ...normalizeTagPatch({ a: null, b: 1 }) }).toEqual({ a: null, b: 1 });
    expect(err(() => normalizeTagPatch({ b: undefined }))).toMatch(/got nothing\.$/);
  });
});

// Lone UTF-16 surrogates are refused wherever text is stored: ids (normalize.ts) and every tag map
// (tags.ts: publisher objects, REST pushes, RPC edits, imports); well-formed Unicode passes unchanged.
import { describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors.js';
import { normalizeTagPatch, normalizeTags } from './tags.js';
import { assertWellFormed } from './well-formed.js';

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('assertWellFormed', () => {
  it('accepts well-formed text, surrogate pairs included', () => {
    for (const text of ['', 'abc', 'é ß 漢字', 'ship \ud83d\udea2', '\ud800\udc00'])
      expect(() => assertWellFormed(text, 'f')).not.toThrow();
  });

  it('refuses a lone high or low surrogate, naming the field and the position', () => {
    const high = refusal(() => assertWellFormed('abc\ud800', 'osm_id'));
    expect(high.message).toBe(
      "Field 'osm_id' holds a lone UTF-16 surrogate at character 3; send well-formed Unicode text.",
    );
    expect(high.details).toEqual({ field: 'osm_id' });
    expect(refusal(() => assertWellFormed('\udc00abc', 'x')).message).toContain('at character 0');
    expect(refusal(() => assertWellFormed('a\ud800b\udc00', 'x')).message).toContain('at character 1');
  });
});

describe('tag maps', () => {
  it('refuse lone surrogates in keys and string values, for new tags and for RPC edits', () => {
    expect(refusal(() => normalizeTags({ name: 'x\ud83d' })).message).toBe(
      "Tag 'tags.name' holds a lone UTF-16 surrogate at character 1; send well-formed Unicode text.",
    );
    expect(refusal(() => normalizeTags({ ['k\udfff']: 1 })).message).toContain("A tag key in 'tags' holds a lone");
    expect(refusal(() => normalizeTagPatch({ name: '\udc00' })).code).toBe('INVALID_INPUT');
    expect(normalizeTags({ '🚢': 'ship \ud83d\udea2' })['🚢']).toBe('ship 🚢');
  });
});

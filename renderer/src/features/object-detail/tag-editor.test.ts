import { describe, expect, it } from 'vitest';
import { overrideNote, parseTagValue } from './tag-editor.js';

describe('parseTagValue', () => {
  it('keeps a number tag a number while the text reads as one, else a string', () => {
    expect(parseTagValue('12.5', 3)).toBe(12.5);
    expect(parseTagValue('fast', 3)).toBe('fast');
    expect(parseTagValue('', 3)).toBe('');
  });
  it('keeps a boolean tag a boolean for true/false only', () => {
    expect(parseTagValue('false', true)).toBe(false);
    expect(parseTagValue('no', true)).toBe('no');
  });
  it('leaves strings and new tags as strings', () => {
    expect(parseTagValue('42', 'x')).toBe('42');
    expect(parseTagValue('42', undefined)).toBe('42');
  });
});

describe('overrideNote', () => {
  it('says a key was edited or removed by hand, and what the feed says', () => {
    expect(overrideNote({ value: 'Checked', feed: 'EVERGIVEN' })).toBe('Edited by hand; the feed says “EVERGIVEN”.');
    expect(overrideNote({ value: null, feed: 'tanker' })).toBe('Removed by hand; the feed says “tanker”.');
    expect(overrideNote({ value: 'x', feed: null })).toBe('Edited by hand; the feed has no value.');
  });
});

import { describe, expect, it } from 'vitest';
import { toggle } from './filter-bar-state.js';

describe('toggle', () => {
  it('adds a missing value and removes a present one', () => {
    expect(toggle(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a')).toEqual(['b']);
  });
});

import { describe, expect, it } from 'vitest';
import { errorPosition, toggle } from './filter-bar-state.js';

describe('toggle', () => {
  it('adds a missing value and removes a present one', () => {
    expect(toggle(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a')).toEqual(['b']);
  });
});

describe('errorPosition', () => {
  it('reads position and token from error details', () => {
    expect(errorPosition({ position: 5, token: '>>' })).toEqual({ position: 5, token: '>>' });
  });
  it('answers null when details do not say where', () => {
    expect(errorPosition(undefined)).toBeNull();
    expect(errorPosition({ field: 'text' })).toBeNull();
  });
});

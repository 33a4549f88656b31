import { describe, expect, it } from 'vitest';
import { containsBbox, nextSubscriptionBbox, padBbox } from './view-bbox.js';

describe('nextSubscriptionBbox', () => {
  it('pads a fresh view by half its size on each side', () => {
    expect(nextSubscriptionBbox([0, 0, 10, 10], null)).toEqual([-5, -5, 15, 15]);
  });
  it('keeps the current bbox while the view stays inside it', () => {
    expect(nextSubscriptionBbox([1, 1, 11, 11], [-5, -5, 15, 15])).toBeNull();
  });
  it('asks for a new bbox when the view leaves the current one', () => {
    expect(nextSubscriptionBbox([10, 10, 20, 20], [-5, -5, 15, 15])).toEqual([5, 5, 25, 25]);
  });
  it('asks for a new bbox when the view is much smaller than the current one (zoomed in)', () => {
    expect(nextSubscriptionBbox([0, 0, 1, 1], [-5, -5, 15, 15])).toEqual([-0.5, -0.5, 1.5, 1.5]);
  });
});

describe('padBbox', () => {
  it('covers the whole width when the padded view would span the globe', () => {
    expect(padBbox([-170, -10, 170, 10])).toEqual([-180, -20, 180, 20]);
  });
  it('clamps latitude to the poles', () => {
    expect(padBbox([0, 60, 10, 89])[3]).toBe(90);
  });
});

describe('containsBbox', () => {
  it('accepts an inner box and rejects one that sticks out', () => {
    expect(containsBbox([0, 0, 10, 10], [1, 1, 9, 9])).toBe(true);
    expect(containsBbox([0, 0, 10, 10], [1, 1, 11, 9])).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_STALE_AFTER_S } from './staleness.js';
import { clampStaleAfter, formatStaleAfter, parseStaleThresholds, withStaleAfter } from './stale-thresholds.js';

describe('parseStaleThresholds', () => {
  it('gives the defaults when nothing was saved or the saved text is not JSON', () => {
    expect(parseStaleThresholds(null)).toEqual(DEFAULT_STALE_AFTER_S);
    expect(parseStaleThresholds('{')).toEqual(DEFAULT_STALE_AFTER_S);
    expect(parseStaleThresholds('[1]')).toEqual(DEFAULT_STALE_AFTER_S);
  });
  it('puts saved kinds over the defaults, never included, and ignores unknown kinds and bad values', () => {
    const t = parseStaleThresholds(JSON.stringify({ ship: 120, sensor: null, car: 'x', ufo: 5, drone: -4 }));
    expect(t).toEqual({ ...DEFAULT_STALE_AFTER_S, ship: 120, sensor: null, drone: null });
    expect('ufo' in t).toBe(false);
  });
});

describe('withStaleAfter and clampStaleAfter', () => {
  it('keeps a threshold within 1 s and a year, and a non-positive or empty one means never', () => {
    expect(withStaleAfter(DEFAULT_STALE_AFTER_S, 'ship', 30).ship).toBe(30);
    expect(clampStaleAfter(0.2)).toBe(1);
    expect(clampStaleAfter(10 ** 12)).toBe(365 * 86_400);
    expect(clampStaleAfter(0)).toBeNull();
    expect(clampStaleAfter(Number.NaN)).toBeNull();
    expect(clampStaleAfter(null)).toBeNull();
  });
});

describe('formatStaleAfter', () => {
  it('says seconds, minutes and hours as a person would', () => {
    expect(formatStaleAfter(45)).toBe('45 s');
    expect(formatStaleAfter(60)).toBe('1 min');
    expect(formatStaleAfter(90)).toBe('1 min 30 s');
    expect(formatStaleAfter(900)).toBe('15 min');
    expect(formatStaleAfter(3600)).toBe('1 h');
    expect(formatStaleAfter(null)).toBe('never');
  });
});

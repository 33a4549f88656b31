import { describe, expect, it } from 'vitest';
import { autoRingStep, metresPerPixel, niceStep, niceStepIn, parseRingStep, ringRadii } from './ring-steps.js';

describe('ring steps', () => {
  it('rounds down to 1, 2 or 5 × 10ⁿ metres, within 10 m and 2,000 km', () => {
    expect(niceStep(1_258)).toBe(1_000);
    expect(niceStep(2_000)).toBe(2_000);
    expect(niceStep(4_999)).toBe(2_000);
    expect(niceStep(7_300)).toBe(5_000);
    expect(niceStep(73)).toBe(50);
    expect(niceStep(3)).toBe(10);
    expect(niceStep(9e6)).toBe(2_000_000);
  });

  it('fits five rings in the view at its zoom: 1 km at z12 in a 700 px map at 54° N, 2 km one zoom out', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(156_543.03, 2);
    const view = { width: 1000, height: 700 };
    expect(autoRingStep(54, 12, view)).toBe(1_000);
    expect(autoRingStep(54, 11, view)).toBe(2_000);
    expect(autoRingStep(54, 9, view)).toBe(10_000);
    expect(autoRingStep(54, 18, view)).toBe(10);
  });

  it('lists the radii', () => {
    expect(ringRadii(2_000)).toEqual([2_000, 4_000, 6_000, 8_000, 10_000]);
  });

  it('reads the step field in km; empty is automatic; refuses nonsense with a sentence', () => {
    expect(parseRingStep('')).toEqual({ ok: true, stepM: null });
    expect(parseRingStep(' 2 ')).toEqual({ ok: true, stepM: 2_000 });
    expect(parseRingStep('0,5')).toEqual({ ok: true, stepM: 500 });
    expect(parseRingStep('abc')).toEqual({
      ok: false,
      reason: 'The ring step must be a number of km above 0, got "abc".',
    });
    expect(parseRingStep('-1').ok).toBe(false);
    expect(parseRingStep('5000')).toEqual({
      ok: false,
      reason: 'The ring step must be between 0.01 and 2000 km, got 5000 km.',
    });
  });

  it('steps in feet below half a mile and in miles from there when the units are imperial', () => {
    const ft = 0.3048;
    const mi = 1609.344;
    expect(niceStepIn(700, 'imperial')).toBeCloseTo(2000 * ft, 6);
    expect(niceStepIn(100, 'imperial')).toBeCloseTo(200 * ft, 6);
    expect(niceStepIn(900, 'imperial')).toBeCloseTo(0.5 * mi, 6);
    expect(niceStepIn(5_000, 'imperial')).toBeCloseTo(2 * mi, 6);
    expect(niceStepIn(10_000_000, 'imperial')).toBeCloseTo(1000 * mi, 6);
    expect(niceStepIn(5_000, 'metric')).toBe(5_000);
    expect(autoRingStep(54, 12, { width: 1000, height: 700 }, 'imperial')).toBeCloseTo(0.5 * mi, 6);
  });

  it('reads the step field in miles when imperial, with the same sentences', () => {
    expect(parseRingStep('2', 'imperial')).toEqual({ ok: true, stepM: 2 * 1609.344 });
    expect(parseRingStep('x', 'imperial')).toEqual({
      ok: false,
      reason: 'The ring step must be a number of mi above 0, got "x".',
    });
    expect(parseRingStep('5000', 'imperial')).toEqual({
      ok: false,
      reason: 'The ring step must be between 0.01 and 1200 mi, got 5000 mi.',
    });
  });
});

// Reconnect delays grow exponentially, spread by jitter, and never exceed the bound.
import { describe, expect, it } from 'vitest';
import { computeBackoff, pollBackoff } from './backoff.js';

const settings = { initial_ms: 100, max_ms: 2000, factor: 2, jitter: 0.25 };

describe('computeBackoff', () => {
  it('grows by the factor without jitter at the midpoint', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => computeBackoff(settings, a, () => 0.5))).toEqual([
      100, 200, 400, 800, 1600, 2000, 2000,
    ]);
  });

  it('spreads by at most the jitter fraction and stays within max_ms', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const base = Math.min(2000, 100 * 2 ** attempt);
      for (const r of [0, 0.1, 0.5, 0.9, 0.999]) {
        const delay = computeBackoff(settings, attempt, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.75));
        expect(delay).toBeLessThanOrEqual(2000);
      }
    }
  });
});

describe('pollBackoff', () => {
  it('steps up per failure, honours the server’s wait within the bound, says why, and starts over after reset', () => {
    const states: { error: string; nextRetryAt: number }[] = [];
    const warnings: string[] = [];
    const ctx = {
      sourceId: 's',
      now: () => 1000,
      setState: (c: { error: string; nextRetryAt: number }) => states.push(c),
      log: { warn: (m: string) => warnings.push(m) },
    };
    const steady = { ...settings, jitter: 0 };
    const { backOff, reset } = pollBackoff(ctx, steady, 'test poll');
    expect([backOff('a'), backOff('b'), backOff('c', 60_000)]).toEqual([100, 200, 2000]);
    expect(states.map((s) => [s.error, s.nextRetryAt])).toEqual([
      ['a', 1100],
      ['b', 1200],
      ['c', 3000],
    ]);
    expect(warnings).toEqual(['test poll failed; waiting', 'test poll failed; waiting', 'test poll failed; waiting']);
    reset();
    expect(backOff('d')).toBe(100);
  });
});

// The stale rule's helpers (electron/contract/staleness.ts), beside the filter that compiles them.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STALE_AFTER_S,
  isStaleAt,
  staleAtMs,
  staleClockByKind,
  staleKindGroups,
  staleLimitMs,
} from '../contract/staleness.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');

describe('staleLimitMs and staleKindGroups', () => {
  it("gives a kind's threshold in ms, other's for an unknown or non-string kind, null for never", () => {
    expect(staleLimitMs(DEFAULT_STALE_AFTER_S, 'aircraft')).toBe(60_000);
    expect(staleLimitMs(DEFAULT_STALE_AFTER_S, 'ufo')).toBe(600_000);
    expect(staleLimitMs(DEFAULT_STALE_AFTER_S, 7)).toBe(600_000);
    expect(staleLimitMs(DEFAULT_STALE_AFTER_S, 'aton')).toBeNull();
  });

  it('groups the kinds by threshold for SQL, other left out', () => {
    expect(staleKindGroups(DEFAULT_STALE_AFTER_S)).toEqual([
      { limitMs: 60_000, kinds: ['aircraft', 'drone'] },
      { limitMs: 300_000, kinds: ['car', 'phone', 'person'] },
      { limitMs: 900_000, kinds: ['ship'] },
      { limitMs: 3_600_000, kinds: ['sensor'] },
      { limitMs: null, kinds: ['base_station', 'aton'] },
    ]);
  });
});

describe('staleAtMs', () => {
  const cases = [
    { tracked: true, observedMs: NOW - 30_000, ownStale: null, kind: 'aircraft' },
    { tracked: true, observedMs: NOW - 30_000, ownStale: null, kind: 'ship' },
    { tracked: true, observedMs: NOW, ownStale: null, kind: 'aton' },
    { tracked: false, observedMs: 0, ownStale: null, kind: undefined },
    { tracked: true, observedMs: 0, ownStale: new Date(NOW + 5_000).toISOString(), kind: 'person' },
  ];

  it('is the first moment isStaleAt holds, Infinity when it never does', () => {
    for (const o of cases) {
      const at = staleAtMs(o, DEFAULT_STALE_AFTER_S);
      if (at === Infinity) {
        expect(isStaleAt(o, staleClockByKind(NOW + 10 * 365 * 86_400_000, DEFAULT_STALE_AFTER_S))).toBe(false);
        continue;
      }
      expect(isStaleAt(o, staleClockByKind(at - 1, DEFAULT_STALE_AFTER_S)), JSON.stringify(o)).toBe(false);
      expect(isStaleAt(o, staleClockByKind(at, DEFAULT_STALE_AFTER_S)), JSON.stringify(o)).toBe(true);
    }
    expect(staleAtMs(cases[0]!, DEFAULT_STALE_AFTER_S)).toBe(NOW + 30_001);
  });
});

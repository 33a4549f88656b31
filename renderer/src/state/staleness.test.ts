import { describe, expect, it } from 'vitest';
import { isStale, isTracked } from './staleness.js';

describe('isTracked', () => {
  it('counts objects with a kind, a speed or a heading as tracked', () => {
    expect(isTracked({ kind: 'ship' })).toBe(true);
    expect(isTracked({ kind: 'buoy' })).toBe(true);
    expect(isTracked({ speed: 0 })).toBe(true);
    expect(isTracked({ heading: 90 })).toBe(true);
  });
  it('counts OSM elements without them as static', () => {
    expect(isTracked({ amenity: 'cafe', name: 'Café de Paris' })).toBe(false);
    expect(isTracked({ highway: 'residential' })).toBe(false);
    expect(isTracked({})).toBe(false);
  });
});

describe('isStale', () => {
  const before = Date.parse('2026-03-10T12:00:00Z');
  const old = Date.parse('2023-12-01T00:00:00Z');
  it('is stale for a tracked object without an update since the threshold', () => {
    expect(isStale({ tracked: true, observedMs: old }, before)).toBe(true);
    expect(isStale({ tracked: true, observedMs: before + 1 }, before)).toBe(false);
  });
  it('is never stale for a static object, however old its last edit', () => {
    expect(isStale({ tracked: false, observedMs: old }, before)).toBe(false);
  });
});

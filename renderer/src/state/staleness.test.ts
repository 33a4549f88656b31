import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STALE_AFTER_S,
  isStale,
  isTracked,
  ownStale,
  staleClock,
  staleClockByKind,
  staleKindOf,
} from './staleness.js';

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
  const now = Date.parse('2026-03-10T12:05:00Z');
  const clock = staleClock(now, 5 * 60_000);
  const old = Date.parse('2023-12-01T00:00:00Z');
  const entry = (tracked: boolean, observedMs: number, own: string | null = null) => ({
    tracked,
    observedMs,
    ownStale: own,
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  it('is stale for a tracked object without an update within the window', () => {
    expect(isStale(entry(true, old), clock)).toBe(true);
    expect(isStale(entry(true, now - 5 * 60_000 + 1), clock)).toBe(false);
  });
  it('is never stale for a static object, however old its last edit', () => {
    expect(isStale(entry(false, old), clock)).toBe(false);
  });
  it("follows an object's own expiry (CoT's stale time) when it carries one, either way", () => {
    expect(isStale(entry(true, now, iso(now - 1)), clock)).toBe(true);
    expect(isStale(entry(true, old, iso(now + 60_000)), clock)).toBe(false);
    expect(isStale(entry(false, now, iso(now)), clock)).toBe(true);
  });
  it('reads the own expiry from the cot:stale tag', () => {
    expect(ownStale({ 'cot:stale': '2026-03-10T12:07:00.000Z' })).toBe('2026-03-10T12:07:00.000Z');
    expect(ownStale({ 'cot:stale': 5 })).toBeNull();
    expect(ownStale({ kind: 'person' })).toBeNull();
  });
});

describe('isStale with a threshold per kind', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const clock = staleClockByKind(now, DEFAULT_STALE_AFTER_S);
  const at = (kind: string | undefined, agoS: number) => ({
    tracked: true,
    observedMs: now - agoS * 1000,
    ownStale: null,
    kind,
  });
  it("uses each kind's own threshold", () => {
    expect(isStale(at('aircraft', 61), clock)).toBe(true);
    expect(isStale(at('ship', 61), clock)).toBe(false);
    expect(isStale(at('ship', 901), clock)).toBe(true);
    expect(isStale(at('sensor', 1800), clock)).toBe(false);
  });
  it("puts unknown kinds and tracked objects without a kind under 'other'", () => {
    expect(staleKindOf('buoy')).toBe('other');
    expect(staleKindOf(undefined)).toBe('other');
    expect(isStale(at('buoy', 601), clock)).toBe(true);
    expect(isStale(at(undefined, 599), clock)).toBe(false);
  });
  it('never makes a fixed kind or a static object stale', () => {
    expect(isStale(at('aton', 10 * 365 * 86_400), clock)).toBe(false);
    expect(isStale({ ...at(undefined, 10 * 365 * 86_400), tracked: false }, clock)).toBe(false);
    const never = staleClockByKind(now, { ...DEFAULT_STALE_AFTER_S, ship: null });
    expect(isStale(at('ship', 86_400), never)).toBe(false);
  });
  it("still honours an object's own expiry", () => {
    expect(isStale({ ...at('aton', 0), ownStale: new Date(now - 1000).toISOString() }, clock)).toBe(true);
  });
});

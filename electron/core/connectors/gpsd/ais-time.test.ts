import { describe, expect, it } from 'vitest';
import { aisObservedAt } from './ais-time.js';

describe('aisObservedAt', () => {
  const arrival = Date.UTC(2026, 0, 1, 12, 0, 30, 250);
  it('takes the same minute when the second has passed, the minute before otherwise', () => {
    expect(aisObservedAt(30, arrival)).toBe(Date.UTC(2026, 0, 1, 12, 0, 30));
    expect(aisObservedAt(0, arrival)).toBe(Date.UTC(2026, 0, 1, 12, 0, 0));
    expect(aisObservedAt(31, arrival)).toBe(Date.UTC(2026, 0, 1, 11, 59, 31));
    expect(aisObservedAt(59, arrival)).toBe(Date.UTC(2026, 0, 1, 11, 59, 59));
  });
  it('uses arrival when the second is not available (60–63) or absent', () => {
    for (const s of [60, 61, 62, 63, undefined]) expect(aisObservedAt(s, arrival)).toBe(arrival);
  });
});

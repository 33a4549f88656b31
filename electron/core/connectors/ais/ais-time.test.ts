import { describe, expect, it } from 'vitest';
import { aisObservedAt, aisReportTime } from './ais-time.js';

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

describe('aisReportTime', () => {
  const arrival = Date.UTC(2026, 0, 1, 12, 0, 30, 250);
  it("takes a base station's full time, or its second when that time is over a day ahead of arrival", () => {
    const time = Date.UTC(2025, 11, 31, 23, 59, 59);
    expect(aisReportTime({ type: 4, mmsi: 2, time, second: 10, statics: {} }, arrival)).toBe(time);
    const ahead = arrival + 2 * 86_400_000;
    expect(aisReportTime({ type: 4, mmsi: 2, time: ahead, second: 10, statics: {} }, arrival)).toBe(
      Date.UTC(2026, 0, 1, 12, 0, 10),
    );
  });
  it('dates other reports by their UTC second, or by arrival without one', () => {
    expect(aisReportTime({ type: 1, mmsi: 1, second: 31, statics: {} }, arrival)).toBe(
      Date.UTC(2026, 0, 1, 11, 59, 31),
    );
    expect(aisReportTime({ type: 27, mmsi: 1, statics: {} }, arrival)).toBe(arrival);
  });
});

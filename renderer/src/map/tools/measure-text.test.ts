import { describe, expect, it } from 'vitest';
import { formatBearing, formatDistance, formatNauticalMiles, formatRadius, measureText } from './measure-text.js';

describe('measure text', () => {
  it('writes distances in m below 1 km, km above, and nautical miles', () => {
    expect(formatDistance(8.46)).toBe('8.5 m');
    expect(formatDistance(850.2)).toBe('850 m');
    expect(formatDistance(999.7)).toBe('1.00 km');
    expect(formatDistance(5_432)).toBe('5.43 km');
    expect(formatDistance(12_400)).toBe('12.4 km');
    expect(formatDistance(1_234_400)).toBe('1,234 km');
    expect(formatNauticalMiles(852)).toBe('0.46 NM');
    expect(formatNauticalMiles(12_400)).toBe('6.70 NM');
    expect(formatNauticalMiles(24_100)).toBe('13.0 NM');
    expect(formatNauticalMiles(1_234_400)).toBe('667 NM');
  });

  it('writes bearings as three digits of degrees true', () => {
    expect(formatBearing(47.2)).toBe('047°');
    expect(formatBearing(0)).toBe('000°');
    expect(formatBearing(359.6)).toBe('000°');
    expect(formatBearing(306.868)).toBe('307°');
    expect(formatBearing(-10)).toBe('350°');
  });

  it('joins them, with ≈ when the spherical fallback answered', () => {
    const m = { distanceM: 12_400, initialBearing: 47, finalBearing: 47.1, exact: true };
    expect(measureText(m)).toBe('12.4 km · 6.70 NM · 047°');
    expect(measureText({ ...m, exact: false })).toBe('≈ 12.4 km · 6.70 NM · 047°');
  });

  it('writes ring radii as round numbers', () => {
    expect(formatRadius(500)).toBe('500 m');
    expect(formatRadius(2_000)).toBe('2 km');
    expect(formatRadius(2_500)).toBe('2.5 km');
    expect(formatRadius(1_000_000)).toBe('1,000 km');
  });
});

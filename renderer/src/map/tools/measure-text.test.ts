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

  it('writes distances and ring radii in feet and miles when the units are imperial', () => {
    expect(formatDistance(8.5 * 0.3048, 'imperial')).toBe('8.5 ft');
    expect(formatDistance(850 * 0.3048, 'imperial')).toBe('850 ft');
    expect(formatDistance(2.35 * 1609.344, 'imperial')).toBe('2.35 mi');
    expect(formatDistance(1234 * 1609.344, 'imperial')).toBe('1,234 mi');
    expect(formatRadius(500 * 0.3048, 'imperial')).toBe('500 ft');
    expect(formatRadius(2000 * 0.3048, 'imperial')).toBe('2,000 ft');
    expect(formatRadius(0.5 * 1609.344, 'imperial')).toBe('0.5 mi');
    expect(formatRadius(20 * 1609.344, 'imperial')).toBe('20 mi');
    expect(measureText({ distanceM: 12_400, initialBearing: 47, exact: true } as never, 'imperial')).toBe(
      '7.71 mi · 6.70 NM · 047°',
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  altitudeIn,
  distanceSystem,
  formatDistance,
  altitudeToM,
  DEFAULT_UNITS,
  formatAltitude,
  formatCoords,
  formatMgrs,
  formatPosition,
  formatSpeed,
  formatSpeedValue,
  parseUnits,
  speedIn,
  speedToMps,
  tagNumber,
  wrapLon,
} from './units.js';

describe('speed', () => {
  it('converts m/s to knots, km/h, mph and back', () => {
    expect(speedIn(10, 'kn')).toBeCloseTo(19.4384, 4);
    expect(speedIn(10, 'km/h')).toBeCloseTo(36, 10);
    expect(speedIn(10, 'mph')).toBeCloseTo(22.3694, 4);
    expect(speedIn(10, 'm/s')).toBe(10);
    for (const unit of ['kn', 'km/h', 'mph', 'm/s'] as const)
      expect(speedToMps(speedIn(7.3, unit), unit)).toBeCloseTo(7.3);
  });

  it('shows one decimal below 100 and none from 100 on, with the unit', () => {
    expect(formatSpeed(10, 'kn')).toBe('19.4 kn');
    expect(formatSpeed(10, 'km/h')).toBe('36.0 km/h');
    expect(formatSpeed(10, 'mph')).toBe('22.4 mph');
    expect(formatSpeed(10, 'm/s')).toBe('10.0 m/s');
    expect(formatSpeed(250, 'km/h')).toBe('900 km/h');
    expect(formatSpeed(1000, 'km/h')).toBe('3,600 km/h');
    expect(formatSpeed(0, 'kn')).toBe('0.0 kn');
  });

  it('gives the number alone for a column that names its unit', () => {
    expect(formatSpeedValue(10, 'kn')).toBe('19.4');
    expect(formatSpeedValue(250, 'km/h')).toBe('900');
    expect(formatSpeedValue(null, 'kn')).toBe('—');
  });

  it('shows a dash for no speed', () => {
    expect(formatSpeed(null, 'kn')).toBe('—');
    expect(formatSpeed(undefined, 'kn')).toBe('—');
    expect(formatSpeed(Number.NaN, 'kn')).toBe('—');
  });
});

describe('altitude', () => {
  it('converts metres to feet and back', () => {
    expect(altitudeIn(0.3048, 'ft')).toBeCloseTo(1, 10);
    expect(altitudeToM(35_000, 'ft')).toBeCloseTo(10_668, 6);
  });

  it('shows whole units with thousands separators', () => {
    expect(formatAltitude(10_668, 'm')).toBe('10,668 m');
    expect(formatAltitude(10_668, 'ft')).toBe('35,000 ft');
    expect(formatAltitude(-12.4, 'm')).toBe('-12 m');
    expect(formatAltitude(null, 'ft')).toBe('—');
  });
});

describe('coordinates', () => {
  it('says the order and puts latitude first in decimal degrees', () => {
    expect(formatCoords(43.7384, 7.4246, 'decimal')).toEqual({ order: 'lat, lon', text: '43.73840, 7.42460' });
    expect(formatPosition(-33.8568, 151.2153, 'decimal')).toBe('lat, lon -33.85680, 151.21530');
    expect(formatPosition(43.7384, 7.4246, 'decimal', 2)).toBe('lat, lon 43.74, 7.42');
  });

  it('writes degrees, minutes and seconds with hemispheres', () => {
    expect(formatPosition(43.7384, 7.4246, 'dms')).toBe('lat, lon 43°44′18.2″N, 7°25′28.6″E');
    expect(formatPosition(-33.8568, -70.5, 'dms')).toBe('lat, lon 33°51′24.5″S, 70°30′00.0″W');
    expect(formatCoords(0, 0, 'dms').text).toBe('0°00′00.0″N, 0°00′00.0″E');
  });

  it('carries seconds that round to 60 into the minute', () => {
    // 10.99999° is 10°59′59.96″, which rounds to 11°00′00.0″.
    expect(formatCoords(10.99999, -10.99999, 'dms').text).toBe('11°00′00.0″N, 11°00′00.0″W');
  });

  it('writes MGRS grid references to the metre, split into zone, square, easting and northing', () => {
    expect(formatPosition(43.7384, 7.4246, 'mgrs')).toBe('MGRS 32T LP 73139 44024');
    expect(formatMgrs(40.6892, -74.0445)).toBe('18T WL 80735 04695');
    expect(formatMgrs(-33.8568, 151.2153)).toBe('56H LH 34900 52288');
  });

  it('says where MGRS has no grid instead of throwing', () => {
    expect(formatMgrs(85, 0)).toBe('none beyond 84°N or 80°S');
    expect(formatMgrs(-89, 0)).toBe('none beyond 84°N or 80°S');
  });

  it('wraps longitudes the map runs on past ±180', () => {
    expect(wrapLon(190)).toBe(-170);
    expect(wrapLon(-190)).toBe(170);
    expect(formatCoords(10, 367.5, 'decimal').text).toBe('10.00000, 7.50000');
    expect(formatMgrs(43.7384, 7.4246 + 360)).toBe('32T LP 73139 44024');
  });
});

describe('parseUnits', () => {
  it('keeps known choices and defaults the rest', () => {
    expect(parseUnits({ speed: 'mph', altitude: 'ft', coords: 'mgrs' })).toEqual({
      speed: 'mph',
      altitude: 'ft',
      coords: 'mgrs',
    });
    expect(parseUnits({ speed: 'furlongs/fortnight', coords: 'dms' })).toEqual({ ...DEFAULT_UNITS, coords: 'dms' });
    expect(parseUnits(null)).toEqual(DEFAULT_UNITS);
    expect(parseUnits('kn')).toEqual(DEFAULT_UNITS);
  });
});

describe('tagNumber', () => {
  it('reads numbers and numeric strings, nothing else', () => {
    expect(tagNumber(12.5)).toBe(12.5);
    expect(tagNumber('12.5')).toBe(12.5);
    expect(tagNumber(' ')).toBeNull();
    expect(tagNumber('fast')).toBeNull();
    expect(tagNumber(true)).toBeNull();
    expect(tagNumber(Number.POSITIVE_INFINITY)).toBeNull();
    expect(tagNumber(undefined)).toBeNull();
  });
});

describe('distanceSystem and formatDistance', () => {
  it('says feet and miles when feet or mph are chosen, metres and kilometres otherwise', () => {
    expect(distanceSystem({ speed: 'kn', altitude: 'm' })).toBe('metric');
    expect(distanceSystem({ speed: 'kn', altitude: 'ft' })).toBe('imperial');
    expect(distanceSystem({ speed: 'mph', altitude: 'm' })).toBe('imperial');
    expect(formatDistance(850)).toBe('850 m');
    expect(formatDistance(12_400)).toBe('12.4 km');
    expect(formatDistance(850, 'imperial')).toBe('0.53 mi');
    expect(formatDistance(100, 'imperial')).toBe('328 ft');
  });
});

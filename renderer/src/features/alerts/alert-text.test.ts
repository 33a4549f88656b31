import { describe, expect, it } from 'vitest';
import { alertText } from './alert-text.js';
import type { Units } from '../../app/units.js';

const KN_FT: Units = { speed: 'kn', altitude: 'ft', coords: 'decimal' };
const KMH_M: Units = { speed: 'km/h', altitude: 'm', coords: 'decimal' };

describe('alertText', () => {
  it('says a speed alert in the chosen speed unit, from the stored figures', () => {
    const alert = {
      trigger: 'speed_above' as const,
      message: 'Fast Boat went above 10 m/s (12.3 m/s) at 12:04:05.',
      details: { value: 12.34, speed_limit: 10 },
    };
    expect(alertText(alert, KN_FT)).toBe('Fast Boat went above 19.4 kn (24.0 kn) at 12:04:05.');
    expect(alertText(alert, KMH_M)).toBe('Fast Boat went above 36.0 km/h (44.4 km/h) at 12:04:05.');
  });

  it('says an altitude alert in feet when feet are chosen', () => {
    const alert = {
      trigger: 'altitude_below' as const,
      message: 'Cessna descended below 300 m (250.5 m) at 08:00:00.',
      details: { value: 250.5, altitude_limit: 300 },
    };
    expect(alertText(alert, KN_FT)).toBe('Cessna descended below 984 ft (822 ft) at 08:00:00.');
    expect(alertText(alert, KMH_M)).toBe('Cessna descended below 300 m (251 m) at 08:00:00.');
  });

  it('says proximity and CPA distances in feet and miles when the units are imperial', () => {
    const near = {
      trigger: 'proximity' as const,
      message: 'Drone came within 150 m of Tower at 10:00:00.',
      details: { distance_m: 150 },
    };
    expect(alertText(near, KN_FT)).toBe('Drone came within 492 ft of Tower at 10:00:00.');
    expect(alertText(near, KMH_M)).toBe('Drone came within 150 m of Tower at 10:00:00.');
    const cpa = {
      trigger: 'proximity' as const,
      message: 'A and B will pass 3218 m apart in 120 s, as seen at 10:00:00.',
      details: { distance_m: 9000, cpa_seconds: 120, cpa_distance_m: 3218 },
    };
    expect(alertText(cpa, KN_FT)).toBe('A and B will pass 2.00 mi apart in 120 s, as seen at 10:00:00.');
  });

  it('shows the stored sentence when its figures are not where main writes them, and other triggers as they are', () => {
    const odd = { trigger: 'speed_above' as const, message: 'Something else.', details: { value: 1, speed_limit: 2 } };
    expect(alertText(odd, KN_FT)).toBe('Something else.');
    const enter = { trigger: 'enter' as const, message: 'X entered Y at 01:02:03.', details: {} };
    expect(alertText(enter, KN_FT)).toBe('X entered Y at 01:02:03.');
  });
});

/**
 * The words of the measure tool and range rings: distances in metres or kilometres (feet or miles
 * when the units say so) and nautical miles, bearings as three-digit degrees true
 * ("12.4 km · 6.7 NM · 047°", "7.71 mi · 6.7 NM · 047°").
 */
import { formatDistance, METRES_PER_FOOT, METRES_PER_MILE, type DistanceSystem } from '../../app/units.js';
import type { GeodesicInverse } from './geodesic.js';

export { formatDistance };

/** Metres in one international nautical mile. */
export const METRES_PER_NM = 1852;

/** "0.46 NM", "6.7 NM", "667 NM". */
export function formatNauticalMiles(m: number): string {
  const nm = m / METRES_PER_NM;
  if (nm < 9.995) return `${nm.toFixed(2)} NM`;
  if (nm < 99.95) return `${nm.toFixed(1)} NM`;
  return `${Math.round(nm).toLocaleString('en-US')} NM`;
}

/** Degrees true as three digits: "047°", "000°" (359.6 rounds to 000). */
export function formatBearing(deg: number): string {
  const d = Math.round(((deg % 360) + 360) % 360) % 360;
  return `${String(d).padStart(3, '0')}°`;
}

/** "12.4 km · 6.7 NM · 047°"; "≈ " in front when the spherical fallback answered (near the antipode). */
export function measureText(m: GeodesicInverse, system: DistanceSystem = 'metric'): string {
  const text = `${formatDistance(m.distanceM, system)} · ${formatNauticalMiles(m.distanceM)} · ${formatBearing(m.initialBearing)}`;
  return m.exact ? text : `≈ ${text}`;
}

/**
 * A ring's radius: "500 m", "2 km", "2.5 km", "1,000 km"; imperial "500 ft", "2,000 ft", "0.5 mi",
 * "20 mi" (ring steps are round numbers: feet below half a mile, miles from there).
 */
export function formatRadius(m: number, system: DistanceSystem = 'metric'): string {
  if (system === 'imperial') {
    const mi = m / METRES_PER_MILE;
    if (mi < 0.5 - 1e-9) return `${Math.round(m / METRES_PER_FOOT).toLocaleString('en-US')} ft`;
    const r = Math.round(mi * 10) / 10;
    return `${Number.isInteger(r) ? r.toLocaleString('en-US') : r.toFixed(1)} mi`;
  }
  if (m < 1000) return `${Math.round(m)} m`;
  const km = m / 1000;
  return `${Number.isInteger(km) ? km.toLocaleString('en-US') : km.toFixed(1)} km`;
}

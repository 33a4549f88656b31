/**
 * The words of the measure tool and range rings: distances in metres or kilometres and nautical
 * miles, bearings as three-digit degrees true ("12.4 km · 6.7 NM · 047°").
 */
import type { GeodesicInverse } from './geodesic.js';

/** Metres in one international nautical mile. */
export const METRES_PER_NM = 1852;

/** "8.5 m", "850 m", "12.4 km", "1,234 km". */
export function formatDistance(m: number): string {
  if (m < 10) return `${m.toFixed(1)} m`;
  if (m < 999.5) return `${Math.round(m)} m`;
  const km = m / 1000;
  if (km < 99.95) return `${km.toFixed(km < 9.995 ? 2 : 1)} km`;
  return `${Math.round(km).toLocaleString('en-US')} km`;
}

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
export function measureText(m: GeodesicInverse): string {
  const text = `${formatDistance(m.distanceM)} · ${formatNauticalMiles(m.distanceM)} · ${formatBearing(m.initialBearing)}`;
  return m.exact ? text : `≈ ${text}`;
}

/** A ring's radius: "500 m", "2 km", "2.5 km", "1,000 km" (ring steps are round numbers). */
export function formatRadius(m: number): string {
  if (m < 1000) return `${Math.round(m)} m`;
  const km = m / 1000;
  return `${Number.isInteger(km) ? km.toLocaleString('en-US') : km.toFixed(1)} km`;
}

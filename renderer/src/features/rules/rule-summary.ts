// One line saying what a rule watches for, e.g. "enters Harbour zone" or "speed above 19.4 kn (10.0 m/s)":
// speed and altitude in the chosen units, with the stored m/s or metres beside them.
import type { Geofence, RuleTrigger } from '../../../../electron/contract/methods/rules.js';
import {
  DEFAULT_UNITS,
  distanceSystem,
  formatAltitude,
  formatDistance,
  formatSpeed,
  type Units,
} from '../../app/units.js';

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '?' : n.toFixed(digits));

/** The trigger in words; fences are named from `geofences` (the id when it is not there). */
export function triggerSummary(t: RuleTrigger, geofences: readonly Geofence[], units: Units = DEFAULT_UNITS): string {
  const fence = geofences.find((g) => g.id === t.geofence_id)?.name ?? t.geofence_id ?? '?';
  switch (t.type) {
    case 'enter':
      return `enters ${fence}`;
    case 'exit':
      return `leaves ${fence}`;
    case 'dwell':
      return `stays in ${fence} for ${fmt(t.seconds)} s`;
    case 'count_above':
      return `more than ${fmt(t.count)} inside ${fence}`;
    case 'proximity':
      return `within ${t.distance_m === undefined ? '?' : formatDistance(t.distance_m, distanceSystem(units))} of ${t.other_filter ? `(${t.other_filter})` : 'each other'}${
        t.cpa_seconds === undefined ? '' : `, now or within ${fmt(t.cpa_seconds)} s`
      }`;
    case 'lost_contact':
      return `no update for ${fmt(t.seconds)} s`;
    case 'speed_above':
    case 'speed_below':
      return `speed ${t.type === 'speed_above' ? 'above' : 'below'} ${inUnits(
        t.value,
        (v) => formatSpeed(v, units.speed),
        (v) => formatSpeed(v, 'm/s'),
      )}`;
    case 'altitude_above':
    case 'altitude_below':
      return `altitude ${t.type === 'altitude_above' ? 'above' : 'below'} ${inUnits(
        t.value,
        (v) => formatAltitude(v, units.altitude),
        (v) => formatAltitude(v, 'm'),
      )}`;
  }
}

/** "19.4 kn (10.0 m/s)": the chosen unit, then the stored one when they differ; "?" for no value. */
function inUnits(value: number | undefined, chosen: (v: number) => string, stored: (v: number) => string): string {
  if (value === undefined) return '?';
  const a = chosen(value);
  const b = stored(value);
  return a === b ? a : `${a} (${b})`;
}

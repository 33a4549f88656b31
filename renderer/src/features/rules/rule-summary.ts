// One line saying what a rule watches for, e.g. "enters Harbour zone" or "speed above 10.0 m/s (19.4 kn)".
import type { Geofence, RuleTrigger } from '../../../../electron/contract/methods/rules.js';
import { fromSi } from './rule-form.js';

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '?' : n.toFixed(digits));

/** The trigger in words; fences are named from `geofences` (the id when it is not there). */
export function triggerSummary(t: RuleTrigger, geofences: readonly Geofence[]): string {
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
      return `within ${fmt(t.distance_m)} m of ${t.other_filter ? `(${t.other_filter})` : 'each other'}${
        t.cpa_seconds === undefined ? '' : `, now or within ${fmt(t.cpa_seconds)} s`
      }`;
    case 'lost_contact':
      return `no update for ${fmt(t.seconds)} s`;
    case 'speed_above':
    case 'speed_below':
      return `speed ${t.type === 'speed_above' ? 'above' : 'below'} ${fmt(t.value, 1)} m/s (${fmt(
        t.value === undefined ? undefined : fromSi(t.value, 'kn'),
        1,
      )} kn)`;
    case 'altitude_above':
    case 'altitude_below':
      return `altitude ${t.type === 'altitude_above' ? 'above' : 'below'} ${fmt(t.value)} m (${fmt(
        t.value === undefined ? undefined : fromSi(t.value, 'ft'),
      )} ft)`;
  }
}

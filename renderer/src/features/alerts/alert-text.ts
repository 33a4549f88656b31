/**
 * An alert's sentence in the user's units. Main writes it once, in m/s and metres
 * (electron/core/rules/alert-message.ts), and stores the figures behind it in `details`; the window
 * says those figures again in the chosen units (Maps & files → Units), so "went above 10 m/s
 * (12.3 m/s)" reads "went above 19.4 kn (23.9 kn)". A sentence that does not hold the figures as
 * main writes them is shown as stored.
 */
import type { Alert } from '../../../../electron/contract/methods/rules.js';
import { distanceSystem, formatAltitude, formatDistance, formatSpeed, type Units } from '../../app/units.js';

/** alert-message.ts's `figure`: at most one decimal, none when it is whole. */
const figure = (n: number) => String(Math.round(n * 10) / 10);
/** alert-message.ts's `whole`. */
const whole = (n: number) => String(Math.round(n));

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Replaces `from` by `to` once when both figures are there; otherwise the text as it was. */
function swap(text: string, from: string | null, to: string): string {
  return from !== null && text.includes(from) ? text.replace(from, to) : text;
}

/** The alert's message with its speeds, altitudes and distances in `units`. */
export function alertText(alert: Pick<Alert, 'trigger' | 'message' | 'details'>, units: Units): string {
  const d = alert.details;
  const value = num(d.value);
  switch (alert.trigger) {
    case 'speed_above':
    case 'speed_below': {
      const limit = num(d.speed_limit);
      if (value === null || limit === null) return alert.message;
      const stored = `${figure(limit)} m/s (${figure(value)} m/s)`;
      return swap(alert.message, stored, `${formatSpeed(limit, units.speed)} (${formatSpeed(value, units.speed)})`);
    }
    case 'altitude_above':
    case 'altitude_below': {
      const limit = num(d.altitude_limit);
      if (value === null || limit === null) return alert.message;
      const stored = `${figure(limit)} m (${figure(value)} m)`;
      const shown = `${formatAltitude(limit, units.altitude)} (${formatAltitude(value, units.altitude)})`;
      return swap(alert.message, stored, shown);
    }
    case 'proximity': {
      const system = distanceSystem(units);
      const distance = num(d.distance_m);
      const cpa = num(d.cpa_distance_m);
      let text = alert.message;
      if (distance !== null)
        text = swap(text, ` within ${whole(distance)} m of `, ` within ${formatDistance(distance, system)} of `);
      if (cpa !== null) text = swap(text, ` pass ${whole(cpa)} m apart`, ` pass ${formatDistance(cpa, system)} apart`);
      return text;
    }
    default:
      return alert.message;
  }
}

/**
 * The timestamp forms OsmAnd-protocol clients send, read as Traccar reads them: Unix seconds or
 * milliseconds, ISO 8601, or `yyyy-MM-dd HH:mm:ss` (UTC).
 */

/** Traccar's rule: a whole number below 2^31 − 1 is seconds, anything larger is milliseconds. */
const SECONDS_BELOW = 2_147_483_647;

const NUMERIC = /^\d{1,16}(\.\d{1,9})?$/;
const ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const PLAIN = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)$/;

/** What a bad timestamp's refusal lists as the accepted forms. */
export const TIMESTAMP_FORMS = "Unix seconds, Unix milliseconds, ISO 8601 or 'yyyy-MM-dd HH:mm:ss'";

/** Epoch ms of a timestamp in any accepted form, or undefined when it is none of them. */
export function parseOsmandTime(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? fromNumber(value) : undefined;
  const text = value.trim();
  if (NUMERIC.test(text)) return fromNumber(Number(text));
  const iso = ISO.exec(text);
  if (iso) return fromParts(iso[1] ?? '', iso[2] ?? '', zone(iso[3]));
  const plain = PLAIN.exec(text);
  if (plain) return fromParts(plain[1] ?? '', plain[2] ?? '', 'Z');
  return undefined;
}

function fromNumber(n: number): number {
  return Math.round(n < SECONDS_BELOW ? n * 1000 : n);
}

/** A zone as Date.parse reads it: none means UTC; `+0200` and `+02` become `+02:00`. */
function zone(z: string | undefined): string {
  if (z === undefined || z.toUpperCase() === 'Z') return 'Z';
  const digits = z.slice(1).replace(':', '');
  return `${z[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

function fromParts(date: string, time: string, tz: string): number | undefined {
  // Date.parse keeps milliseconds only; longer fractions are cut, not refused.
  const [hms, fraction] = time.split('.');
  const ms = fraction === undefined ? '' : `.${fraction.slice(0, 3).padEnd(3, '0')}`;
  const t = Date.parse(`${date}T${hms}${ms}${tz}`);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The one-sentence message of an alert: the object by its `name` tag (else type/osm_id), what
 * happened, and the time as HH:MM:SS UTC ("Ever Given entered Harbour zone at 12:04:05.").
 */
import type { OsmObject } from '../../contract/domain.js';
import { missingCaseError } from '../../contract/errors.js';

/** How an alert names an object: its `name` tag, else `type/osm_id`. */
export function objectLabel(o: Pick<OsmObject, 'tags' | 'type' | 'osm_id'>): string {
  const name = o.tags.name;
  if (name !== undefined && String(name).trim() !== '') return String(name).trim();
  return `${o.type}/${o.osm_id}`;
}

/** HH:MM:SS in UTC. */
export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** A measured value for a sentence: at most one decimal, none when it is whole. */
function figure(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** A distance or duration for a sentence: whole metres or seconds. */
function whole(n: number): string {
  return String(Math.round(n));
}

/** What happened, with what each kind of sentence needs. */
export type AlertEvent =
  | { kind: 'enter' | 'exit'; object: string; fence: string; at: number }
  | { kind: 'dwell'; object: string; fence: string; seconds: number; at: number }
  | { kind: 'count_above'; object: string; fence: string; count: number; limit: number; at: number }
  | { kind: 'proximity'; object: string; other: string; distanceM: number; at: number }
  | { kind: 'cpa'; object: string; other: string; cpaDistanceM: number; cpaSeconds: number; at: number }
  | { kind: 'lost_contact'; object: string; seconds: number; at: number }
  | {
      kind: 'speed_above' | 'speed_below' | 'altitude_above' | 'altitude_below';
      object: string;
      value: number;
      limit: number;
      at: number;
    };

/** The alert's sentence. */
export function alertMessage(e: AlertEvent): string {
  const at = clockTime(e.at);
  switch (e.kind) {
    case 'enter':
      return `${e.object} entered ${e.fence} at ${at}.`;
    case 'exit':
      return `${e.object} left ${e.fence} at ${at}.`;
    case 'dwell':
      return `${e.object} had been in ${e.fence} for ${whole(e.seconds)} s at ${at}.`;
    case 'count_above':
      return `${e.fence} held ${e.count} matching objects (more than ${e.limit}) when ${e.object} arrived at ${at}.`;
    case 'proximity':
      return `${e.object} came within ${whole(e.distanceM)} m of ${e.other} at ${at}.`;
    case 'cpa':
      return `${e.object} and ${e.other} will pass ${whole(e.cpaDistanceM)} m apart in ${whole(e.cpaSeconds)} s, as seen at ${at}.`;
    case 'lost_contact':
      return `${e.object} lost contact at ${at}, after ${whole(e.seconds)} s without an update.`;
    case 'speed_above':
      return `${e.object} went above ${figure(e.limit)} m/s (${figure(e.value)} m/s) at ${at}.`;
    case 'speed_below':
      return `${e.object} dropped below ${figure(e.limit)} m/s (${figure(e.value)} m/s) at ${at}.`;
    case 'altitude_above':
      return `${e.object} climbed above ${figure(e.limit)} m (${figure(e.value)} m) at ${at}.`;
    case 'altitude_below':
      return `${e.object} descended below ${figure(e.limit)} m (${figure(e.value)} m) at ${at}.`;
    default:
      throw missingCaseError(e);
  }
}

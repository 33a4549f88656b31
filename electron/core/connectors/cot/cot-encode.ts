/**
 * Writes the app's objects as CoT events, so TAK users see them: the reverse of the mapping in
 * cot-decode.ts (an object that came from CoT keeps its `cot:type` and `cot:how`).
 */
import type { OsmObject } from '../../../contract/domain.js';

/** CoT type per `kind` for objects that do not carry a `cot:type` (neutral affiliation). */
const TYPE_BY_KIND: Record<string, string> = {
  aircraft: 'a-n-A',
  drone: 'a-n-A-M-F-Q',
  ship: 'a-n-S',
  vehicle: 'a-n-G-E-V',
  car: 'a-n-G-E-V-C',
  person: 'a-n-G',
};
const UNKNOWN = '9999999';

/** The uid a sent object has on the TAK side: stable per stored object, never equal to a peer's own uid. */
export function cotUidOf(object: OsmObject): string {
  return `tracker.${object.id}`;
}

/**
 * One object as a CoT `<event>`: its point (objects without a Point geometry are not sent), sent
 * now, valid from its observation and stale `staleS` seconds after it.
 */
export function encodeCotEvent(object: OsmObject, now: number, staleS: number): string | undefined {
  if (object.geom.type !== 'Point') return undefined;
  const [lon, lat] = object.geom.coordinates;
  const tags = object.tags;
  const observed = Date.parse(object.observed_at);
  const kind = typeof tags.kind === 'string' ? tags.kind : '';
  const type = typeof tags['cot:type'] === 'string' ? tags['cot:type'] : (TYPE_BY_KIND[kind] ?? 'a-u-G');
  const how = typeof tags['cot:how'] === 'string' ? tags['cot:how'] : 'm-g';
  const name = typeof tags.name === 'string' && tags.name.trim() !== '' ? tags.name.trim() : object.osm_id;
  const altitude = numberTag(object, 'altitude');
  const speed = numberTag(object, 'speed');
  const heading = numberTag(object, 'heading');
  const track =
    speed !== undefined || heading !== undefined ? `<track${attr('course', heading)}${attr('speed', speed)}/>` : '';
  return (
    `<event version="2.0"${attr('uid', cotUidOf(object))}${attr('type', type)}${attr('how', how)}` +
    `${attr('time', iso(now))}${attr('start', iso(observed))}${attr('stale', iso(observed + staleS * 1000))}>` +
    `<point${attr('lat', lat)}${attr('lon', lon)} hae="${altitude ?? UNKNOWN}" ce="${UNKNOWN}" le="${UNKNOWN}"/>` +
    `<detail><contact${attr('callsign', name)}/>${track}</detail></event>`
  );
}

function numberTag(object: OsmObject, key: string): number | undefined {
  const value = object.tags[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** ` name="value"` with the value escaped for an attribute; nothing when the value is absent. */
function attr(name: string, value: string | number | undefined): string {
  if (value === undefined) return '';
  // Control characters other than tab and line breaks cannot appear in XML 1.0 at all, even escaped.
  // eslint-disable-next-line no-control-regex
  const text = String(value).replace(/[&<>"\r\n\t]|[\x00-\x08\x0b\x0c\x0e-\x1f]/g, (c) => ESCAPES[c] ?? '');
  return ` ${name}="${text}"`;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

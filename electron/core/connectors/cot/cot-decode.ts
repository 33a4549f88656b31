/**
 * Decodes Cursor-on-Target XML into upsert ops with the adapters' one mapping (docs/adapters/cot.md):
 * the event's uid is the osm_id, its type atoms give `kind`, the point, `track` and `contact` give
 * the position, motion and name, and the CoT fields go under `cot:`. Pure: text in, ops or one
 * sentence per refused event out (for the connector and for the bench). No DTD is ever read.
 */
import sax from 'sax';
import type { Tags } from '../../../contract/domain.js';
import type { IngestOp } from '../../ingest/types.js';
import { createCotFramer } from './cot-framer.js';

export type CotUpsert = Extract<IngestOp, { op: 'upsert' }>;

/** One event's outcome: an op, a refusal, or nothing to store (pings and other control events). */
export type CotEventResult = { op: CotUpsert } | { error: string } | { skipped: true };

export interface CotDecoded {
  ops: CotUpsert[];
  /** One sentence per refused event or run of bytes that is not an event. */
  errors: string[];
  /** Control events (pings, deletes, protocol negotiation) that store nothing. */
  skipped: number;
}

/** CoT's "unknown" for hae, ce, le and track values. */
const UNKNOWN = 9_999_999;
const MAX_UID_LENGTH = 255;
const TYPE_PATTERN = /^[A-Za-z0-9?._-]{1,100}$/;
/** Elements of `<detail>` the mapping reads. */
const DETAIL_PARTS = new Set(['contact', 'track', '__group', 'status']);

/** The parts of one event the mapping reads. */
interface CotParts {
  event?: Record<string, string>;
  point?: Record<string, string>;
  detail: Map<string, Record<string, string>>;
}

/**
 * Decodes a payload holding one or more events back to back (a UDP datagram, a test file).
 * Whatever is not an event is refused with a reason; it never throws.
 */
export function decodeCot(payload: Buffer | string, sourceId: string): CotDecoded {
  const out: CotDecoded = { ops: [], errors: [], skipped: 0 };
  const framer = createCotFramer({
    event: (xml) => addResult(out, decodeCotEvent(xml, sourceId)),
    reject: (reason) => out.errors.push(reason),
  });
  framer.push(typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload);
  framer.end();
  return out;
}

/** Adds one event's outcome to a decoded batch. */
export function addResult(out: CotDecoded, result: CotEventResult): void {
  if ('op' in result) out.ops.push(result.op);
  else if ('error' in result) out.errors.push(result.error);
  else out.skipped += 1;
}

/** Decodes one `<event>…</event>` text. */
export function decodeCotEvent(xml: string, sourceId: string): CotEventResult {
  let parts: CotParts;
  try {
    parts = readParts(xml);
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return { error: `A CoT event is not well-formed XML (${why}): '${xml.slice(0, 60)}'.` };
  }
  const event = parts.event;
  if (!event) return { error: `A CoT message has no <event> element: '${xml.slice(0, 60)}'.` };
  const uid = event.uid?.trim() ?? '';
  if (uid.length === 0 || uid.length > MAX_UID_LENGTH) {
    return { error: `A CoT event's uid must be 1 to ${MAX_UID_LENGTH} characters, got '${uid.slice(0, 60)}'.` };
  }
  const type = event.type ?? '';
  if (!TYPE_PATTERN.test(type)) return { error: `CoT event '${uid}' has a bad type '${type.slice(0, 60)}'.` };
  if (type.startsWith('t-')) return { skipped: true };
  const observedAt = Date.parse(event.time ?? '');
  if (!Number.isFinite(observedAt)) return { error: `CoT event '${uid}' has a bad time '${event.time ?? ''}'.` };
  const point = parts.point;
  if (!point) return { error: `CoT event '${uid}' has no <point>.` };
  const lat = Number(point.lat);
  const lon = Number(point.lon);
  if (point.lat === undefined || !(Math.abs(lat) <= 90)) {
    return { error: `CoT event '${uid}' has a bad point lat '${point.lat ?? ''}'.` };
  }
  if (point.lon === undefined || !(Math.abs(lon) <= 180)) {
    return { error: `CoT event '${uid}' has a bad point lon '${point.lon ?? ''}'.` };
  }
  const tags = Object.create(null) as Tags;
  const bad = addTags(tags, uid, type, event, point, parts.detail);
  if (bad) return { error: bad };
  return {
    op: {
      op: 'upsert',
      sourceId,
      type: 'node',
      osmId: uid,
      tags,
      geom: { type: 'Point', coordinates: [lon, lat] },
      observedAt,
    },
  };
}

/** Fills the tags; returns one sentence when a field is malformed. */
function addTags(
  tags: Tags,
  uid: string,
  type: string,
  event: Record<string, string>,
  point: Record<string, string>,
  detail: Map<string, Record<string, string>>,
): string | undefined {
  tags.kind = kindOf(type);
  const callsign = detail.get('contact')?.callsign?.trim();
  if (callsign) tags.name = callsign;
  const track = detail.get('track');
  for (const [key, field, from] of [
    ['speed', 'speed', track],
    ['heading', 'course', track],
    ['altitude', 'hae', point],
    ['cot:ce', 'ce', point],
    ['cot:le', 'le', point],
    ['cot:battery', 'battery', detail.get('status')],
  ] as const) {
    const raw = from?.[field];
    if (raw === undefined || raw.trim() === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value)) return `CoT event '${uid}' has a bad ${field} '${raw.slice(0, 40)}'.`;
    if (value === UNKNOWN || (key === 'speed' && value < 0)) continue;
    tags[key] = key === 'heading' && (value < 0 || value >= 360) ? ((value % 360) + 360) % 360 : value;
  }
  tags['cot:type'] = type;
  if (event.how) tags['cot:how'] = event.how;
  if (event.stale !== undefined) {
    const stale = Date.parse(event.stale);
    if (!Number.isFinite(stale)) return `CoT event '${uid}' has a bad stale '${event.stale.slice(0, 40)}'.`;
    tags['cot:stale'] = new Date(stale).toISOString();
  }
  const group = detail.get('__group');
  if (group?.name) tags['cot:group'] = group.name;
  if (group?.role) tags['cot:role'] = group.role;
  return undefined;
}

/**
 * `kind` from the type's atoms (`a-<affiliation>-<dimension>-…`): air → aircraft, sea surface and
 * subsurface → ship, ground equipment vehicles → vehicle, other ground → person, else other.
 */
export function kindOf(type: string): string {
  const atoms = type.split('-');
  if (atoms[0] !== 'a') return 'other';
  switch (atoms[2]) {
    case 'A':
      return 'aircraft';
    case 'S':
    case 'U':
      return 'ship';
    case 'G':
      return atoms[3] === 'E' && atoms[4] === 'V' ? 'vehicle' : 'person';
    default:
      return 'other';
  }
}

/** Reads the event, its point and the detail parts the mapping needs, with a strict parser. */
function readParts(xml: string): CotParts {
  // XML's five entities only: no DTD is read, so no entity can expand (an entity bomb is an error).
  const parser = sax.parser(true, { strictEntities: true } as sax.SAXOptions);
  const parts: CotParts = { detail: new Map() };
  const path: string[] = [];
  parser.onerror = (err) => {
    throw err;
  };
  parser.ondoctype = () => {
    throw new Error('a DOCTYPE is not allowed');
  };
  parser.onopentag = (node) => {
    const attrs = node.attributes as Record<string, string>;
    const depth = path.length;
    if (depth === 0 && node.name === 'event') parts.event = attrs;
    else if (depth === 1 && node.name === 'point' && path[0] === 'event') parts.point = attrs;
    else if (depth === 2 && path[1] === 'detail' && DETAIL_PARTS.has(node.name) && !parts.detail.has(node.name)) {
      parts.detail.set(node.name, attrs);
    }
    path.push(node.name);
  };
  parser.onclosetag = () => {
    path.pop();
  };
  parser.write(xml).close();
  return parts;
}

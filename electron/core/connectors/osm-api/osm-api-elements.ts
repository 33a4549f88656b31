/**
 * Reads answers of the OSM API 0.6 (elements, multi-fetches, `/full` and `/history`), XML or JSON,
 * into one element shape that keeps what the XML reader of the import leaves out: deleted versions
 * (`visible="false"`), which carry the version, user, changeset and time of the deletion.
 */
import sax from 'sax';
import type { ObjectType } from '../../../contract/domain.js';
import type { OsmMember } from '../../files/import/osm/osm-model.js';

export interface ApiElement {
  type: ObjectType;
  id: number;
  version: number;
  visible: boolean;
  /** Epoch ms. */
  timestamp?: number;
  changeset?: number;
  user?: string;
  uid?: number;
  lat?: number;
  lon?: number;
  tags: Record<string, string>;
  nodes: number[];
  members: OsmMember[];
}

const TYPES = new Set(['node', 'way', 'relation']);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
const time = (v: unknown): number | undefined => {
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
};

/** One element from its attributes (XML) or its JSON object; throws one sentence when it has no type, id or version. */
function element(a: Record<string, unknown>, type: unknown): ApiElement {
  const id = num(a.id);
  const version = num(a.version);
  if (!TYPES.has(String(type)) || id === undefined || !Number.isSafeInteger(id) || version === undefined) {
    throw new Error(
      `an element of the answer has type ${JSON.stringify(type)}, id ${JSON.stringify(a.id)} and version ${JSON.stringify(a.version)}`,
    );
  }
  const el: ApiElement = {
    type: type as ObjectType,
    id,
    version,
    visible: a.visible !== false && a.visible !== 'false',
    tags: Object.create(null) as Record<string, string>,
    nodes: [],
    members: [],
  };
  const [ts, cs, uid, lat, lon] = [time(a.timestamp), num(a.changeset), num(a.uid), num(a.lat), num(a.lon)];
  if (ts !== undefined) el.timestamp = ts;
  if (cs !== undefined) el.changeset = cs;
  if (uid !== undefined) el.uid = uid;
  if (typeof a.user === 'string') el.user = a.user;
  if (lat !== undefined && lon !== undefined) Object.assign(el, { lat, lon });
  return el;
}

/** Reads a JSON answer (`{"elements": […]}`). */
export function readApiJson(text: string): ApiElement[] {
  let data: { elements?: unknown };
  try {
    data = JSON.parse(text) as { elements?: unknown };
  } catch {
    throw new Error(`the answer is not JSON (it starts with '${text.slice(0, 60).replace(/\s+/g, ' ')}')`);
  }
  if (!Array.isArray(data?.elements)) throw new Error("the JSON answer has no 'elements' array");
  return (data.elements as Array<Record<string, unknown>>).map((e) => {
    const el = element(e ?? {}, e?.type);
    for (const [k, v] of Object.entries((e.tags as Record<string, unknown> | undefined) ?? {})) el.tags[k] = String(v);
    if (Array.isArray(e.nodes)) el.nodes = (e.nodes as unknown[]).map(Number);
    if (Array.isArray(e.members)) el.members = (e.members as Array<Record<string, unknown>>).flatMap(member);
    return el;
  });
}

function member(m: Record<string, unknown>): OsmMember[] {
  const ref = num(m.ref);
  if (!TYPES.has(String(m.type)) || ref === undefined) return [];
  return [{ type: m.type as ObjectType, ref, role: typeof m.role === 'string' ? m.role : '' }];
}

/** Reads an XML answer (`<osm>` with `<node>`, `<way>`, `<relation>`); malformed XML fails with its line. */
export function readApiXml(text: string): ApiElement[] {
  const out: ApiElement[] = [];
  const parser = sax.parser(true, { trim: true });
  let current: ApiElement | undefined;
  let failure: Error | undefined;
  parser.onerror = (err) => {
    failure ??= new Error(`the XML answer is malformed at line ${parser.line + 1} (${err.message.split('\n')[0]})`);
    parser.resume();
  };
  parser.onopentag = (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (TYPES.has(tag.name)) {
      try {
        current = element(a, tag.name);
        out.push(current);
      } catch (err) {
        failure ??= err as Error;
      }
    } else if (tag.name === 'tag' && current && a.k !== undefined) current.tags[a.k] = a.v ?? '';
    else if (tag.name === 'nd' && current) current.nodes.push(Number(a.ref));
    else if (tag.name === 'member' && current) current.members.push(...member(a));
  };
  parser.onclosetag = (name) => {
    if (TYPES.has(name)) current = undefined;
  };
  parser.write(text).close();
  if (failure) throw failure;
  return out;
}

/** Reads an answer in the source's format. */
export function readApiAnswer(text: string, format: 'json' | 'xml'): ApiElement[] {
  return format === 'json' ? readApiJson(text) : readApiXml(text);
}

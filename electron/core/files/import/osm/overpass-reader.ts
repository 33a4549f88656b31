/**
 * Overpass API JSON (`{"elements": […]}`), read as one document (within `import.maxDocumentBytes`)
 * and handed to the sink in the order the builder needs: nodes, ways, relations. `out geom`
 * answers, whose ways and relation members carry their coordinates, give their nodes from those
 * coordinates (members without node ids are joined by equal coordinates).
 */
import type { ObjectType } from '../../../../contract/domain.js';
import { newTags, type OsmMember, type OsmMeta, type OsmSink, type OsmTags } from './osm-model.js';

interface Element {
  type?: unknown;
  id?: unknown;
  lat?: unknown;
  lon?: unknown;
  tags?: unknown;
  nodes?: unknown;
  geometry?: unknown;
  members?: unknown;
  timestamp?: unknown;
  version?: unknown;
  changeset?: unknown;
  user?: unknown;
  uid?: unknown;
}

type Point = { lat?: unknown; lon?: unknown } | null;

/** Reads Overpass JSON text into the sink. */
export function readOverpass(text: string, sink: OsmSink): void {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`the Overpass JSON file is not valid JSON (${(err as Error).message})`);
  }
  const elements = (data as { elements?: unknown } | null)?.elements;
  if (typeof data !== 'object' || data === null || !Array.isArray(elements)) {
    throw new Error("the Overpass JSON file has no 'elements' array");
  }
  const base = (data as { osm3s?: { timestamp_osm_base?: unknown } }).osm3s?.timestamp_osm_base;
  sink.header(typeof base === 'string' && Number.isFinite(Date.parse(base)) ? Date.parse(base) : undefined);

  const byType: Record<ObjectType, Element[]> = { node: [], way: [], relation: [] };
  elements.forEach((e: Element, i) => {
    const list = byType[e?.type as ObjectType];
    if (!list)
      throw new Error(
        `element ${i} of the Overpass JSON has type ${JSON.stringify(e?.type)}, not node, way or relation`,
      );
    if (!Number.isSafeInteger(e.id))
      throw new Error(
        `element ${i} of the Overpass JSON (${String(e.type)}) has id ${JSON.stringify(e.id)}, not an integer`,
      );
    list.push(e);
  });

  // Coordinates given inline (`out geom`) become nodes; members without node ids get ids by position.
  const synthetic = new Map<string, number>();
  const inline: Array<[number, number, number]> = [];
  const nodeOf = (p: Point, ref: unknown): number | undefined => {
    const lon = Number(p?.lon);
    const lat = Number(p?.lat);
    if (!p || !Number.isFinite(lon) || !Number.isFinite(lat))
      return Number.isSafeInteger(ref) ? (ref as number) : undefined;
    let id = Number.isSafeInteger(ref) ? (ref as number) : synthetic.get(`${lon},${lat}`);
    if (id === undefined) synthetic.set(`${lon},${lat}`, (id = -1e15 - synthetic.size));
    inline.push([id, Math.round(lon * 1e7), Math.round(lat * 1e7)]);
    return id;
  };
  const wayRefs = new Map<number, number[]>();
  for (const w of byType.way) {
    const ids = Array.isArray(w.nodes) ? (w.nodes as unknown[]) : [];
    const geometry = Array.isArray(w.geometry) ? (w.geometry as Point[]) : undefined;
    const refs = geometry ? geometry.map((p, k) => nodeOf(p, ids[k]) ?? NaN) : ids.map(Number);
    wayRefs.set(w.id as number, refs);
  }
  const memberWays: Array<[number, number[]]> = [];
  for (const r of byType.relation) {
    for (const m of Array.isArray(r.members) ? (r.members as Array<Record<string, unknown>>) : []) {
      if (m.type === 'way' && Array.isArray(m.geometry) && !wayRefs.has(m.ref as number)) {
        const refs = (m.geometry as Point[]).map((p) => nodeOf(p, undefined) ?? NaN);
        wayRefs.set(m.ref as number, refs);
        memberWays.push([m.ref as number, refs]);
      } else if (m.type === 'node' && m.lat !== undefined) nodeOf(m as Point, m.ref);
    }
  }

  for (const n of byType.node) {
    const lon = Number(n.lon);
    const lat = Number(n.lat);
    if (!Number.isFinite(lon) || !Number.isFinite(lat))
      throw new Error(
        `node ${String(n.id)} of the Overpass JSON has lon ${JSON.stringify(n.lon)} and lat ${JSON.stringify(n.lat)}, not numbers`,
      );
    const tags = tagsOf(n);
    sink.node(n.id as number, Math.round(lon * 1e7), Math.round(lat * 1e7), tags, tags ? metaOf(n) : null);
  }
  for (const [id, lonE7, latE7] of inline) sink.node(id, lonE7, latE7, null, null);
  for (const w of byType.way) {
    const tags = tagsOf(w);
    sink.way(w.id as number, wayRefs.get(w.id as number)!, tags, tags ? metaOf(w) : null);
  }
  for (const [id, refs] of memberWays) sink.way(id, refs, null, null);
  for (const r of byType.relation) {
    const members: OsmMember[] = [];
    for (const m of Array.isArray(r.members) ? (r.members as Array<Record<string, unknown>>) : []) {
      if ((m.type === 'node' || m.type === 'way' || m.type === 'relation') && Number.isSafeInteger(m.ref))
        members.push({ type: m.type, ref: m.ref as number, role: typeof m.role === 'string' ? m.role : '' });
    }
    const tags = tagsOf(r);
    sink.relation(r.id as number, members, tags, tags ? metaOf(r) : null);
  }
}

function tagsOf(e: Element): OsmTags | null {
  if (typeof e.tags !== 'object' || e.tags === null) return null;
  let tags: OsmTags | null = null;
  for (const [k, v] of Object.entries(e.tags as Record<string, unknown>)) {
    if (v !== null && v !== undefined) (tags ??= newTags())[k] = String(v);
  }
  return tags;
}

function metaOf(e: Element): OsmMeta {
  const meta: OsmMeta = {};
  if (typeof e.version === 'number' && e.version > 0) meta.version = e.version;
  if (typeof e.changeset === 'number' && e.changeset > 0) meta.changeset = e.changeset;
  if (typeof e.uid === 'number' && e.uid > 0) meta.uid = e.uid;
  if (typeof e.user === 'string' && e.user) meta.user = e.user;
  const ms = typeof e.timestamp === 'string' ? Date.parse(e.timestamp) : NaN;
  if (Number.isFinite(ms)) meta.timestamp = ms;
  return meta;
}

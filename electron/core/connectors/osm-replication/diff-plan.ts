/**
 * Turns one diff's element versions into ingest ops for the elements inside the area, with the
 * extract import's geometry builder: tagged nodes as points, ways from their nodes' locations (the
 * diff's own, else the node-location store's), relations from the members the diff holds. Each
 * version is observed at its own timestamp with `osm:version`, `osm:changeset`, `osm:user` and
 * `osm:uid`, as the osm_api source writes them; a deletion keeps the element's last tags and
 * geometry and marks it `osm:deleted=yes`. A version goes to the element's existing objects (an
 * imported extract's included: OSM identity is `type` + `osm_id`), else to a new object of this
 * source; an element that left the area or lost its tags is marked `osm:deleted=yes` with
 * `osm:gone=left_area|untagged`. Stored ways whose nodes the diff moves, and stored relations whose
 * member ways change shape (relation-redraw.ts), are drawn again with their feed tags (an analyst's
 * overrides stay overrides: the store lays them over the feed's tags). Also says which node
 * locations, way node lists and relation member lists the diff sets or removes.
 */
import type { Geometry, ObjectType, OsmObject, Tags } from '../../../contract/domain.js';
import type {
  OsmNodeLocation,
  OsmRelationMember,
  OsmRelationMembers,
  OsmWayNodes,
} from '../../../../db/osm-replication-store.js';
import { feedTags } from '../../../../db/tag-overrides.js';
import { DELETED_TAG } from '../../files/import/reimport.js';
import { GeometryBuilder } from '../../files/import/osm/geometry-builder.js';
import { newTags, type OsmMeta } from '../../files/import/osm/osm-model.js';
import { parseGeometry } from '../../geometry.js';
import type { IngestOp } from '../../ingest/types.js';
import { normalizeTags } from '../../tags.js';
import { versionTags } from '../osm-api/osm-api-versions.js';
import type { OsmChange } from './osmchange-reader.js';
import { afterDiffBuilder, relationWork, type RelationWork } from './relation-redraw.js';

export type Bbox = [number, number, number, number];

/** Why an element still in OSM was marked `osm:deleted=yes`: `left_area` or `untagged`. */
export const GONE_TAG = 'osm:gone';

/** Node locations are kept this far (degrees) around the area, for ways that leave it. */
export const NODE_MARGIN_DEG = 0.1;

export interface PlanContext {
  sourceId: string;
  area: Bbox;
  /** Stored locations of nodes (1e-7 degrees). */
  nodeLocations(ids: number[]): Promise<Map<number, [number, number]>>;
  /** The stored ways that use any of these nodes, with their node lists (the way→node index). */
  waysOfNodes(nodeIds: number[]): Promise<Map<number, number[]>>;
  /** The stored node lists of these ways. */
  wayNodeLists(wayIds: number[]): Promise<Map<number, number[]>>;
  /** The stored relations with any of these members, with their member lists (the relation→member index). */
  relationsOfMembers(type: 'node' | 'way', refs: number[]): Promise<Map<number, OsmRelationMember[]>>;
  /**
   * The stored objects of these elements, whatever OSM source holds them (an imported extract's, or
   * this source's): a version updates each, a deletion marks each.
   */
  elementObjects(
    type: ObjectType,
    osmIds: string[],
  ): Promise<Array<Pick<OsmObject, 'source_id' | 'osm_id' | 'tags' | 'geom' | 'overrides'>>>;
  now: number;
}

export interface PlanCounts {
  /** Element versions in the diff. */
  changes: number;
  /** Versions stored (created or modified elements inside the area). */
  stored: number;
  /** Deletions of stored elements, marked. */
  deleted: number;
  /** Stored elements that left the area or lost their tags, marked gone. */
  gone: number;
  /** Stored ways and relations the diff does not hold, drawn again because it moved their nodes or changed their member ways. */
  redrawn: number;
  /** Versions outside the area, untagged nodes, deletions of elements never stored. */
  ignored: number;
}

export interface DiffPlan {
  ops: IngestOp[];
  nodes: OsmNodeLocation[];
  removedNodes: number[];
  /** Way node lists for the way→node index: set by the diff, and deleted. */
  ways: OsmWayNodes[];
  removedWays: number[];
  /** Relation member lists for the relation→member index: of the relations the diff leaves stored, and deleted. */
  relations: OsmRelationMembers[];
  removedRelations: number[];
  counts: PlanCounts;
  /** Why versions inside the area could not be drawn, naming each. */
  skipped: string[];
}

const ORDER: Record<ObjectType, number> = { node: 0, way: 1, relation: 2 };
const E7 = 1e7;

/** Whether a GeoJSON geometry's bounding box meets the area. */
function touches(geom: Geometry, [w, s, e, n]: Bbox): boolean {
  let hit = false;
  const visit = (c: unknown): void => {
    if (hit || !Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      if (x >= w && x <= e && y >= s && y <= n) hit = true;
      return;
    }
    for (const part of c) visit(part);
  };
  if (geom.type === 'GeometryCollection')
    for (const g of geom.geometries) visit((g as { coordinates: unknown }).coordinates);
  else visit((geom as { coordinates: unknown }).coordinates);
  return hit;
}

const metaOf = (c: OsmChange): OsmMeta => ({
  version: c.version,
  ...(c.timestamp !== undefined ? { timestamp: c.timestamp } : {}),
  ...(c.changeset !== undefined ? { changeset: c.changeset } : {}),
  ...(c.uid !== undefined ? { uid: c.uid } : {}),
  ...(c.user !== undefined ? { user: c.user } : {}),
});
const tagsOf = (c: OsmChange) => (Object.keys(c.tags).length > 0 ? Object.assign(newTags(), c.tags) : null);
const key = (type: ObjectType, id: number | string) => `${type}/${id}`;

/** The node locations the diff leaves: the newest version of each node (inside the margin), and the deleted ones. */
function nodeWrites(changes: OsmChange[], area: Bbox): Pick<DiffPlan, 'nodes' | 'removedNodes'> {
  const last = new Map<number, OsmChange>();
  for (const c of changes) if (c.type === 'node') last.set(c.id, c);
  const [w, s, e, n] = area;
  const m = NODE_MARGIN_DEG;
  const nodes: OsmNodeLocation[] = [];
  const removedNodes: number[] = [];
  for (const c of last.values()) {
    if (!c.visible || c.lat === undefined || c.lon === undefined) removedNodes.push(c.id);
    else if (c.lon >= w - m && c.lon <= e + m && c.lat >= s - m && c.lat <= n + m)
      nodes.push({ id: c.id, lonE7: Math.round(c.lon * E7), latE7: Math.round(c.lat * E7) });
  }
  return { nodes, removedNodes };
}

/** One object of an element as the plan leaves it: the source holding it, its tags and geometry. */
interface Holder {
  sourceId: string;
  tags: Tags;
  geom: Geometry;
}

const isMarked = (h: Holder) => h.tags[DELETED_TAG] === 'yes';

/** The stored objects of every element the diff names, any OSM source's, by `type/id`. */
async function heldObjects(changes: OsmChange[], ctx: PlanContext): Promise<Map<string, Holder[]>> {
  const held = new Map<string, Holder[]>();
  for (const type of ['node', 'way', 'relation'] as const) {
    const ids = [...new Set(changes.filter((c) => c.type === type).map((c) => String(c.id)))];
    for (const o of await ctx.elementObjects(type, ids)) {
      const k = key(type, o.osm_id);
      const list = held.get(k) ?? [];
      // The feed's tags: a hand edit's override stays an override (the store lays it over them again).
      list.push({ sourceId: o.source_id, tags: feedTags(o.tags, o.overrides ?? null), geom: o.geom });
      held.set(k, list);
    }
  }
  return held;
}

/** What planning one diff keeps as it goes. */
interface Planner {
  ctx: PlanContext;
  ops: IngestOp[];
  counts: PlanCounts;
  skipped: string[];
  /** Each element's objects, updated by the ops planned so far (a deletion after a creation in the same diff). */
  held: Map<string, Holder[]>;
}

/** Plans one op per object of the element (or one new object of this source), and remembers what they leave. */
function write(
  p: Planner,
  c: OsmChange,
  holders: Holder[],
  tags: Tags,
  geom: (h: Holder) => Geometry,
  tainted = false,
) {
  const next: Holder[] = [];
  for (const h of holders) {
    const g = geom(h);
    next.push({ sourceId: h.sourceId, tags, geom: g });
    p.ops.push({
      op: 'upsert',
      sourceId: h.sourceId,
      type: c.type,
      osmId: String(c.id),
      tags,
      geom: g,
      observedAt: c.timestamp ?? p.ctx.now,
      ...(tainted ? { tainted: true } : {}),
    });
  }
  const k = key(c.type, c.id);
  const untouched = (p.held.get(k) ?? []).filter((h) => !holders.some((x) => x.sourceId === h.sourceId));
  p.held.set(k, [...untouched, ...next]);
}

/** Plans one diff. */
export async function planDiff(changes: OsmChange[], ctx: PlanContext): Promise<DiffPlan> {
  const sorted = changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => ORDER[a.c.type] - ORDER[b.c.type] || a.i - b.i)
    .map((x) => x.c);
  const p: Planner = {
    ctx,
    ops: [],
    counts: { changes: changes.length, stored: 0, deleted: 0, gone: 0, redrawn: 0, ignored: 0 },
    skipped: [],
    held: await heldObjects(sorted, ctx),
  };

  // Ways the diff does not hold whose nodes it moves are drawn again (the way→node index), and
  // relations it does not hold whose member ways change shape (the relation→member index).
  const moves = await movedNodes(sorted, ctx);
  const relations = await relationWork(sorted, moves.nodes, moves.ways, ctx);
  // Nodes the diff's ways name but the diff does not hold come from the store, fed first.
  const inDiff = new Set(sorted.filter((c) => c.type === 'node').map((c) => c.id));
  const wanted = new Set<number>(relations.nodes);
  for (const c of sorted) if (c.type === 'way' && c.visible) for (const r of c.nodes) if (!inDiff.has(r)) wanted.add(r);
  for (const refs of moves.ways.values()) for (const r of refs) if (!inDiff.has(r)) wanted.add(r);
  const stored = await ctx.nodeLocations([...wanted].sort((a, b) => a - b));
  const builder = new GeometryBuilder();
  for (const [id, [lonE7, latE7]] of [...stored].sort((a, b) => a[0] - b[0]))
    builder.node(id, lonE7, latE7, null, null);
  // Relations are drawn from the state the diff leaves: their member ways as the diff or the store has them.
  const hasRelations = relations.redraw.size > 0 || sorted.some((c) => c.type === 'relation' && c.visible);
  const after = hasRelations ? afterDiffBuilder(sorted, stored, relations) : builder;

  for (const c of sorted) {
    if (!c.visible) planDeletion(p, c);
    else if (c.type === 'node' && (c.lat === undefined || c.lon === undefined)) p.counts.ignored++;
    else planVersion(p, c, c.type === 'relation' ? after : builder);
  }
  await redrawWays(p, moves, builder);
  await redrawRelations(p, relations, after);
  const nodes = nodeWrites(changes, ctx.area);
  const known = new Set([...nodes.nodes.map((n) => n.id), ...stored.keys()]);
  return {
    ops: p.ops,
    ...nodes,
    ...wayWrites(changes, known),
    ...relationWrites(changes, p.held),
    counts: p.counts,
    skipped: p.skipped,
  };
}

/** The relations a diff changes the member lists of: the newest version of each it leaves stored, and the deleted ones. */
function relationWrites(
  changes: OsmChange[],
  held: Map<string, Holder[]>,
): Pick<DiffPlan, 'relations' | 'removedRelations'> {
  const last = new Map<number, OsmChange>();
  for (const c of changes) if (c.type === 'relation') last.set(c.id, c);
  const relations: OsmRelationMembers[] = [];
  const removedRelations: number[] = [];
  for (const c of last.values()) {
    if (!c.visible) removedRelations.push(c.id);
    else if ((held.get(key('relation', c.id)) ?? []).length > 0) relations.push({ id: c.id, members: c.members });
  }
  return { relations, removedRelations };
}

/** The ways a diff changes the node lists of: the newest version of each that uses a known node, and the deleted ones. */
function wayWrites(changes: OsmChange[], known: Set<number>): Pick<DiffPlan, 'ways' | 'removedWays'> {
  const last = new Map<number, OsmChange>();
  for (const c of changes) if (c.type === 'way') last.set(c.id, c);
  const ways: OsmWayNodes[] = [];
  const removedWays: number[] = [];
  for (const c of last.values()) {
    if (!c.visible) removedWays.push(c.id);
    else if (c.nodes.some((n) => known.has(n))) ways.push({ id: c.id, nodes: c.nodes });
  }
  return { ways, removedWays };
}

interface Moves {
  /** Moved node → the time of its move (epoch ms; undefined when its version has none). */
  nodes: Map<number, number | undefined>;
  /** Ways the diff does not hold that use a moved node → their node lists. */
  ways: Map<number, number[]>;
}

/** The diff's nodes whose stored location it changes, and the ways it does not hold that use them. */
async function movedNodes(sorted: OsmChange[], ctx: PlanContext): Promise<Moves> {
  const last = new Map<number, OsmChange>();
  for (const c of sorted)
    if (c.type === 'node' && c.visible && c.lat !== undefined && c.lon !== undefined) last.set(c.id, c);
  const before = await ctx.nodeLocations([...last.keys()]);
  const nodes = new Map<number, number | undefined>();
  for (const [id, c] of last) {
    const was = before.get(id);
    if (was && (was[0] !== Math.round(c.lon! * E7) || was[1] !== Math.round(c.lat! * E7))) nodes.set(id, c.timestamp);
  }
  // Only moved nodes are looked up: new nodes and tag edits redraw nothing.
  const usedBy = nodes.size > 0 ? await ctx.waysOfNodes([...nodes.keys()]) : new Map<number, number[]>();
  const inDiff = new Set(sorted.filter((c) => c.type === 'way').map((c) => c.id));
  const ways = new Map<number, number[]>();
  for (const [way, refs] of usedBy) if (!inDiff.has(way) && refs.some((r) => nodes.has(r))) ways.set(way, refs);
  return { nodes, ways };
}

/** An element's tags without its `osm:*` metadata, as the geometry builder takes them. */
function plainTags(tags: Tags) {
  const base = newTags();
  for (const [k, v] of Object.entries(tags)) if (!k.startsWith('osm:')) base[k] = String(v);
  return base;
}

/**
 * Draws again each stored relation whose member ways changed shape (its tags and version
 * unchanged), as an observation at its newest member change, when its geometry differs; one moved
 * out of the area is marked gone.
 */
async function redrawRelations(p: Planner, work: RelationWork, builder: GeometryBuilder): Promise<void> {
  if (work.redraw.size === 0) return;
  const objects = await p.ctx.elementObjects('relation', [...work.redraw.keys()].map(String));
  for (const o of objects) {
    if (o.tags[DELETED_TAG] === 'yes') continue;
    const id = Number(o.osm_id);
    const feed = feedTags(o.tags, o.overrides ?? null);
    builder.relation(id, work.redraw.get(id)!, plainTags(feed), null);
    const record = builder.drain()[0];
    if (!record || 'skip' in record) {
      if (record) p.skipped.push(record.skip.replace(/ in the file\b/g, ' known'));
      continue;
    }
    let geom: Geometry;
    try {
      geom = parseGeometry(record.feature.geom, 'relation');
    } catch (err) {
      p.skipped.push(`relation ${o.osm_id}: ${(err as Error).message}`);
      continue;
    }
    if (JSON.stringify(geom) === JSON.stringify(o.geom)) continue;
    const inside = touches(geom, p.ctx.area);
    p.counts.redrawn++;
    p.ops.push({
      op: 'upsert',
      sourceId: o.source_id,
      type: 'relation',
      osmId: o.osm_id,
      tags: inside ? feed : normalizeTags({ ...feed, [GONE_TAG]: 'left_area', [DELETED_TAG]: 'yes' }),
      geom,
      observedAt: work.times.get(id) ?? p.ctx.now,
      ...(record.feature.tainted ? { tainted: true } : {}),
    });
  }
}

/**
 * Draws again each stored way whose nodes moved (its tags and version unchanged), as an observation
 * at its newest node move; a way moved out of the area is marked gone.
 */
async function redrawWays(p: Planner, moves: Moves, builder: GeometryBuilder): Promise<void> {
  if (moves.ways.size === 0) return;
  const objects = await p.ctx.elementObjects('way', [...moves.ways.keys()].map(String));
  for (const o of objects) {
    if (o.tags[DELETED_TAG] === 'yes') continue;
    const refs = moves.ways.get(Number(o.osm_id))!;
    // The feed's tags: a hand edit's override stays an override (the store lays it over them again).
    const feed = feedTags(o.tags, o.overrides ?? null);
    builder.way(Number(o.osm_id), refs, plainTags(feed), null);
    const record = builder.drain()[0];
    if (!record || 'skip' in record) {
      if (record) p.skipped.push(record.skip.replace(/ in the file\b/g, ' known'));
      continue;
    }
    let geom: Geometry;
    try {
      geom = parseGeometry(record.feature.geom, 'way');
    } catch (err) {
      p.skipped.push(`way ${o.osm_id}: ${(err as Error).message}`);
      continue;
    }
    const times = refs.map((r) => moves.nodes.get(r)).filter((t): t is number => t !== undefined);
    const inside = touches(geom, p.ctx.area);
    p.counts.redrawn++;
    p.ops.push({
      op: 'upsert',
      sourceId: o.source_id,
      type: 'way',
      osmId: o.osm_id,
      tags: inside ? feed : normalizeTags({ ...feed, [GONE_TAG]: 'left_area', [DELETED_TAG]: 'yes' }),
      geom,
      observedAt: times.length > 0 ? Math.max(...times) : p.ctx.now,
      ...(record.feature.tainted ? { tainted: true } : {}),
    });
  }
}

/** A visible version: stored when it is drawn inside the area; its objects marked gone when it left or lost its tags. */
function planVersion(p: Planner, c: OsmChange, builder: GeometryBuilder): void {
  if (c.type === 'node') builder.node(c.id, Math.round(c.lon! * E7), Math.round(c.lat! * E7), tagsOf(c), metaOf(c));
  else if (c.type === 'way') builder.way(c.id, c.nodes, tagsOf(c), metaOf(c));
  else builder.relation(c.id, c.members, tagsOf(c), metaOf(c));
  const records = builder.drain();
  // An untagged node or way is no object: one that was stops being one.
  if (records.length === 0) {
    const point: Geometry | undefined =
      c.type === 'node' ? { type: 'Point', coordinates: [c.lon!, c.lat!] } : undefined;
    markGone(p, c, 'untagged', point);
    return;
  }
  for (const record of records) {
    if ('skip' in record) {
      // An untagged relation is no object, as in an import; anything else could not be drawn.
      if (record.skip.endsWith(': it has no tags')) markGone(p, c, 'untagged');
      else {
        p.counts.ignored++;
        p.skipped.push(record.skip.replace(/ in the file\b/g, ' known'));
      }
      continue;
    }
    const f = record.feature;
    let geom: Geometry;
    try {
      geom = parseGeometry(f.geom, f.type);
    } catch (err) {
      p.counts.ignored++;
      p.skipped.push(`${f.type} ${f.osmId}: ${(err as Error).message}`);
      continue;
    }
    if (!touches(geom, p.ctx.area)) {
      markGone(p, c, 'left_area', geom);
      continue;
    }
    const holders = p.held.get(key(c.type, c.id));
    const targets = holders && holders.length > 0 ? holders : [{ sourceId: p.ctx.sourceId, tags: newTags(), geom }];
    p.counts.stored++;
    write(p, c, targets, normalizeTags(f.tags), () => geom, f.tainted === true);
  }
}

/**
 * An element still in OSM that is no longer an object of the area (it moved out, or lost its tags):
 * each of its objects not marked yet is marked `osm:deleted=yes` with `osm:gone` saying why, with
 * the version's tags and metadata and its new geometry (else the last one).
 */
function markGone(p: Planner, c: OsmChange, reason: 'left_area' | 'untagged', geom?: Geometry): void {
  const live = (p.held.get(key(c.type, c.id)) ?? []).filter((h) => !isMarked(h));
  if (live.length === 0) {
    p.counts.ignored++;
    return;
  }
  let tags: Tags;
  try {
    tags = versionTags(c, { ...c.tags, [GONE_TAG]: reason, [DELETED_TAG]: 'yes' });
  } catch (err) {
    p.skipped.push(`${c.type} ${c.id}: ${(err as Error).message}`);
    p.counts.ignored++;
    return;
  }
  p.counts.gone++;
  write(p, c, live, tags, (h) => geom ?? h.geom);
}

/** A deletion: each object's last tags (without its old `osm:*` metadata) and geometry, marked deleted. */
function planDeletion(p: Planner, c: OsmChange): void {
  const live = (p.held.get(key(c.type, c.id)) ?? []).filter((h) => !isMarked(h));
  if (live.length === 0) {
    p.counts.ignored++;
    return;
  }
  p.counts.deleted++;
  for (const h of live) {
    const base: Record<string, string> = {};
    for (const [name, value] of Object.entries(h.tags)) if (!name.startsWith('osm:')) base[name] = String(value);
    let tags: Tags;
    try {
      tags = versionTags(c, base);
    } catch (err) {
      p.skipped.push(`${c.type} ${c.id}: ${(err as Error).message}`);
      continue;
    }
    write(p, c, [h], tags, () => h.geom);
  }
}

/**
 * Turns one diff's element versions into ingest ops for the elements inside the area, with the
 * extract import's geometry builder: tagged nodes as points, ways from their nodes' locations (the
 * diff's own, else the node-location store's), relations from the members the diff holds. Each
 * version is observed at its own timestamp with `osm:version`, `osm:changeset`, `osm:user` and
 * `osm:uid`, as the osm_api source writes them; a deletion keeps the element's last tags and
 * geometry and marks it `osm:deleted=yes`. Also says which node locations the diff sets or removes.
 */
import type { Geometry, ObjectType, Tags } from '../../../contract/domain.js';
import type { OsmNodeLocation } from '../../../../db/osm-replication-store.js';
import { GeometryBuilder } from '../../files/import/osm/geometry-builder.js';
import { newTags, type OsmMeta } from '../../files/import/osm/osm-model.js';
import { parseGeometry } from '../../geometry.js';
import type { IngestOp } from '../../ingest/types.js';
import { normalizeTags } from '../../tags.js';
import { versionTags } from '../osm-api/osm-api-versions.js';
import type { OsmChange } from './osmchange-reader.js';

export type Bbox = [number, number, number, number];

/** Node locations are kept this far (degrees) around the area, for ways that leave it. */
export const NODE_MARGIN_DEG = 0.1;

export interface PlanContext {
  sourceId: string;
  area: Bbox;
  /** Stored locations of nodes the diff does not hold. */
  nodeLocations(ids: number[]): Promise<Map<number, [number, number]>>;
  /** This source's stored object, for a deletion (its last tags and geometry). */
  findObject(type: ObjectType, osmId: string): Promise<{ tags: Tags; geom: Geometry } | undefined>;
  now: number;
}

export interface PlanCounts {
  /** Element versions in the diff. */
  changes: number;
  /** Versions stored (created or modified elements inside the area). */
  stored: number;
  /** Deletions of stored elements, marked. */
  deleted: number;
  /** Versions outside the area, untagged nodes, deletions of elements never stored. */
  ignored: number;
}

export interface DiffPlan {
  ops: IngestOp[];
  nodes: OsmNodeLocation[];
  removedNodes: number[];
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

/** Plans one diff. */
export async function planDiff(changes: OsmChange[], ctx: PlanContext): Promise<DiffPlan> {
  const sorted = changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => ORDER[a.c.type] - ORDER[b.c.type] || a.i - b.i)
    .map((x) => x.c);
  const counts: PlanCounts = { changes: changes.length, stored: 0, deleted: 0, ignored: 0 };
  const ops: IngestOp[] = [];
  const skipped: string[] = [];
  /** The newest op of each element planned in this diff (a deletion after a creation in the same diff). */
  const planned = new Map<string, { tags: Tags; geom: Geometry }>();

  // Nodes the diff's ways name but the diff does not hold come from the store, fed first.
  const inDiff = new Set(sorted.filter((c) => c.type === 'node').map((c) => c.id));
  const wanted = new Set<number>();
  for (const c of sorted) if (c.type === 'way' && c.visible) for (const r of c.nodes) if (!inDiff.has(r)) wanted.add(r);
  const stored = await ctx.nodeLocations([...wanted].sort((a, b) => a - b));
  const builder = new GeometryBuilder();
  for (const [id, [lonE7, latE7]] of [...stored].sort((a, b) => a[0] - b[0]))
    builder.node(id, lonE7, latE7, null, null);

  for (const c of sorted) {
    if (!c.visible) {
      await planDeletion(c, ctx, planned, ops, counts, skipped);
      continue;
    }
    if (c.type === 'node') {
      if (c.lat === undefined || c.lon === undefined) {
        counts.ignored++;
        continue;
      }
      builder.node(c.id, Math.round(c.lon * E7), Math.round(c.lat * E7), tagsOf(c), metaOf(c));
    } else if (c.type === 'way') builder.way(c.id, c.nodes, tagsOf(c), metaOf(c));
    else builder.relation(c.id, c.members, tagsOf(c), metaOf(c));
    const records = builder.drain();
    if (records.length === 0) counts.ignored++;
    for (const record of records) {
      if ('skip' in record) {
        counts.ignored++;
        // An untagged relation is no object, as in an import; anything else could not be drawn.
        if (!record.skip.endsWith(': it has no tags')) skipped.push(record.skip.replace(/ in the file\b/g, ' known'));
        continue;
      }
      const f = record.feature;
      let geom: Geometry;
      try {
        geom = parseGeometry(f.geom, f.type);
      } catch (err) {
        counts.ignored++;
        skipped.push(`${f.type} ${f.osmId}: ${(err as Error).message}`);
        continue;
      }
      if (!touches(geom, ctx.area)) {
        counts.ignored++;
        continue;
      }
      const tags = normalizeTags(f.tags);
      planned.set(key(f.type, f.osmId), { tags, geom });
      counts.stored++;
      ops.push({
        op: 'upsert',
        sourceId: ctx.sourceId,
        type: f.type,
        osmId: f.osmId,
        tags,
        geom,
        observedAt: f.observedAt ?? ctx.now,
        ...(f.tainted ? { tainted: true } : {}),
      });
    }
  }
  return { ops, ...nodeWrites(changes, ctx.area), counts, skipped };
}

/** A deletion: the element's last tags (without its old `osm:*` metadata) and geometry, marked deleted. */
async function planDeletion(
  c: OsmChange,
  ctx: PlanContext,
  planned: Map<string, { tags: Tags; geom: Geometry }>,
  ops: IngestOp[],
  counts: PlanCounts,
  skipped: string[],
): Promise<void> {
  const k = key(c.type, c.id);
  const prev = planned.get(k) ?? (await ctx.findObject(c.type, String(c.id)));
  if (!prev || prev.tags['osm:deleted'] === 'yes') {
    counts.ignored++;
    return;
  }
  const base: Record<string, string> = {};
  for (const [name, value] of Object.entries(prev.tags)) if (!name.startsWith('osm:')) base[name] = String(value);
  let tags: Tags;
  try {
    tags = versionTags(c, base);
  } catch (err) {
    skipped.push(`${c.type} ${c.id}: ${(err as Error).message}`);
    counts.ignored++;
    return;
  }
  planned.set(k, { tags, geom: prev.geom });
  counts.deleted++;
  ops.push({
    op: 'upsert',
    sourceId: ctx.sourceId,
    type: c.type,
    osmId: String(c.id),
    tags,
    geom: prev.geom,
    observedAt: c.timestamp ?? ctx.now,
  });
}

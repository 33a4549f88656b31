/**
 * Relations a diff redraws without holding them: the stored relations (the relation→member index)
 * whose member ways change shape — a new node list, a deletion, a moved node — or whose node
 * members move. Each is drawn again by the import's geometry builder from the state the diff
 * leaves: the diff's newest nodes and ways, else the node-location store and the way→node index.
 */
import type { OsmRelationMember } from '../../../../db/osm-replication-store.js';
import { sameList } from '../../../../db/osm-replication-store.js';
import { GeometryBuilder } from '../../files/import/osm/geometry-builder.js';
import type { OsmChange } from './osmchange-reader.js';

/** What the relations of one diff need besides the diff. */
export interface RelationWork {
  /** Stored relations the diff does not hold whose members changed → their members. */
  redraw: Map<number, OsmRelationMember[]>;
  /** Each redrawn relation's time: its newest member change (epoch ms; absent when none has one). */
  times: Map<number, number>;
  /** Member ways (of redrawn relations and of the diff's relations) the diff does not hold → stored node lists. */
  memberWays: Map<number, number[]>;
  /** Nodes those need that the diff does not hold. */
  nodes: Set<number>;
}

export interface RelationLookups {
  wayNodeLists(wayIds: number[]): Promise<Map<number, number[]>>;
  relationsOfMembers(type: 'node' | 'way', refs: number[]): Promise<Map<number, OsmRelationMember[]>>;
}

const latest = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/** The newest version of each element of `type` in the diff. */
function newest(sorted: OsmChange[], type: OsmChange['type']): Map<number, OsmChange> {
  const last = new Map<number, OsmChange>();
  for (const c of sorted) if (c.type === type) last.set(c.id, c);
  return last;
}

/**
 * Finds the relations to redraw and what drawing them (and the diff's own relations) needs.
 * `movedNodes`: moved node → move time; `redrawnWays`: stored ways redrawn for moved nodes → their node lists.
 */
export async function relationWork(
  sorted: OsmChange[],
  movedNodes: Map<number, number | undefined>,
  redrawnWays: Map<number, number[]>,
  ctx: RelationLookups,
): Promise<RelationWork> {
  const diffWays = newest(sorted, 'way');
  const diffRelations = newest(sorted, 'relation');
  const stored = diffWays.size > 0 ? await ctx.wayNodeLists([...diffWays.keys()]) : new Map<number, number[]>();
  // Ways whose shape changes, with the time of the change.
  const changed = new Map<number, number | undefined>();
  for (const [id, c] of diffWays) {
    const was = stored.get(id);
    if (!c.visible || !was || !sameList(was, c.nodes) || c.nodes.some((n) => movedNodes.has(n)))
      changed.set(id, c.timestamp);
  }
  for (const [id, refs] of redrawnWays)
    changed.set(id, refs.map((r) => movedNodes.get(r)).reduce<number | undefined>(latest, undefined));
  const byWay = changed.size > 0 ? await ctx.relationsOfMembers('way', [...changed.keys()]) : new Map();
  const byNode = movedNodes.size > 0 ? await ctx.relationsOfMembers('node', [...movedNodes.keys()]) : new Map();
  const redraw = new Map<number, OsmRelationMember[]>();
  const times = new Map<number, number>();
  for (const [id, members] of [...byWay, ...byNode] as Array<[number, OsmRelationMember[]]>) {
    if (diffRelations.has(id) || redraw.has(id)) continue;
    redraw.set(id, members);
    let time: number | undefined;
    for (const m of members)
      time = latest(
        time,
        m.type === 'way' ? changed.get(m.ref) : m.type === 'node' ? movedNodes.get(m.ref) : undefined,
      );
    if (time !== undefined) times.set(id, time);
  }
  const allMembers = [
    ...redraw.values(),
    ...[...diffRelations.values()].filter((c) => c.visible).map((c) => c.members),
  ];
  const wanted = new Set<number>();
  const nodes = new Set<number>();
  const diffNodes = new Set(sorted.filter((c) => c.type === 'node').map((c) => c.id));
  for (const members of allMembers)
    for (const m of members) {
      if (m.type === 'way' && !diffWays.has(m.ref)) wanted.add(m.ref);
      else if (m.type === 'node' && !diffNodes.has(m.ref)) nodes.add(m.ref);
    }
  const memberWays = wanted.size > 0 ? await ctx.wayNodeLists([...wanted]) : new Map<number, number[]>();
  for (const refs of memberWays.values()) for (const r of refs) if (!diffNodes.has(r)) nodes.add(r);
  for (const members of allMembers)
    for (const m of members)
      if (m.type === 'way') for (const r of diffWays.get(m.ref)?.nodes ?? []) if (!diffNodes.has(r)) nodes.add(r);
  return { redraw, times, memberWays, nodes };
}

/**
 * A geometry builder holding the state the diff leaves for relations: `stored` node locations
 * (1e-7 degrees) overlaid with the diff's newest nodes, and the member ways' stored node lists
 * overlaid with the diff's newest ways (a deleted node or way is missing, so what uses it is tainted).
 */
export function afterDiffBuilder(
  sorted: OsmChange[],
  stored: Map<number, [number, number]>,
  memberWays: Map<number, number[]>,
): GeometryBuilder {
  const nodes = new Map(stored);
  for (const c of newest(sorted, 'node').values()) {
    if (c.visible && c.lat !== undefined && c.lon !== undefined)
      nodes.set(c.id, [Math.round(c.lon * 1e7), Math.round(c.lat * 1e7)]);
    else nodes.delete(c.id);
  }
  const ways = new Map(memberWays);
  for (const c of newest(sorted, 'way').values()) {
    if (c.visible) ways.set(c.id, c.nodes);
    else ways.delete(c.id);
  }
  const builder = new GeometryBuilder();
  for (const [id, [lon, lat]] of [...nodes].sort((a, b) => a[0] - b[0])) builder.node(id, lon, lat, null, null);
  for (const [id, refs] of [...ways].sort((a, b) => a[0] - b[0])) builder.way(id, refs, null, null);
  return builder;
}

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
  /** The diff's ways that are members of those relations. */
  diffMembers: Set<number>;
  /** The node members of those relations. */
  nodeMembers: Set<number>;
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
  // The relations of every way the diff holds or redraws first: most ways are in none, and only
  // those that are need their stored node lists compared.
  const candidates = [...new Set([...diffWays.keys(), ...redrawnWays.keys()])];
  const byWay: Map<number, OsmRelationMember[]> =
    candidates.length > 0 ? await ctx.relationsOfMembers('way', candidates) : new Map();
  const members = new Set<number>();
  for (const list of byWay.values()) for (const m of list) if (m.type === 'way') members.add(m.ref);
  const compared = [...diffWays.keys()].filter((id) => members.has(id));
  const stored = compared.length > 0 ? await ctx.wayNodeLists(compared) : new Map<number, number[]>();
  // Member ways whose shape changes, with the time of the change.
  const changed = new Map<number, number | undefined>();
  for (const id of compared) {
    const c = diffWays.get(id)!;
    const was = stored.get(id);
    if (!c.visible || !was || !sameList(was, c.nodes) || c.nodes.some((n) => movedNodes.has(n)))
      changed.set(id, c.timestamp);
  }
  for (const [id, refs] of redrawnWays)
    changed.set(id, refs.map((r) => movedNodes.get(r)).reduce<number | undefined>(latest, undefined));
  const byNode = movedNodes.size > 0 ? await ctx.relationsOfMembers('node', [...movedNodes.keys()]) : new Map();
  const redraw = new Map<number, OsmRelationMember[]>();
  const times = new Map<number, number>();
  for (const [id, list] of [...byWay, ...byNode] as Array<[number, OsmRelationMember[]]>) {
    if (diffRelations.has(id) || redraw.has(id)) continue;
    const moved = (m: OsmRelationMember) =>
      m.type === 'way' ? changed.has(m.ref) : m.type === 'node' && movedNodes.has(m.ref);
    if (!list.some(moved)) continue;
    redraw.set(id, list);
    let time: number | undefined;
    for (const m of list)
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
  const diffMembers = new Set<number>();
  const nodeMembers = new Set<number>();
  const diffNodes = new Set(sorted.filter((c) => c.type === 'node').map((c) => c.id));
  for (const members of allMembers)
    for (const m of members) {
      if (m.type === 'way') (diffWays.has(m.ref) ? diffMembers : wanted).add(m.ref);
      else if (m.type === 'node') {
        nodeMembers.add(m.ref);
        if (!diffNodes.has(m.ref)) nodes.add(m.ref);
      }
    }
  const memberWays = wanted.size > 0 ? await ctx.wayNodeLists([...wanted]) : new Map<number, number[]>();
  for (const refs of memberWays.values()) for (const r of refs) if (!diffNodes.has(r)) nodes.add(r);
  for (const members of allMembers)
    for (const m of members)
      if (m.type === 'way') for (const r of diffWays.get(m.ref)?.nodes ?? []) if (!diffNodes.has(r)) nodes.add(r);
  return { redraw, times, memberWays, nodes, diffMembers, nodeMembers };
}

/**
 * A geometry builder holding what the relations of `work` need of the state the diff leaves: their
 * member ways (the diff's newest, else the stored node lists) and those ways' and the node members'
 * locations (the diff's newest, else `stored`, in 1e-7 degrees); a deleted node or way is missing,
 * so what uses it is tainted.
 */
export function afterDiffBuilder(
  sorted: OsmChange[],
  stored: Map<number, [number, number]>,
  work: Pick<RelationWork, 'memberWays' | 'diffMembers' | 'nodeMembers'>,
): GeometryBuilder {
  const ways = new Map(work.memberWays);
  for (const c of newest(sorted, 'way').values()) {
    if (!work.diffMembers.has(c.id)) continue;
    if (c.visible) ways.set(c.id, c.nodes);
    else ways.delete(c.id);
  }
  const needed = new Set(work.nodeMembers);
  for (const refs of ways.values()) for (const r of refs) needed.add(r);
  const nodes = new Map<number, [number, number]>();
  for (const id of needed) {
    const at = stored.get(id);
    if (at) nodes.set(id, at);
  }
  for (const c of newest(sorted, 'node').values()) {
    if (!needed.has(c.id)) continue;
    if (c.visible && c.lat !== undefined && c.lon !== undefined)
      nodes.set(c.id, [Math.round(c.lon * 1e7), Math.round(c.lat * 1e7)]);
    else nodes.delete(c.id);
  }
  const builder = new GeometryBuilder();
  for (const [id, [lon, lat]] of [...nodes].sort((a, b) => a[0] - b[0])) builder.node(id, lon, lat, null, null);
  for (const [id, refs] of [...ways].sort((a, b) => a[0] - b[0])) builder.way(id, refs, null, null);
  return builder;
}

/**
 * The store's part for OpenStreetMap replication (issue 18 item 3): the node-location store that
 * gives a diff's ways their coordinates when their nodes are not in the diff, the way→node index
 * that finds the ways a moved node redraws, the relation→member index that finds the relations a
 * changed member way redraws, and the last diff each `osm_replication` source applied. One interface, one implementation per dialect
 * (sqlite/sqlite-osm-replication.ts, pg/pg-osm-replication.ts).
 */

/** One node's location in 1e-7 degrees (OSM's own precision). */
export interface OsmNodeLocation {
  id: number;
  lonE7: number;
  latE7: number;
}

/** One way's node list, in order. */
export interface OsmWayNodes {
  id: number;
  nodes: number[];
}

/** One relation member, in the relation's order. */
export interface OsmRelationMember {
  type: 'node' | 'way' | 'relation';
  ref: number;
  role: string;
}

/** One relation's member list, in order. */
export interface OsmRelationMembers {
  id: number;
  members: OsmRelationMember[];
}

/** The last diff a source applied. */
export interface ReplicationState {
  sequence: number;
  /** The diff's `state.txt` timestamp, epoch ms (null when it had none). */
  dataTimestamp: number | null;
  /** When it was written, epoch ms. */
  updatedAt: number;
}

/** What one applied diff leaves in the store, written in one transaction. */
export interface ReplicationCommit {
  sourceId: string;
  sequence: number;
  dataTimestamp: number | null;
  /** Node locations set by the diff (the newest version of each node). */
  nodes: OsmNodeLocation[];
  /** Nodes the diff deleted. */
  removedNodes: number[];
  /** Way node lists set by the diff (the newest version of each way), each replacing the way's list. */
  ways?: OsmWayNodes[];
  /** Ways the diff deleted. */
  removedWays?: number[];
  /** Relation member lists set by the diff (the newest version of each relation), each replacing the relation's list. */
  relations?: OsmRelationMembers[];
  /** Relations the diff deleted. */
  removedRelations?: number[];
}

export interface OsmReplicationStore {
  /** The known locations of `ids`, as `id → [lonE7, latE7]`; unknown ids are left out. */
  nodeLocations(ids: readonly number[]): Promise<Map<number, [number, number]>>;
  /** Sets node locations outside a diff (an extract import), in one transaction. */
  putNodeLocations(nodes: readonly OsmNodeLocation[]): Promise<void>;
  /** How many node locations are stored. */
  countNodeLocations(): Promise<number>;
  /** Sets way node lists outside a diff (an extract import), each replacing the way's list, in one transaction. */
  putWayNodes(ways: readonly OsmWayNodes[]): Promise<void>;
  /** The ways that use any of `nodeIds` (the way→node index), as `wayId → its whole node list`. */
  waysOfNodes(nodeIds: readonly number[]): Promise<Map<number, number[]>>;
  /** How many ways the way→node index holds. */
  countWays(): Promise<number>;
  /** The stored node lists of `wayIds`, as `wayId → its node list`; unknown ways are left out. */
  wayNodeLists(wayIds: readonly number[]): Promise<Map<number, number[]>>;
  /** Sets relation member lists outside a diff (an extract import), each replacing the relation's list, in one transaction. */
  putRelationMembers(relations: readonly OsmRelationMembers[]): Promise<void>;
  /** The relations with any of `refs` as a member of `type` (the relation→member index), as `relationId → its whole member list`. */
  relationsOfMembers(type: 'node' | 'way', refs: readonly number[]): Promise<Map<number, OsmRelationMember[]>>;
  /** How many relations the relation→member index holds. */
  countRelations(): Promise<number>;
  /** The last diff `sourceId` applied, or undefined when it applied none. */
  replicationState(sourceId: string): Promise<ReplicationState | undefined>;
  /**
   * Writes one applied diff in ONE transaction: its node locations, way node lists, relation member lists and the source's last applied
   * sequence. Call it after the diff's objects committed, so a crash in between re-applies the
   * diff (idempotent) and never skips it.
   */
  commitDiff(commit: ReplicationCommit): Promise<void>;
}

/** Node ids per statement (well under SQLite's and Postgres's parameter limits). */
export const NODE_CHUNK = 5000;

/** Whether two member lists are the same, in the same order (a relation version that keeps its members). */
export function sameMembers(a: readonly OsmRelationMember[], b: readonly OsmRelationMember[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++)
    if (a[i]!.type !== b[i]!.type || a[i]!.ref !== b[i]!.ref || a[i]!.role !== b[i]!.role) return false;
  return true;
}

/** Whether two node lists are the same, in the same order (a way version that keeps its nodes). */
export function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

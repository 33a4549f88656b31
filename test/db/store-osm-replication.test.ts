// The store's OpenStreetMap replication part (issue 18 item 3) on SQLite and Postgres (when
// TEST_DATABASE_URL is set): node locations, the way→node and relation→member indexes, and each
// replication source's last applied diff.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../db/store.js';
import { addTestSource, storeTargets } from './store-targets.js';

describe.each(storeTargets())('OSM replication store on $name', (target) => {
  let store: Store;

  beforeEach(async () => {
    store = await target.open();
  });
  afterEach(() => store.close());
  afterAll(() => target.dispose());

  it('keeps node locations: set, replaced, removed, and only known ids answered', async () => {
    // Planet-sized ids (above 2^32) and coordinates at both ends of the range, in 1e-7 degrees.
    await store.osm.putNodeLocations([
      { id: 12_000_000_001, lonE7: -1_800_000_000, latE7: -900_000_000 },
      { id: 12, lonE7: 10_000_000, latE7: 30_000_000 },
    ]);
    expect([...(await store.osm.nodeLocations([12, 12_000_000_001, 99]))].sort((a, b) => a[0] - b[0])).toEqual([
      [12, [10_000_000, 30_000_000]],
      [12_000_000_001, [-1_800_000_000, -900_000_000]],
    ]);
    expect(await store.osm.nodeLocations([])).toEqual(new Map());
    const source = await addTestSource(store, 'replication');
    await store.osm.commitDiff({
      sourceId: source,
      sequence: 4721,
      dataTimestamp: Date.parse('2026-03-10T22:21:21Z'),
      nodes: [
        { id: 12, lonE7: 10_000_001, latE7: 30_000_001 },
        { id: 14, lonE7: 10_000_000, latE7: 50_000_000 },
        { id: 14, lonE7: 10_000_002, latE7: 50_000_002 },
      ],
      removedNodes: [12_000_000_001],
    });
    expect([...(await store.osm.nodeLocations([12, 14, 12_000_000_001]))].sort((a, b) => a[0] - b[0])).toEqual([
      [12, [10_000_001, 30_000_001]],
      [14, [10_000_002, 50_000_002]],
    ]);
    expect(await store.osm.countNodeLocations()).toBe(2);
  });

  it("keeps each source's last applied sequence, replaced by the next and gone with the source", async () => {
    const a = await addTestSource(store, 'a');
    const b = await addTestSource(store, 'b');
    expect(await store.osm.replicationState(a)).toBeUndefined();
    const commit = (sourceId: string, sequence: number, at: string | null) =>
      store.osm.commitDiff({
        sourceId,
        sequence,
        dataTimestamp: at === null ? null : Date.parse(at),
        nodes: [],
        removedNodes: [],
      });
    await commit(a, 4720, '2026-03-10T21:21:21Z');
    await commit(a, 4721, '2026-03-10T22:21:21Z');
    // The planet's minutely sequences are past 2^32/1000; Postgres keeps them as BIGINT.
    await commit(b, 6_900_000_123, null);
    expect(await store.osm.replicationState(a)).toMatchObject({
      sequence: 4721,
      dataTimestamp: Date.parse('2026-03-10T22:21:21Z'),
      updatedAt: expect.any(Number),
    });
    expect(await store.osm.replicationState(b)).toMatchObject({ sequence: 6_900_000_123, dataTimestamp: null });
    await store.deleteSource(a);
    expect(await store.osm.replicationState(a)).toBeUndefined();
    expect((await store.osm.replicationState(b))?.sequence).toBe(6_900_000_123);
  });

  it('keeps way node lists in order: a way found by any of its nodes, replaced by its next list, removed by a diff', async () => {
    // A closed way (its first node twice), a way over a planet-sized node id, and one sharing node 12.
    await store.osm.putWayNodes([
      { id: 4227157, nodes: [12, 13, 14, 12] },
      { id: 20, nodes: [12_000_000_001, 12] },
      { id: 21, nodes: [15, 16] },
    ]);
    expect(await store.osm.countWays()).toBe(3);
    const sorted = (m: Map<number, number[]>) => [...m].sort((a, b) => a[0] - b[0]);
    expect(sorted(await store.osm.waysOfNodes([12]))).toEqual([
      [20, [12_000_000_001, 12]],
      [4227157, [12, 13, 14, 12]],
    ]);
    expect(sorted(await store.osm.waysOfNodes([12_000_000_001, 16, 99]))).toEqual([
      [20, [12_000_000_001, 12]],
      [21, [15, 16]],
    ]);
    expect(await store.osm.waysOfNodes([])).toEqual(new Map());
    const source = await addTestSource(store, 'replication');
    await store.osm.commitDiff({
      sourceId: source,
      sequence: 1,
      dataTimestamp: null,
      nodes: [],
      removedNodes: [],
      // Way 20's list as it was (a retag): left as it is; way 4227157 changed.
      ways: [
        { id: 4227157, nodes: [13, 14] },
        { id: 20, nodes: [12_000_000_001, 12] },
      ],
      removedWays: [21],
    });
    expect(sorted(await store.osm.waysOfNodes([12, 13, 15]))).toEqual([
      [20, [12_000_000_001, 12]],
      [4227157, [13, 14]],
    ]);
    expect(await store.osm.countWays()).toBe(2);
  });

  it('keeps relation member lists in order: a relation found by any way or node member, replaced by its next list, removed by a diff', async () => {
    // A multipolygon with an outer and an inner way, a route sharing way 20, and a relation member.
    await store.osm.putRelationMembers([
      {
        id: 30,
        members: [
          { type: 'way', ref: 20, role: 'outer' },
          { type: 'way', ref: 12_000_000_021, role: 'inner' },
        ],
      },
      {
        id: 31,
        members: [
          { type: 'node', ref: 12, role: 'stop' },
          { type: 'way', ref: 20, role: '' },
          { type: 'relation', ref: 30, role: 'subarea' },
        ],
      },
    ]);
    expect(await store.osm.countRelations()).toBe(2);
    const sorted = <T>(m: Map<number, T>) => [...m].sort((a, b) => a[0] - b[0]);
    expect(sorted(await store.osm.relationsOfMembers('way', [20])).map(([id]) => id)).toEqual([30, 31]);
    expect(sorted(await store.osm.relationsOfMembers('way', [12_000_000_021]))).toEqual([
      [
        30,
        [
          { type: 'way', ref: 20, role: 'outer' },
          { type: 'way', ref: 12_000_000_021, role: 'inner' },
        ],
      ],
    ]);
    // Node 12 is a member of 31 only as a node; no way 12 exists.
    expect(sorted(await store.osm.relationsOfMembers('node', [12])).map(([id]) => id)).toEqual([31]);
    expect(await store.osm.relationsOfMembers('way', [12])).toEqual(new Map());
    const source = await addTestSource(store, 'replication');
    await store.osm.commitDiff({
      sourceId: source,
      sequence: 1,
      dataTimestamp: null,
      nodes: [],
      removedNodes: [],
      relations: [{ id: 30, members: [{ type: 'way', ref: 22, role: 'outer' }] }],
      removedRelations: [31],
    });
    expect(await store.osm.relationsOfMembers('way', [20])).toEqual(new Map());
    expect(sorted(await store.osm.relationsOfMembers('way', [22]))).toEqual([
      [30, [{ type: 'way', ref: 22, role: 'outer' }]],
    ]);
    expect(await store.osm.countRelations()).toBe(1);
  });

  it('answers way node lists by way id, in order, leaving unknown ways out', async () => {
    await store.osm.putWayNodes([
      { id: 4227157, nodes: [12, 13, 14, 12] },
      { id: 12_000_000_020, nodes: [12_000_000_001, 12] },
    ]);
    expect([...(await store.osm.wayNodeLists([12_000_000_020, 4227157, 99]))].sort((a, b) => a[0] - b[0])).toEqual([
      [4227157, [12, 13, 14, 12]],
      [12_000_000_020, [12_000_000_001, 12]],
    ]);
  });

  it('refuses a state for a source that does not exist, and writes none of the nodes with it', async () => {
    await expect(
      store.osm.commitDiff({
        sourceId: 'no-such-source',
        sequence: 1,
        dataTimestamp: null,
        nodes: [{ id: 7, lonE7: 1, latE7: 1 }],
        removedNodes: [],
      }),
    ).rejects.toThrow();
    expect(await store.osm.nodeLocations([7])).toEqual(new Map());
  });
});

import { describe, expect, it } from 'vitest';
import { NodeStore, WayStore } from './compact-store.js';

describe('WayStore.columns', () => {
  it("gives every way's node ids in order, the ids of nodes the file does not have included", () => {
    const nodes = new NodeStore();
    for (const id of [10, 11, 12_000_000_001]) nodes.add(id, 0, 0);
    const ways = new WayStore();
    const add = (id: number, refs: number[]) =>
      ways.add(
        id,
        refs.map((r) => nodes.find(r)),
        refs,
      );
    add(20, [10, 11, 10]);
    // An extract's edge: node 99 is not in the file.
    add(21, [12_000_000_001, 99]);
    add(5, []);
    const c = ways.columns(nodes);
    expect(Array.from(c.ids)).toEqual([20, 21, 5]);
    expect(Array.from(c.starts)).toEqual([0, 3, 5, 5]);
    expect(Array.from(c.nodes)).toEqual([10, 11, 10, 12_000_000_001, 99]);
  });
});

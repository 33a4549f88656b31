import { describe, expect, it } from 'vitest';
import { SeenKeys } from './reimport.js';

describe('SeenKeys', () => {
  it('finds OSM ids per type, in any order and past its first growth', () => {
    const seen = new SeenKeys();
    const ids = Array.from({ length: 5000 }, (_, i) => 13_323_535_660 - i * 7);
    for (const id of ids) seen.add('node', String(id));
    seen.add('way', '4227157');
    for (const id of ids) expect(seen.has('node', String(id))).toBe(true);
    expect(seen.has('node', String(ids[0]! + 1))).toBe(false);
    expect(seen.has('way', '4227157')).toBe(true);
    expect(seen.has('node', '4227157')).toBe(false);
    expect(seen.has('relation', '4227157')).toBe(false);
  });

  it('keeps ids that are not decimal integers as text', () => {
    const seen = new SeenKeys();
    seen.add('node', 'Pilot 1');
    seen.add('node', '007');
    expect(seen.has('node', 'Pilot 1')).toBe(true);
    expect(seen.has('node', '007')).toBe(true);
    expect(seen.has('node', '7')).toBe(false);
    expect(seen.has('way', 'Pilot 1')).toBe(false);
  });

  it('counts the element a skip reason names as held, and ignores other reasons', () => {
    const seen = new SeenKeys();
    seen.addSkipped('relation 36990: ring not closed at node 25177351');
    seen.addSkipped("node 'v2': Field 'geom' has no coordinates.");
    seen.addSkipped('Feature 3 has no geometry.');
    expect(seen.has('relation', '36990')).toBe(true);
    expect(seen.has('node', 'v2')).toBe(true);
    expect(seen.has('node', '25177351')).toBe(false);
  });
});

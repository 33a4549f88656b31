import { describe, expect, it } from 'vitest';
import type { HistoryEntry, OsmObject } from '../../../contract/domain.js';
import { adoptionOps } from './adopt-twins.js';

const point = { type: 'Point' as const, coordinates: [7.42, 43.73] };
const object = (over: Partial<OsmObject>): OsmObject => ({
  id: 'own',
  osm_id: '1',
  type: 'node',
  tags: {},
  geom: point,
  source_id: 'replication',
  tainted: false,
  observed_at: '2026-03-11T08:00:00.000Z',
  created_at: '2026-03-11T08:00:00.000Z',
  updated_at: '2026-03-11T09:00:00.000Z',
  ...over,
});
const entry = (observed_at: string, tags: HistoryEntry['tags'], geom: HistoryEntry['geom'] = null): HistoryEntry => ({
  id: observed_at,
  object_id: 'own',
  geom,
  tags,
  observed_at,
  received_at: observed_at,
});

describe('adoptionOps', () => {
  it("replays the feed's versions onto each twin, makes the hand edits again as edits, then deletes the source's object", () => {
    const own = object({
      tags: { amenity: 'bench', name: 'Mine', 'osm:version': 2 },
      overrides: { name: { value: 'Mine', feed: 'Banc' } },
    });
    const twins = [object({ id: 'x', source_id: 'extract' })];
    const ops = adoptionOps(
      own,
      twins,
      [
        entry('2026-03-11T07:00:00.000Z', { amenity: 'bench', name: 'Banc', 'osm:version': 1 }, point),
        entry('2026-03-11T08:00:00.000Z', { amenity: 'bench', name: 'Banc', 'osm:version': 2 }),
        // The hand edit, after the object's time: not a feed version.
        entry('2026-03-11T09:00:00.000Z', { amenity: 'bench', name: 'Mine', 'osm:version': 2 }),
      ],
      1000,
    );
    expect(ops).toEqual([
      expect.objectContaining({
        op: 'upsert',
        sourceId: 'extract',
        tags: expect.objectContaining({ 'osm:version': 1 }),
      }),
      expect.objectContaining({
        op: 'upsert',
        sourceId: 'extract',
        tags: { amenity: 'bench', name: 'Banc', 'osm:version': 2 },
        geom: point,
        observedAt: Date.parse('2026-03-11T08:00:00Z'),
      }),
      { op: 'patch', objectId: 'x', tags: { name: 'Mine' }, tagsMode: 'merge', observedAt: 1000 },
      { op: 'delete', objectId: 'own' },
    ]);
  });

  it("keeps the extract's own override of a key and gives a row showing the analyst's value the feed's", () => {
    const own = object({
      tags: { amenity: 'bench', name: 'Mine' },
      overrides: { name: { value: 'Mine', feed: 'Banc' }, note: { value: null, feed: 'old' } },
    });
    const twin = object({ id: 'x', source_id: 'extract', overrides: { name: { value: 'Theirs', feed: 'Banc' } } });
    const ops = adoptionOps(
      own,
      [twin],
      [entry('2026-03-11T08:00:00.000Z', { amenity: 'bench', name: 'Mine' }, point)],
      5,
    );
    expect(ops[0]).toMatchObject({ op: 'upsert', tags: { amenity: 'bench', name: 'Banc', note: 'old' } });
    expect(ops[1]).toEqual({ op: 'patch', objectId: 'x', tags: { note: null }, tagsMode: 'merge', observedAt: 5 });
    expect(ops).toHaveLength(3);
  });
});

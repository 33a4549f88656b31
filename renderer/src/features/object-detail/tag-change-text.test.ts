import { describe, expect, it } from 'vitest';
import type { TagChange } from '../../../../electron/contract/domain.js';
import { changesetLink, shortTime, tagChangeSentence, tagChangeText } from './tag-change-text.js';

const local = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi).getTime();
const change = (over: Partial<TagChange>): TagChange => ({
  object_id: 'o',
  at: new Date(local(2026, 3, 10, 12, 4)).toISOString(),
  set: {},
  removed: [],
  previous: {},
  origin: 'source',
  ...over,
});

describe('tagChangeText', () => {
  it('says "name: A → B at 12:04, by <source>" for a change from a feed', () => {
    const text = tagChangeText(
      change({ set: { name: 'B' }, previous: { name: 'A' } }),
      'Harbour feed',
      local(2026, 3, 10, 18, 0),
    );
    expect(tagChangeSentence(text)).toBe('name: A → B at 12:04, by Harbour feed');
  });

  it('says "by hand" for an edit, "set to" for a new key and "removed" with the old value', () => {
    const text = tagChangeText(
      change({
        set: { kind: 'ship', name: 'Elbe' },
        removed: ['note'],
        previous: { name: 'Old', note: 'x' },
        origin: 'edit',
      }),
      'Harbour feed',
      local(2026, 3, 10, 12, 5),
    );
    expect(text.changes).toEqual(['kind: set to ship', 'name: Old → Elbe', 'note: x removed']);
    expect(text.by).toBe('by hand');
  });

  it('shows numbers and booleans as written', () => {
    const text = tagChangeText(change({ set: { speed: 3.5, moored: false }, previous: { speed: 2 } }), 's', 0);
    expect(text.changes).toEqual(['moored: set to false', 'speed: 2 → 3.5']);
  });
});

describe('shortTime', () => {
  it('gives the hour alone on the same day and the date before it otherwise', () => {
    expect(shortTime(local(2026, 3, 10, 9, 7), local(2026, 3, 10, 23, 59))).toBe('09:07');
    expect(shortTime(local(2026, 3, 9, 9, 7), local(2026, 3, 10, 0, 1))).toBe('2026-03-09 09:07');
  });
});

describe('changesetLink', () => {
  it('links an upstream version to its changeset on openstreetmap.org, and nothing else', () => {
    expect(changesetLink(change({ set: { 'osm:changeset': 21200000, 'osm:version': 4 } }))).toEqual({
      url: 'https://www.openstreetmap.org/changeset/21200000',
      label: 'changeset 21200000',
    });
    expect(changesetLink(change({ set: { 'osm:changeset': '3' } }))?.url).toBe(
      'https://www.openstreetmap.org/changeset/3',
    );
    expect(changesetLink(change({ set: { name: 'B' } }))).toBeUndefined();
    expect(changesetLink(change({ set: { 'osm:changeset': 'x/../../evil' } }))).toBeUndefined();
    expect(changesetLink(change({ set: { 'osm:changeset': -1 } }))).toBeUndefined();
    expect(changesetLink(change({ set: { 'osm:changeset': 1.5 } }))).toBeUndefined();
  });
});

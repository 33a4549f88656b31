import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER } from '../../state/filter-state.js';
import { countQuery } from './use-match-counts.js';

describe('countQuery', () => {
  const filter = { ...EMPTY_FILTER, text: 'speed>5', kinds: ['ship'] };

  it('counts the filter alone and the filter within the view', () => {
    expect(countQuery(filter, [7.4, 43.7, 7.45, 43.75], null)).toEqual({
      match: { text: 'speed>5', kinds: ['ship'] },
      inView: { text: 'speed>5', kinds: ['ship'], bbox: [7.4, 43.7, 7.45, 43.75] },
    });
  });

  it('clamps a view past the antimeridian to the world, as the list does', () => {
    const q = countQuery(EMPTY_FILTER, [170, -10, 200, 10], null);
    expect(q.match).toEqual({});
    expect(q.inView?.bbox?.[2]).toBeLessThanOrEqual(180);
  });

  it('has no in-view count before the map reported a view, and asks at the replayed moment', () => {
    const q = countQuery(EMPTY_FILTER, null, Date.parse('2026-06-01T12:00:00Z'));
    expect(q).toEqual({ match: {}, inView: null, at: '2026-06-01T12:00:00.000Z' });
  });
});

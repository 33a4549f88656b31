import { beforeEach, describe, expect, it } from 'vitest';
import { forgetLegacyFilters, hasLegacyFilters, loadLegacyFilters } from './legacy-filters.js';

const KEY = 'osm-tracker.saved-filters';

describe('legacy saved filters', () => {
  beforeEach(() => localStorage.clear());

  it('reads the saved filters and forgets them', () => {
    const ships = { name: 'ships', filter: { text: 'kind=ship', types: [], kinds: [], sourceIds: [] } };
    localStorage.setItem(KEY, JSON.stringify([ships]));
    expect(hasLegacyFilters()).toBe(true);
    expect(loadLegacyFilters()).toEqual([ships]);
    forgetLegacyFilters();
    expect(hasLegacyFilters()).toBe(false);
    expect(loadLegacyFilters()).toEqual([]);
  });

  it('ignores malformed storage', () => {
    localStorage.setItem(KEY, '{not json');
    expect(loadLegacyFilters()).toEqual([]);
    localStorage.setItem(
      KEY,
      JSON.stringify([
        { name: 'x', filter: { text: 1 } },
        { name: ' ', filter: {} },
      ]),
    );
    expect(loadLegacyFilters()).toEqual([]);
  });
});

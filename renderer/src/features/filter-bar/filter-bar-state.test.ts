import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER } from '../../state/filter-state.js';
import { deleteSavedFilter, loadSavedFilters, saveFilter, toggle } from './filter-bar-state.js';

describe('toggle', () => {
  it('adds a missing value and removes a present one', () => {
    expect(toggle(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a')).toEqual(['b']);
  });
});

describe('saved filters', () => {
  it('saves, replaces by name and deletes', () => {
    localStorage.clear();
    saveFilter('ships', { ...EMPTY_FILTER, text: 'kind=ship' });
    saveFilter('ships', { ...EMPTY_FILTER, text: 'kind=ship speed>5' });
    saveFilter('cars', { ...EMPTY_FILTER, kinds: ['car'] });
    expect(loadSavedFilters().map((s) => s.name)).toEqual(['cars', 'ships']);
    expect(loadSavedFilters()[1]?.filter.text).toBe('kind=ship speed>5');
    expect(deleteSavedFilter('cars').map((s) => s.name)).toEqual(['ships']);
  });
  it('ignores malformed storage', () => {
    localStorage.setItem('osm-tracker.saved-filters', '{not json');
    expect(loadSavedFilters()).toEqual([]);
    localStorage.setItem('osm-tracker.saved-filters', JSON.stringify([{ name: 'x', filter: { text: 1 } }]));
    expect(loadSavedFilters()).toEqual([]);
  });
});

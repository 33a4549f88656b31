import { describe, expect, it } from 'vitest';
import {
  deleteSavedFilter,
  EMPTY_FILTER,
  errorPosition,
  loadSavedFilters,
  saveFilter,
  toObjectFilter,
  toggle,
} from './filter-state.js';

describe('toObjectFilter', () => {
  it('leaves out empty parts', () => {
    expect(toObjectFilter({ ...EMPTY_FILTER, text: '  ' })).toEqual({});
  });
  it('carries text, chips and bbox', () => {
    const f = toObjectFilter({ text: 'kind=ship', types: ['node'], kinds: ['ship'], sourceIds: ['s1'] }, [0, 0, 1, 1]);
    expect(f).toEqual({ text: 'kind=ship', types: ['node'], kinds: ['ship'], source_ids: ['s1'], bbox: [0, 0, 1, 1] });
  });
});

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

describe('errorPosition', () => {
  it('reads position and token from error details', () => {
    expect(errorPosition({ position: 5, token: '>>' })).toEqual({ position: 5, token: '>>' });
  });
  it('answers null when details do not say where', () => {
    expect(errorPosition(undefined)).toBeNull();
    expect(errorPosition({ field: 'text' })).toBeNull();
  });
});

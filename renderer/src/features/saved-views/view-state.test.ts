import { describe, expect, it } from 'vitest';
import type { SavedView } from '../../../../electron/contract/methods/views.js';
import {
  filterOfView,
  hashWithoutView,
  legacyFilterSaves,
  viewLink,
  viewNameInHash,
  viewOfWindow,
} from './view-state.js';
import { DEFAULT_STALE_AFTER_S } from '../../state/staleness.js';
import { viewSchema } from '../../../../electron/contract/methods/views.js';

const staleAfter = { ...DEFAULT_STALE_AFTER_S, ship: 1800, aircraft: null };
const filter = { text: ' kind=ship ', types: ['node' as const], kinds: ['ship'], sourceIds: ['s1'] };

describe('saved view state', () => {
  it('captures the filter, map, basemap, the time window, live or replayed, and the stale thresholds', () => {
    const live = viewOfWindow({
      filter,
      map: { zoom: 14, lat: 43.7384, lon: 7.4246 },
      basemap: 'world',
      colourBy: 'altitude',
      replay: { live: true, at: 0 },
      trailMin: 30,
      staleAfter,
    });
    expect(live).toEqual({
      filter: { text: 'kind=ship', types: ['node'], kinds: ['ship'], source_ids: ['s1'] },
      map: { zoom: 14, lat: 43.7384, lon: 7.4246 },
      basemap: 'world',
      colour_by: 'altitude',
      time: { live: true, trail_min: 30 },
      stale_after: staleAfter,
    });
    // The contract takes it as saved.
    expect(viewSchema.parse(live).stale_after).toEqual(staleAfter);
    const replayed = viewOfWindow({
      filter,
      map: null,
      basemap: 'online',
      colourBy: 'kind',
      replay: { live: false, at: Date.parse('2026-02-01T10:00:00Z') },
      trailMin: 10,
      staleAfter: DEFAULT_STALE_AFTER_S,
    });
    expect(replayed.map).toBeUndefined();
    expect(replayed.time).toEqual({ at: '2026-02-01T10:00:00.000Z', trail_min: 10 });
    expect(filterOfView(live)).toEqual({ ...filter, text: 'kind=ship' });
  });

  it('reads and removes #view=<name> beside the map parameter', () => {
    expect(viewNameInHash('#view=Night%20shift&map=14/43.7384/7.4246')).toBe('Night shift');
    expect(viewNameInHash('#map=14/43.7384/7.4246')).toBeNull();
    expect(viewNameInHash('#view=')).toBeNull();
    expect(hashWithoutView('#view=Harbour&map=14/43.7384/7.4246')).toBe('#map=14/43.7384/7.4246');
    expect(hashWithoutView('#view=Harbour')).toBe('');
  });

  it('links to a view with the page address (token in the query, as the app link has it) and only the view in the hash', () => {
    expect(viewLink('Night shift', { href: 'http://127.0.0.1:8080/?token=abc#map=3/1/2' })).toBe(
      'http://127.0.0.1:8080/?token=abc#view=Night%20shift',
    );
  });

  it('moves legacy saved filters into the store without losing or duplicating one', () => {
    const stored = [
      {
        id: '1',
        name: 'ships',
        created_at: '',
        updated_at: '',
        view: { filter: { text: 'kind=ship', types: [], kinds: [], source_ids: [] } },
      },
      {
        id: '2',
        name: 'cars',
        created_at: '',
        updated_at: '',
        view: { filter: { text: 'kind=car', types: [], kinds: [], source_ids: [] } },
      },
    ] as SavedView[];
    const legacy = [
      { name: 'ships', filter: { text: 'kind=ship', types: [], kinds: [], sourceIds: [] } },
      { name: 'cars', filter: { text: 'kind=car speed>5', types: [], kinds: [], sourceIds: [] } },
      { name: 'planes', filter: { text: '', types: [], kinds: ['aircraft'], sourceIds: [] } },
    ];
    expect(legacyFilterSaves(legacy, stored)).toEqual([
      {
        name: 'cars (saved filter)',
        view: { filter: { text: 'kind=car speed>5', types: [], kinds: [], source_ids: [] } },
      },
      { name: 'planes', view: { filter: { text: '', types: [], kinds: ['aircraft'], source_ids: [] } } },
    ]);
  });
});

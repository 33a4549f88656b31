import { describe, expect, it } from 'vitest';
import { SORT_FIELDS } from '../../../../electron/contract/domain.js';
import type { OsmObject } from '../../../../electron/contract/domain.js';
import { DEFAULT_STALE_AFTER_S, staleClockByKind } from '../../state/staleness.js';
import { DEFAULT_UNITS as UNITS } from '../../app/units.js';
import { ariaSortOf, COLUMNS, isObjectStale, nextSort } from './list-columns.js';

const column = (label: string) => COLUMNS.find((c) => c.label === label)!;

describe('nextSort', () => {
  it('sorts a new column in its first direction: names A to Z, newest and fastest first', () => {
    const sort = { field: 'observed_at', dir: 'desc' } as const;
    expect(nextSort(sort, column('Name'))).toEqual({ field: 'name', dir: 'asc' });
    expect(nextSort(sort, column('Speed'))).toEqual({ field: 'speed', dir: 'desc' });
    expect(nextSort({ field: 'name', dir: 'asc' }, column('Updated'))).toEqual({ field: 'observed_at', dir: 'desc' });
  });

  it('reverses the column already sorted by, both ways', () => {
    expect(nextSort({ field: 'name', dir: 'asc' }, column('Name'))).toEqual({ field: 'name', dir: 'desc' });
    expect(nextSort({ field: 'name', dir: 'desc' }, column('Name'))).toEqual({ field: 'name', dir: 'asc' });
  });

  it('sorts every column by a key the store accepts', () => {
    for (const c of COLUMNS) expect(SORT_FIELDS).toContain(c.sort);
  });
});

describe('ariaSortOf', () => {
  it('marks only the sorted column, with its direction', () => {
    expect(ariaSortOf({ field: 'kind', dir: 'asc' }, column('Kind / tag'))).toBe('ascending');
    expect(ariaSortOf({ field: 'kind', dir: 'desc' }, column('Kind / tag'))).toBe('descending');
    expect(ariaSortOf({ field: 'kind', dir: 'desc' }, column('Name'))).toBe('none');
  });
});

describe('isObjectStale', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const clock = staleClockByKind(now, DEFAULT_STALE_AFTER_S);
  const obj = (tags: OsmObject['tags'], agoS: number): OsmObject =>
    ({
      id: 'a',
      osm_id: '1',
      type: 'node',
      tags,
      geom: { type: 'Point', coordinates: [0, 0] },
      source_id: 's',
      observed_at: new Date(now - agoS * 1000).toISOString(),
    }) as OsmObject;

  it("marks a ship past its kind's threshold and says so in the Updated column", () => {
    const ship = obj({ kind: 'ship' }, 20 * 60);
    expect(isObjectStale(ship, clock)).toBe(true);
    expect(column('Updated').cell(ship, () => '', now, true, UNITS)).toBe('stale · 20 min ago');
    expect(isObjectStale(obj({ kind: 'ship' }, 10 * 60), clock)).toBe(false);
  });
  it('never marks a static OSM element, however old', () => {
    expect(isObjectStale(obj({ amenity: 'cafe', name: 'Café' }, 5 * 365 * 86_400), clock)).toBe(false);
  });
});

describe('the Speed column', () => {
  const obj = (speed: unknown) => ({ tags: { speed } }) as unknown as Parameters<(typeof COLUMNS)[number]['cell']>[0];
  const cell = (speed: unknown, unit: 'kn' | 'km/h' | 'mph' | 'm/s') =>
    column('Speed').cell(obj(speed), () => '', 0, false, { speed: unit, altitude: 'm', coords: 'decimal' });

  it('shows the stored m/s in the chosen unit, which the header names', () => {
    expect(cell(10, 'kn')).toBe('19.4');
    expect(cell(10, 'km/h')).toBe('36.0');
    expect(cell('10', 'mph')).toBe('22.4');
    expect(cell(10, 'm/s')).toBe('10.0');
    expect(column('Speed').unit?.({ speed: 'km/h', altitude: 'm', coords: 'decimal' })).toBe('km/h');
    expect(column('Name').unit).toBeUndefined();
  });

  it('shows a speed that is no number as it is, and nothing for none', () => {
    expect(cell('fast', 'kn')).toBe('fast');
    expect(cell(undefined, 'kn')).toBe('');
  });
});

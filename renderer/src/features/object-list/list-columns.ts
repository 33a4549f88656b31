/**
 * The object list's columns: what each shows, the store's sort key it sorts by and the direction of
 * a first click (names A→Z, newest and fastest first); a second click reverses it.
 */
import type { ObjectSort, OsmObject } from '../../../../electron/contract/domain.js';
import { formatAge } from '../../app/format.js';
import { formatSpeedValue, tagNumber, type Units } from '../../app/units.js';
import { mainTagText, objectName } from '../../map/layers/osm-style/main-tag.js';
import { isStale, isTracked, ownStale, type StaleClock } from '../../state/staleness.js';

export interface Column {
  label: string;
  sort: ObjectSort['field'];
  firstDir: ObjectSort['dir'];
  width: string;
  /** The unit the header names beside the label (the Speed column's), if any. */
  unit?(units: Units): string;
  /** `stale`: the object is stale by its kind's threshold at `now` (the Updated column says so). */
  cell(o: OsmObject, sourceName: (id: string) => string, now: number, stale: boolean, units: Units): string;
}

/** The stale rule of the map (electron/contract/staleness.ts) for a row of the list. */
export function isObjectStale(o: OsmObject, clock: StaleClock): boolean {
  const observedMs = Date.parse(o.observed_at);
  return isStale({ tracked: isTracked(o.tags), observedMs, ownStale: ownStale(o.tags), kind: o.tags.kind }, clock);
}

const tag = (o: OsmObject, k: string) => (o.tags[k] === undefined ? '' : String(o.tags[k]));

export const COLUMNS: Column[] = [
  { label: 'Name', sort: 'name', firstDir: 'asc', width: '1.4fr', cell: (o) => objectName(o.tags) },
  // Tracked objects show their kind; OSM elements their main tag (amenity=cafe), so no row is blank.
  {
    label: 'Kind / tag',
    sort: 'kind',
    firstDir: 'asc',
    width: '1fr',
    cell: (o) => tag(o, 'kind') || mainTagText(o.tags),
  },
  { label: 'Type', sort: 'type', firstDir: 'asc', width: '0.7fr', cell: (o) => o.type },
  { label: 'Source', sort: 'source_id', firstDir: 'asc', width: '1fr', cell: (o, name) => name(o.source_id) },
  {
    label: 'Speed',
    sort: 'speed',
    firstDir: 'desc',
    // Wide enough for its header with the unit, "Speed km/h ▼".
    width: '1.3fr',
    // Stored in m/s (ARCHITECTURE §4), shown in the chosen unit, which the header names (the cells
    // are too narrow for "36.0 km/h"); a speed that is no number as it is.
    unit: (units) => units.speed,
    cell: (o, _name, _now, _stale, units) => {
      const mps = tagNumber(o.tags.speed);
      return mps === null ? tag(o, 'speed') : formatSpeedValue(mps, units.speed);
    },
  },
  {
    label: 'Updated',
    sort: 'observed_at',
    firstDir: 'desc',
    width: '0.95fr',
    // "stale" leads, so it shows when the column is too narrow for the whole text.
    cell: (o, _name, now, stale) => `${stale ? 'stale · ' : ''}${formatAge(Date.parse(o.observed_at), now)} ago`,
  },
  { label: 'OSM id', sort: 'osm_id', firstDir: 'asc', width: '1fr', cell: (o) => o.osm_id },
];

export const GRID = COLUMNS.map((c) => c.width).join(' ');

/** The sort after a click on `column`'s header: its first direction, or the reverse when it is the sort already. */
export function nextSort(sort: ObjectSort, column: Column): ObjectSort {
  if (sort.field !== column.sort) return { field: column.sort, dir: column.firstDir };
  return { field: column.sort, dir: sort.dir === 'asc' ? 'desc' : 'asc' };
}

/** The header's aria-sort for `column` under `sort`. */
export function ariaSortOf(sort: ObjectSort, column: Column): 'ascending' | 'descending' | 'none' {
  if (sort.field !== column.sort) return 'none';
  return sort.dir === 'asc' ? 'ascending' : 'descending';
}

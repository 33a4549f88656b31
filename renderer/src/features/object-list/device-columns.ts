/**
 * The device table: the list's "Devices" mode, over objects that report a kind (ships, cars,
 * aircraft, phones, sensors…), with the columns trackers' users look for: online or offline by the
 * kind's stale threshold, name, kind, last seen (time and age), speed, altitude and source. Status
 * and Last seen both sort by the last observation.
 */
import type { ObjectFilter } from '../../../../electron/contract/domain.js';
import { formatAge, formatTime } from '../../app/format.js';
import { formatAltitudeValue, formatSpeedValue, tagNumber } from '../../app/units.js';
import { objectName } from '../../map/layers/osm-style/main-tag.js';
import type { Column } from './list-columns.js';

export const DEVICE_COLUMNS: Column[] = [
  {
    label: 'Status',
    sort: 'observed_at',
    firstDir: 'desc',
    width: '0.8fr',
    cell: (_o, _name, _now, stale) => (stale ? 'offline' : 'online'),
  },
  { label: 'Name', sort: 'name', firstDir: 'asc', width: '1.5fr', cell: (o) => objectName(o.tags) },
  { label: 'Kind', sort: 'kind', firstDir: 'asc', width: '0.8fr', cell: (o) => String(o.tags.kind ?? '') },
  {
    label: 'Last seen',
    sort: 'observed_at',
    firstDir: 'desc',
    width: '1.5fr',
    // The age leads (it fits the column); the full local time follows (the cell's tooltip has it all).
    cell: (o, _name, now) => `${formatAge(Date.parse(o.observed_at), now)} ago · ${formatTime(o.observed_at)}`,
  },
  // Stored in m/s and m (ARCHITECTURE §4), shown in the chosen units, which the headers name.
  {
    label: 'Speed',
    sort: 'speed',
    firstDir: 'desc',
    width: '1.1fr',
    unit: (units) => units.speed,
    cell: (o, _name, _now, _stale, units) => formatSpeedValue(tagNumber(o.tags.speed), units.speed),
  },
  {
    label: 'Altitude',
    sort: 'altitude',
    firstDir: 'desc',
    width: '1fr',
    unit: (units) => units.altitude,
    cell: (o, _name, _now, _stale, units) => formatAltitudeValue(tagNumber(o.tags.altitude), units.altitude),
  },
  { label: 'Source', sort: 'source_id', firstDir: 'asc', width: '1.1fr', cell: (o, name) => name(o.source_id) },
];

export const DEVICE_GRID = DEVICE_COLUMNS.map((c) => c.width).join(' ');

/** The filter narrowed to devices: objects with a `kind` tag. */
export function devicesOf(filter: ObjectFilter): ObjectFilter {
  return { ...filter, tags: [...(filter.tags ?? []), { key: 'kind', op: 'exists' }] };
}

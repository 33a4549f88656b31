import { describe, expect, it } from 'vitest';
import type { Geometry, OsmObject, Tags } from '../../../electron/contract/domain.js';
import { toEntry } from '../state/live-objects.js';
import { fitBbox } from './map-fit.js';

const t = '2024-01-01T00:00:00.000Z';
let n = 0;
const entry = (geom: Geometry, tags: Tags = {}) =>
  toEntry({
    id: `o${++n}`,
    osm_id: String(n),
    type: geom.type === 'Point' ? 'node' : 'way',
    tags,
    geom,
    source_id: 's',
    observed_at: t,
    created_at: t,
    updated_at: t,
  } as OsmObject);
const box = (w: number, s: number, e: number, nn: number): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, nn],
      [w, nn],
      [w, s],
    ],
  ],
});
const point = (lon: number, lat: number): Geometry => ({ type: 'Point', coordinates: [lon, lat] });

// A Monaco-like extract: a town of buildings and cafés, and a sea polygon 40 km wide.
const town = [
  ...Array.from({ length: 30 }, (_, i) =>
    entry(box(7.42 + i * 0.0003, 43.73, 7.4202 + i * 0.0003, 43.7302), { building: 'yes' }),
  ),
  entry(point(7.425, 43.735), { amenity: 'cafe' }),
  entry(point(7.421, 43.731), { amenity: 'bench' }),
];
const sea = entry(box(7.2, 43.3, 7.6, 43.76), { natural: 'bay' });

describe('fitBbox', () => {
  it('frames the town, not the sea polygon that dwarfs it', () => {
    const b = fitBbox([sea, ...town])!;
    expect(b[0]).toBeCloseTo(7.42, 3);
    expect(b[2]).toBeGreaterThan(7.428);
    expect(b[2]).toBeLessThan(7.43);
    expect(b[3] - b[1]).toBeLessThan(0.01);
  });

  it('frames the town when it has only areas, trimming a far-off centre', () => {
    const b = fitBbox([sea, ...town.filter((e) => !e.isPoint)])!;
    expect(b[2] - b[0]).toBeLessThan(0.02);
  });

  it('keeps every tracked object in the frame, however far', () => {
    const ship = entry(point(8.5, 43.2), { kind: 'ship' });
    const b = fitBbox([sea, ...town, ship])!;
    expect(b[2]).toBe(8.5);
    expect(b[1]).toBe(43.2);
  });

  it('shows a lone big polygon whole, and nothing for no objects', () => {
    expect(fitBbox([sea])).toEqual([7.2, 43.3, 7.6, 43.76]);
    expect(fitBbox([])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { AREA_LOOKS, LINE_LOOKS, lineWidth, osmLook, PATH_LOOKS } from './osm-style.js';

describe('osmLook', () => {
  it('draws roads by highway class, links like their road, and unknown highways as plain lines', () => {
    expect(osmLook({ highway: 'motorway' }, 'line')).toBe(LINE_LOOKS.motorway);
    expect(osmLook({ highway: 'primary_link' }, 'line')).toBe(LINE_LOOKS.primary);
    expect(osmLook({ highway: 'residential', name: 'Avenue Pasteur' }, 'line')).toBe(LINE_LOOKS.minor);
    expect(osmLook({ highway: 'footway' }, 'line')).toBe(LINE_LOOKS.path);
    expect(osmLook({ highway: 'steps' }, 'line')).toBe(LINE_LOOKS.steps);
    expect(osmLook({ highway: 'proposed' }, 'line')).toBe(LINE_LOOKS.other);
  });

  it('draws railways, waterways, coastlines and piers as their own lines', () => {
    expect(osmLook({ railway: 'rail', tunnel: 'yes' }, 'line')).toBe(LINE_LOOKS.rail);
    expect(osmLook({ railway: 'tram' }, 'line')).toBe(LINE_LOOKS.tram);
    expect(osmLook({ waterway: 'river' }, 'line')).toBe(LINE_LOOKS.river);
    expect(osmLook({ waterway: 'stream' }, 'line')).toBe(LINE_LOOKS.stream);
    expect(osmLook({ natural: 'coastline' }, 'line')).toBe(LINE_LOOKS.coastline);
    expect(osmLook({ man_made: 'pier' }, 'line')).toBe(LINE_LOOKS.pier);
  });

  it('fills areas by building, water, natural, leisure and landuse, in that precedence', () => {
    expect(osmLook({ building: 'yes', landuse: 'residential' }, 'area')).toBe(AREA_LOOKS.building);
    expect(osmLook({ 'building:part': 'yes' }, 'area')).toBe(AREA_LOOKS.building);
    expect(osmLook({ natural: 'water', water: 'pond' }, 'area')).toBe(AREA_LOOKS.water);
    expect(osmLook({ waterway: 'riverbank' }, 'area')).toBe(AREA_LOOKS.water);
    expect(osmLook({ natural: 'bay' }, 'area')).toBe(AREA_LOOKS.water);
    expect(osmLook({ leisure: 'park' }, 'area')).toBe(AREA_LOOKS.park);
    expect(osmLook({ natural: 'wood' }, 'area')).toBe(AREA_LOOKS.wood);
    expect(osmLook({ landuse: 'forest' }, 'area')).toBe(AREA_LOOKS.wood);
    expect(osmLook({ landuse: 'residential' }, 'area')).toBe(AREA_LOOKS.residential);
    expect(osmLook({ amenity: 'parking' }, 'area')).toBe(AREA_LOOKS.parking);
    expect(osmLook({ highway: 'pedestrian', area: 'yes' }, 'area')).toBe(AREA_LOOKS.pedestrian);
    expect(osmLook({ name: 'Quay area' }, 'area')).toBe(AREA_LOOKS.other);
  });

  it('outlines boundaries without a fill, so they never cover the town', () => {
    const look = osmLook({ boundary: 'administrative', admin_level: '2', type: 'boundary' }, 'area');
    expect(look).toBe(AREA_LOOKS.boundary);
    expect(look.type === 'area' && look.fillAlpha).toBe(0);
  });

  it('gives POIs a category by amenity, shop, tourism, transport and leisure', () => {
    const category = (tags: Record<string, string>) => {
      const look = osmLook(tags, 'point');
      return look.type === 'poi' ? look.category : look.type;
    };
    expect(category({ amenity: 'cafe', name: 'Café de Paris' })).toBe('food');
    expect(category({ amenity: 'pharmacy' })).toBe('health');
    expect(category({ amenity: 'atm' })).toBe('money');
    expect(category({ amenity: 'bicycle_rental' })).toBe('transport');
    expect(category({ shop: 'gift' })).toBe('shop');
    expect(category({ tourism: 'viewpoint' })).toBe('tourism');
    expect(category({ public_transport: 'platform', bus: 'yes' })).toBe('transport');
    expect(category({ highway: 'bus_stop' })).toBe('transport');
    expect(category({ leisure: 'playground' })).toBe('leisure');
    expect(category({ natural: 'tree' })).toBe('tree');
    expect(category({ amenity: 'bench' })).toBe('amenity');
    expect(category({})).toBe('amenity');
  });

  it('keeps water and landuse under buildings and roads in the draw order', () => {
    const order = (l: (typeof PATH_LOOKS)[number]) => PATH_LOOKS.indexOf(l);
    expect(order(AREA_LOOKS.residential)).toBeLessThan(order(AREA_LOOKS.water));
    expect(order(AREA_LOOKS.water)).toBeLessThan(order(AREA_LOOKS.building));
    expect(order(AREA_LOOKS.building)).toBeLessThan(order(LINE_LOOKS.minor));
    expect(order(LINE_LOOKS.minor)).toBeLessThan(order(LINE_LOOKS.primary));
    expect(order(LINE_LOOKS.primary)).toBeLessThan(order(LINE_LOOKS.motorway));
  });
});

describe('lineWidth', () => {
  it('interpolates between zoom stops and stays flat outside them', () => {
    const stops = [
      [12, 1],
      [16, 5],
    ] as const;
    expect(lineWidth(stops, 10)).toBe(1);
    expect(lineWidth(stops, 14)).toBe(3);
    expect(lineWidth(stops, 19)).toBe(5);
  });

  it('makes a motorway wider than a residential street at every zoom', () => {
    for (const z of [12, 14, 16, 18])
      expect(lineWidth(LINE_LOOKS.motorway.widths, z)).toBeGreaterThan(lineWidth(LINE_LOOKS.minor.widths, z));
  });
});

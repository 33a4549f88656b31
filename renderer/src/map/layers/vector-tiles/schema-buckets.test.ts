import { describe, expect, it } from 'vitest';
import { bucketOf, labelOf, nameOf } from './schema-buckets.js';

describe('bucketOf', () => {
  it('sorts OpenMapTiles features by layer and class', () => {
    expect(bucketOf('openmaptiles', 'transportation', 2, { class: 'primary' })?.bucket).toBe('road:primary');
    expect(bucketOf('openmaptiles', 'transportation', 2, { class: 'minor', brunnel: 'tunnel' })?.bucket).toBe('tunnel');
    expect(bucketOf('openmaptiles', 'transportation', 3, { class: 'pier' })?.bucket).toBe('pier');
    expect(bucketOf('openmaptiles', 'landcover', 3, { class: 'grass', subclass: 'park' })?.bucket).toBe('park');
    expect(bucketOf('openmaptiles', 'landcover', 3, { class: 'wood', subclass: 'forest' })?.bucket).toBe('wood');
    expect(bucketOf('openmaptiles', 'boundary', 2, { admin_level: 2 })?.bucket).toBe('boundary:country');
  });
  it('leaves out what the style does not draw', () => {
    expect(bucketOf('openmaptiles', 'boundary', 2, { admin_level: 2, maritime: 1 })).toBeNull();
    expect(bucketOf('openmaptiles', 'transportation', 2, { class: 'platform_edge' })).toBeNull();
    expect(bucketOf('openmaptiles', 'some_other_layer', 3, { class: 'x' })).toBeNull();
  });
  it('maps the Protomaps schema onto the same buckets', () => {
    expect(bucketOf('protomaps', 'earth', 3, {})?.bucket).toBe('earth');
    expect(bucketOf('protomaps', 'roads', 2, { kind: 'highway' })?.bucket).toBe('road:motorway');
    expect(bucketOf('protomaps', 'roads', 2, { kind: 'major_road', kind_detail: 'secondary' })?.bucket).toBe(
      'road:secondary',
    );
    expect(bucketOf('protomaps', 'roads', 2, { kind: 'minor_road', is_tunnel: true })?.bucket).toBe('tunnel');
    expect(bucketOf('protomaps', 'landuse', 3, { kind: 'park' })?.bucket).toBe('park');
    expect(bucketOf('protomaps', 'buildings', 3, { kind: 'building' })?.bucket).toBe('building');
    expect(bucketOf('protomaps', 'water', 2, { kind: 'river' })?.bucket).toBe('waterway:stream');
  });
});

describe('labelOf', () => {
  it('reads the name tilemaker writes (name:latin) and the usual name', () => {
    expect(nameOf({ 'name:latin': 'Rue Grimaldi' })).toBe('Rue Grimaldi');
    expect(nameOf({ name: 'Monaco', 'name:latin': 'Monaco (latin)' })).toBe('Monaco');
  });
  it('ranks places above streets above POIs, and shows minor POIs only close in', () => {
    const city = labelOf('openmaptiles', 'place', 1, { class: 'city', name: 'Monaco', rank: 3 })!;
    const street = labelOf('openmaptiles', 'transportation_name', 2, { class: 'minor', name: 'Rue Basse' })!;
    const museum = labelOf('openmaptiles', 'poi', 1, { class: 'museum', name: 'Musée', rank: 3 })!;
    const villa = labelOf('openmaptiles', 'poi', 1, { class: '', name: 'Villa Claude', rank: 25 })!;
    expect(city.rank).toBeLessThan(street.rank);
    expect(street.rank).toBeLessThan(museum.rank);
    expect(museum).toMatchObject({ kind: 'poi', category: 'culture', minZoom: 15 });
    expect(villa.minZoom).toBe(18);
  });
  it('labels Protomaps places, roads and POIs', () => {
    expect(labelOf('protomaps', 'places', 1, { kind: 'locality', kind_detail: 'city', name: 'Nice' })?.kind).toBe(
      'city',
    );
    expect(labelOf('protomaps', 'roads', 2, { kind: 'minor_road', name: 'Rue Basse' })?.kind).toBe('road-minor');
    expect(labelOf('protomaps', 'pois', 1, { kind: 'cafe', name: 'Café', min_zoom: 17 })).toMatchObject({
      kind: 'poi',
      category: 'food',
      minZoom: 17,
    });
  });
  it('gives unnamed features no label, but house numbers theirs', () => {
    expect(labelOf('openmaptiles', 'transportation_name', 2, { class: 'minor' })).toBeNull();
    expect(labelOf('openmaptiles', 'housenumber', 1, { housenumber: '32Bis' })?.text).toBe('32Bis');
  });
});

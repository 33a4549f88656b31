import { describe, expect, it } from 'vitest';
import { mainTag, objectLabel, objectTitle } from './main-tag.js';

describe('mainTag', () => {
  it('picks the most telling key, as an editor picks a preset', () => {
    expect(mainTag({ amenity: 'cafe', building: 'yes', name: 'Café de Paris' })).toEqual(['amenity', 'cafe']);
    expect(mainTag({ highway: 'residential', surface: 'asphalt' })).toEqual(['highway', 'residential']);
    expect(mainTag({ building: 'no', landuse: 'grass' })).toEqual(['landuse', 'grass']);
    expect(mainTag({ name: 'Nothing else' })).toBeNull();
  });
});

describe('objectLabel', () => {
  it('uses the name, else the ref, else the main tag, else the fallback id', () => {
    expect(objectLabel({ name: 'Avenue Pasteur', ref: 'D6007', highway: 'primary' }, '4226740')).toBe('Avenue Pasteur');
    expect(objectLabel({ ref: 'A8', highway: 'motorway' }, '1')).toBe('A8');
    expect(objectLabel({ amenity: 'bench' }, '2')).toBe('amenity=bench');
    expect(objectLabel({}, 'node-3')).toBe('node-3');
  });
});

describe('objectTitle', () => {
  it('leads with the name and the main tag, or whichever exists', () => {
    expect(objectTitle({ name: 'Avenue Pasteur', highway: 'residential' }, 'x')).toBe(
      'Avenue Pasteur · highway=residential',
    );
    expect(objectTitle({ name: 'Café de Paris', amenity: 'cafe' }, 'x')).toBe('Café de Paris · amenity=cafe');
    expect(objectTitle({ amenity: 'bench' }, 'x')).toBe('amenity=bench');
    expect(objectTitle({ name: 'Quay area' }, 'x')).toBe('Quay area');
    expect(objectTitle({}, '42')).toBe('42');
  });
});

import { describe, expect, it } from 'vitest';
import { colourIndex, legendOf, loadColourBy, RAMP, saveColourBy } from './colour-by.js';

describe('colour by altitude or speed', () => {
  it('puts a value in its bin, the first edge inclusive, and a missing or text value at 0', () => {
    expect(colourIndex('altitude', { altitude: 0 })).toBe(1);
    expect(colourIndex('altitude', { altitude: 149.9 })).toBe(1);
    expect(colourIndex('altitude', { altitude: 150 })).toBe(2);
    expect(colourIndex('altitude', { altitude: 11_000 })).toBe(7);
    expect(colourIndex('altitude', { altitude: 12_000 })).toBe(8);
    expect(colourIndex('speed', { speed: 0.5 })).toBe(1);
    expect(colourIndex('speed', { speed: 250 })).toBe(8);
    expect(colourIndex('speed', {})).toBe(0);
    expect(colourIndex('speed', { speed: 'fast' })).toBe(0);
    expect(colourIndex('altitude', { altitude: Number.NaN })).toBe(0);
  });

  it('has a colour for every bin and a legend that names each range once', () => {
    const legend = legendOf('altitude');
    expect(legend.map((l) => l.label)).toEqual([
      '< 150 m',
      '150–600 m',
      '600–1500 m',
      '1500–3000 m',
      '3000–6000 m',
      '6000–9000 m',
      '9000–12000 m',
      '≥ 12000 m',
      'no value',
    ]);
    expect(new Set(legend.map((l) => l.colour)).size).toBe(RAMP.length);
    expect(legendOf('speed')[0]!.label).toBe('< 1 m/s');
  });

  it('remembers the choice and ignores anything else under its key', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    } as Storage;
    expect(loadColourBy(storage)).toBe('kind');
    saveColourBy('altitude', storage);
    expect(loadColourBy(storage)).toBe('altitude');
    store.set('osm-tracker.colour-by', 'rainbow');
    expect(loadColourBy(storage)).toBe('kind');
  });
});

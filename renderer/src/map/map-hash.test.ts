import { describe, expect, it } from 'vitest';
import { formatMapHash, parseMapHash, zoomPrecision } from './map-hash.js';

describe('map hash (#map=zoom/lat/lon)', () => {
  it('reads openstreetmap.org links', () => {
    expect(parseMapHash('#map=16/43.7384/7.4246')).toEqual({ zoom: 16, lat: 43.7384, lon: 7.4246 });
    expect(parseMapHash('#layers=C&map=12/51.5/-0.12')).toEqual({ zoom: 12, lat: 51.5, lon: -0.12 });
  });
  it('ignores what is not a view', () => {
    for (const bad of ['', '#', '#map=', '#map=16/43.7', '#map=a/1/2', '#map=16/95/7', '#map=30/1/2'])
      expect(parseMapHash(bad)).toBeNull();
  });
  it('wraps longitudes into -180..180', () => {
    expect(parseMapHash('#map=5/10/190')?.lon).toBeCloseTo(-170);
  });
  it('writes as many decimals as the zoom needs, as openstreetmap.org does', () => {
    expect(zoomPrecision(16)).toBe(4);
    expect(zoomPrecision(2)).toBe(1);
    expect(formatMapHash({ zoom: 16, lat: 43.738412, lon: 7.424634 })).toBe('#map=16/43.7384/7.4246');
    expect(formatMapHash({ zoom: 3, lat: 20.123, lon: -0.5 })).toBe('#map=3/20.12/-0.50');
  });
  it('keeps other hash parameters and round-trips', () => {
    const hash = formatMapHash({ zoom: 10, lat: 48.8566, lon: 2.3522 }, '#layers=C');
    expect(hash).toBe('#layers=C&map=10/48.8566/2.3522');
    expect(parseMapHash(hash)).toEqual({ zoom: 10, lat: 48.8566, lon: 2.3522 });
  });
});

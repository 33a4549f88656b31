import { describe, expect, it } from 'vitest';
import type { Track } from '../../../../electron/contract/domain.js';
import { trackLatLngs } from './use-object-history.js';

describe('trackLatLngs', () => {
  it("turns the track's lon and lat columns into Leaflet's [lat, lon] pairs, in order", () => {
    const track: Track = {
      id: 'o1',
      times: [1000, 2000, 3000],
      lon: [7.42, 7.43, -179.5],
      lat: [43.73, 43.74, -12.25],
      speed: [null, null, null],
      heading: [null, null, null],
      altitude: [null, null, null],
      truncated: false,
    };
    expect(trackLatLngs(track)).toEqual([
      [43.73, 7.42],
      [43.74, 7.43],
      [-12.25, -179.5],
    ]);
    expect(trackLatLngs({ ...track, times: [], lon: [], lat: [], speed: [], heading: [], altitude: [] })).toEqual([]);
  });
});

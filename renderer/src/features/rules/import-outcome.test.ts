import { describe, expect, it } from 'vitest';
import { importOutcome } from './geofence-section.js';

describe('importOutcome', () => {
  it('says how many geofences a file gave, and which features were skipped and why', () => {
    expect(importOutcome('zones.geojson', { created: [1], skipped: [] })).toBe('zones.geojson: imported 1 geofence.');
    expect(
      importOutcome('zones.kml', { created: [1, 2], skipped: [{ index: 2, reason: 'A point has no area.' }] }),
    ).toBe('zones.kml: imported 2 geofences, skipped 1 (#3: A point has no area).');
  });
});

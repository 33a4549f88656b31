import { describe, expect, it } from 'vitest';
import type { Geofence } from '../../../../electron/contract/methods/rules.js';
import { DEFAULT_UNITS } from '../../app/units.js';
import { triggerSummary } from './rule-summary.js';

const fence = { id: 'g1', name: 'Harbour zone' } as Geofence;

describe('triggerSummary', () => {
  it('names the geofence, or shows its id when it is gone', () => {
    expect(triggerSummary({ type: 'enter', geofence_id: 'g1' }, [fence])).toBe('enters Harbour zone');
    expect(triggerSummary({ type: 'dwell', geofence_id: 'gx', seconds: 60 }, [fence])).toBe('stays in gx for 60 s');
  });
  it('gives speed and altitude in the chosen units with the stored m/s and metres beside them', () => {
    expect(triggerSummary({ type: 'speed_above', value: 10 }, [])).toBe('speed above 19.4 kn (10.0 m/s)');
    expect(triggerSummary({ type: 'altitude_below', value: 304.8 }, [])).toBe('altitude below 305 m');
    const imperial = { speed: 'mph', altitude: 'ft', coords: 'decimal' } as const;
    expect(triggerSummary({ type: 'speed_below', value: 10 }, [], imperial)).toBe('speed below 22.4 mph (10.0 m/s)');
    expect(triggerSummary({ type: 'altitude_above', value: 304.8 }, [], imperial)).toBe(
      'altitude above 1,000 ft (305 m)',
    );
    expect(triggerSummary({ type: 'speed_above', value: 10 }, [], { ...imperial, speed: 'm/s' })).toBe(
      'speed above 10.0 m/s',
    );
  });
  it('describes proximity with and without the other filter and CPA', () => {
    expect(triggerSummary({ type: 'proximity', distance_m: 1609.344 }, [], { ...DEFAULT_UNITS, speed: 'mph' })).toBe(
      'within 1.00 mi of each other',
    );
    expect(triggerSummary({ type: 'proximity', distance_m: 500 }, [])).toBe('within 500 m of each other');
    expect(
      triggerSummary({ type: 'proximity', distance_m: 500, other_filter: 'kind=drone', cpa_seconds: 60 }, []),
    ).toBe('within 500 m of (kind=drone), now or within 60 s');
  });
});

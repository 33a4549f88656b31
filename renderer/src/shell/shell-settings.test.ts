import { afterEach, describe, expect, it } from 'vitest';
import { loadShellSettings } from './shell-settings.js';

afterEach(() => localStorage.clear());

describe('loadShellSettings', () => {
  it('brings back the saved units', () => {
    localStorage.setItem('osm-tracker.units', JSON.stringify({ speed: 'km/h', altitude: 'ft', coords: 'dms' }));
    expect(loadShellSettings().units).toEqual({ speed: 'km/h', altitude: 'ft', coords: 'dms' });
  });

  it('falls back to the default units when none or garbage were saved', () => {
    expect(loadShellSettings().units).toEqual({ speed: 'kn', altitude: 'm', coords: 'decimal' });
    localStorage.setItem('osm-tracker.units', '{not json');
    expect(loadShellSettings().units).toEqual({ speed: 'kn', altitude: 'm', coords: 'decimal' });
  });
});

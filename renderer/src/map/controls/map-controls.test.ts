import L from 'leaflet';
import { afterEach, describe, expect, it } from 'vitest';
import { createFitControl, createScaleBar } from './map-controls.js';

let map: L.Map | undefined;
const mount = () => {
  const el = document.createElement('div');
  document.body.append(el);
  map = L.map(el).setView([50, 10], 5);
  return map;
};
afterEach(() => {
  map?.remove();
  document.body.innerHTML = '';
});

describe('createFitControl', () => {
  it('says why a fit did nothing beside the button, and clears it when the map moves', () => {
    const m = mount();
    let fits = 0;
    const fit = createFitControl(() => fits++);
    fit.addTo(m);
    const status = document.querySelector<HTMLElement>('[data-testid=fit-status]')!;
    expect(status.hidden).toBe(true);
    document.querySelector<HTMLElement>('.map-fit-button')!.click();
    expect(fits).toBe(1);
    fit.say('Nothing to fit: no object matches the filter.');
    expect(status.hidden).toBe(false);
    expect(status.textContent).toBe('Nothing to fit: no object matches the filter.');
    expect(status.getAttribute('role')).toBe('status');
    fit.say('Zoom to fit failed: the app is not reachable.', 'error');
    expect(status.getAttribute('role')).toBe('alert');
    expect(status.classList.contains('error-text')).toBe(true);
    m.fire('movestart');
    expect(status.hidden).toBe(true);
  });
});

describe('createScaleBar', () => {
  it('shows metric or imperial and swaps when the units change', () => {
    const m = mount();
    const scale = createScaleBar(m, 'metric');
    const lines = () => document.querySelectorAll('.leaflet-control-scale-line').length;
    expect(lines()).toBe(1);
    scale.setSystem('imperial');
    expect(lines()).toBe(1);
    expect(document.querySelectorAll('.leaflet-control-scale').length).toBe(1);
  });
});

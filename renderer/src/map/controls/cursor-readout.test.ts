import L from 'leaflet';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoordFormat } from '../../app/units.js';
import { createCursorReadout, cursorReadoutText, OFF_MAP_TEXT } from './cursor-readout.js';

describe('cursorReadoutText', () => {
  it('says the order of the coordinates, or that the pointer is off the map', () => {
    expect(cursorReadoutText({ lat: 43.7384, lng: 7.4246 }, 'decimal')).toBe('lat, lon 43.73840, 7.42460');
    expect(cursorReadoutText({ lat: 43.7384, lng: 7.4246 + 360 }, 'mgrs')).toBe('MGRS 32T LP 73139 44024');
    expect(cursorReadoutText(null, 'dms')).toBe(OFF_MAP_TEXT);
  });
});

describe('createCursorReadout', () => {
  let map: L.Map | null = null;
  afterEach(() => {
    map?.remove();
    map = null;
    document.body.innerHTML = '';
  });

  function mount() {
    const el = document.createElement('div');
    document.body.append(el);
    map = L.map(el, { zoomAnimation: false, fadeAnimation: false }).setView([0, 0], 4);
    let format: CoordFormat = 'decimal';
    const readout = createCursorReadout(() => format);
    readout.addTo(map);
    const text = () => el.querySelector('[data-testid=cursor-coords]')?.textContent;
    const moveTo = (x: number, y: number) => {
      const containerPoint = L.point(x, y);
      map!.fire('mousemove', { containerPoint, latlng: map!.containerPointToLatLng(containerPoint) });
    };
    return { el, readout, text, moveTo, setFormat: (f: CoordFormat) => (format = f) };
  }

  it('follows the pointer and says when it has left the map', () => {
    const { el, text, moveTo } = mount();
    expect(text()).toBe(OFF_MAP_TEXT);
    moveTo(0, 0);
    const first = text();
    moveTo(50, 80);
    expect(text()).toMatch(/^lat, lon -?\d+\.\d{5}, -?\d+\.\d{5}$/);
    expect(text()).not.toBe(first);
    el.dispatchEvent(new Event('pointerleave'));
    expect(text()).toBe(OFF_MAP_TEXT);
  });

  it('is worked out again when the map moves under a resting pointer', () => {
    const { text, moveTo } = mount();
    moveTo(10, 10);
    const before = text();
    map!.setView([40, 20], 4, { animate: false });
    expect(text()).not.toBe(before);
    expect(text()).toBe(`lat, lon ${formatAt(map!, 10, 10)}`);
  });

  it('writes the new format on refresh', () => {
    const { readout, text, moveTo, setFormat } = mount();
    moveTo(10, 10);
    setFormat('dms');
    readout.refresh();
    expect(text()).toMatch(/^lat, lon \d+°\d\d′\d\d\.\d″[NS], \d+°\d\d′\d\d\.\d″[EW]$/);
  });
});

function formatAt(map: L.Map, x: number, y: number): string {
  const p = map.containerPointToLatLng(L.point(x, y));
  return `${p.lat.toFixed(5)}, ${p.lng.toFixed(5)}`;
}

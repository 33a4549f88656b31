/**
 * Benchmark baseline: a plain Leaflet page (preferCanvas, one circleMarker per object) fed with the
 * same synthetic feed, updating markers with setLatLng as each update arrives.
 */
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { BENCH_CENTER, BENCH_ZOOM, createBenchFeed, paramsFromUrl, runBench } from './bench-feed.js';
import { trackPointerDown } from './bench-window.js';

const params = paramsFromUrl(location.search);
const feed = createBenchFeed(params.count);
const map = L.map('map', { preferCanvas: true, zoomAnimation: false }).setView(BENCH_CENTER, BENCH_ZOOM);
const pointerDown = trackPointerDown();
const markers = new Map<string, L.CircleMarker>();
const hooks = {
  ready: false,
  clickMs: null as number | null,
  selectedId: null as string | null,
  run: () => runBench(params, apply, feed),
  startFeed: () => void setInterval(() => apply(feed.tick(Math.round(params.updatesPerS / 20))), 50),
  screenPos(i: number): [number, number] {
    const p = map.latLngToContainerPoint(markers.get(`obj-${i}`)!.getLatLng());
    return [p.x, p.y];
  },
};
for (const o of feed.initial()) {
  const c = o.geom.type === 'Point' ? o.geom.coordinates : [0, 0];
  const m = L.circleMarker([c[1] ?? 0, c[0] ?? 0], {
    radius: 5,
    weight: 1,
    color: '#fff',
    fillColor: '#1f77d0',
    fillOpacity: 1,
  });
  m.on('click', () => {
    m.setStyle({ color: '#ff2d55' });
    requestAnimationFrame(() => {
      hooks.selectedId = o.id;
      hooks.clickMs = performance.now() - pointerDown();
    });
  });
  m.addTo(map);
  markers.set(o.id, m);
}
function apply(objs: ReturnType<typeof feed.initial>): void {
  for (const o of objs) {
    const c = o.geom.type === 'Point' ? o.geom.coordinates : [0, 0];
    markers.get(o.id)?.setLatLng([c[1] ?? 0, c[0] ?? 0]);
  }
}
window.__bench = hooks;
requestAnimationFrame(() => requestAnimationFrame(() => (hooks.ready = true)));

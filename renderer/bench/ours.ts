/**
 * Benchmark page for our renderer: the app's live store and canvas objects layer on a Leaflet map,
 * fed with the synthetic feed through the same enqueue path the `objects.changed` events take.
 */
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { createLiveObjects } from '../src/state/live-objects.js';
import { DEFAULT_STALE_AFTER_S } from '../src/state/staleness.js';
import { createObjectsLayer } from '../src/map/layers/objects-layer.js';
import { BENCH_CENTER, BENCH_ZOOM, createBenchFeed, paramsFromUrl, runBench } from './bench-feed.js';
import { trackPointerDown } from './bench-window.js';

const params = paramsFromUrl(location.search);
const feed = createBenchFeed(params.count);
const store = createLiveObjects();
const map = L.map('map', { zoomAnimation: false }).setView(BENCH_CENTER, BENCH_ZOOM);
const pointerDown = trackPointerDown();
const layer = createObjectsLayer({
  store,
  staleAfter: () => DEFAULT_STALE_AFTER_S,
  style: () => ({ outline: '#ffffff', selection: '#ff2d55', trail: '#334155', staleAlpha: 0.35 }),
  onHover: () => undefined,
  onSelect: (entry) => {
    layer.setSelected(entry?.id ?? null);
    requestAnimationFrame(() => {
      hooks.selectedId = entry?.id ?? null;
      hooks.clickMs = performance.now() - pointerDown();
    });
  },
});
layer.addTo(map);
const apply = (upserted: ReturnType<typeof feed.initial>) =>
  store.enqueue({ subscription_id: 'bench', reset: false, upserted, deleted: [] });
store.enqueue({ subscription_id: 'bench', reset: true, upserted: feed.initial(), deleted: [] });

const hooks = {
  ready: false,
  clickMs: null as number | null,
  selectedId: null as string | null,
  run: () => runBench(params, apply, feed),
  drawMs: () => layer.lastDrawMs(),
  startFeed: () => void setInterval(() => apply(feed.tick(Math.round(params.updatesPerS / 20))), 50),
  screenPos(i: number): [number, number] {
    const e = store.get(`obj-${i}`);
    const c = e?.obj.geom.type === 'Point' ? e.obj.geom.coordinates : [0, 0];
    const p = map.latLngToContainerPoint([c[1] ?? 0, c[0] ?? 0]);
    return [p.x, p.y];
  },
};
window.__bench = hooks;
requestAnimationFrame(() => requestAnimationFrame(() => (hooks.ready = true)));

/**
 * Benchmark page for replay: 10,000 objects with a synthetic history replayed at 60x. As in the
 * app, the moment advances every 100 ms and the objects at that moment are fetched at most every
 * 250 ms (here computed in the page and passed through JSON, as the WebSocket transport does) and
 * put into the map's store with store.replace; trails were backfilled once at the start.
 */
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import type { OsmObject, Trail } from '../../electron/contract/domain.js';
import { createLiveObjects } from '../src/state/live-objects.js';
import { DEFAULT_STALE_AFTER_S } from '../src/state/staleness.js';
import { createObjectsLayer } from '../src/map/layers/objects-layer.js';
import { BENCH_BBOX, BENCH_CENTER, BENCH_ZOOM, paramsFromUrl } from './bench-feed.js';

const params = paramsFromUrl(location.search);
const SPEED = Number(new URLSearchParams(location.search).get('speed') ?? 60);
const KINDS = ['ship', 'car', 'aircraft', 'drone', 'person', 'sensor'];
const T0 = Date.parse('2026-03-10T08:00:00Z');
const [W, S, E, N] = BENCH_BBOX;

/** Object i at time t: a slow loop around its own centre (one position per second of history). */
function positionAt(i: number, t: number): [number, number, number] {
  const cx = W + (((i * 7919) % 10_007) / 10_007) * (E - W);
  const cy = S + (((i * 104_729) % 10_009) / 10_009) * (N - S);
  const a = ((t - T0) / 600_000 + i) % (2 * Math.PI);
  return [cx + 0.3 * Math.cos(a), cy + 0.2 * Math.sin(a), ((a * 180) / Math.PI + 90) % 360];
}

function objectsAt(t: number): OsmObject[] {
  const at = new Date(Math.floor(t / 1000) * 1000).toISOString();
  return Array.from({ length: params.count }, (_, i) => {
    const [lon, lat, heading] = positionAt(i, t);
    const kind = KINDS[i % KINDS.length]!;
    return {
      id: `obj-${i}`,
      osm_id: String(i),
      type: 'node',
      tags: { kind, name: `${kind} ${i}`, heading: Math.round(heading), speed: 10 },
      geom: { type: 'Point', coordinates: [lon, lat] },
      source_id: 'bench',
      observed_at: at,
      created_at: new Date(T0).toISOString(),
      updated_at: at,
    } satisfies OsmObject;
  });
}

function trailsAt(t: number): Trail[] {
  return Array.from({ length: params.count }, (_, i) => ({
    id: `obj-${i}`,
    points: Array.from({ length: 60 }, (_, k) => {
      const ms = t - (60 - k) * 10_000;
      const [lon, lat] = positionAt(i, ms);
      return [ms, lon, lat] as [number, number, number];
    }),
  }));
}

const store = createLiveObjects();
let moment = T0 + 3_600_000;
const map = L.map('map', { zoomAnimation: false }).setView(BENCH_CENTER, BENCH_ZOOM);
const layer = createObjectsLayer({
  store,
  staleAfter: () => DEFAULT_STALE_AFTER_S,
  now: () => moment,
  style: () => ({ outline: '#ffffff', selection: '#ff2d55', trail: '#334155', staleAlpha: 0.35 }),
  onHover: () => undefined,
  onSelect: () => undefined,
});
layer.addTo(map);
store.replace(objectsAt(moment), { keepTrails: false });
store.setTrails(trailsAt(moment));

/** One fetch of the moment: the "answer" crosses JSON like a WebSocket frame. */
function fetchMoment(): void {
  const items = JSON.parse(JSON.stringify(objectsAt(moment))) as OsmObject[];
  store.replace(items, { keepTrails: true });
}

function run(): Promise<{ fps: number; frames: number; ms: number; updates: number }> {
  let frames = 0;
  let fetches = 0;
  return new Promise((resolve) => {
    const start = performance.now();
    let last = start;
    const clock = setInterval(() => {
      const t = performance.now();
      moment += (t - last) * SPEED;
      last = t;
    }, 100);
    const fetcher = setInterval(() => {
      fetchMoment();
      fetches++;
    }, 250);
    const onFrame = () => {
      frames++;
      const ms = performance.now() - start;
      if (ms < params.durationMs) requestAnimationFrame(onFrame);
      else {
        clearInterval(clock);
        clearInterval(fetcher);
        resolve({ fps: (frames * 1000) / ms, frames, ms, updates: fetches * params.count });
      }
    };
    requestAnimationFrame(onFrame);
  });
}

window.__bench = {
  ready: false,
  clickMs: null,
  selectedId: null,
  run,
  startFeed: () => undefined,
  screenPos: () => [0, 0],
};
requestAnimationFrame(() => requestAnimationFrame(() => (window.__bench!.ready = true)));

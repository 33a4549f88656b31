/**
 * Synthetic live feed for the renderer benchmark: N moving objects in a bbox and a fixed rate of
 * updates, identical (seeded) for our page and the plain Leaflet page so both draw the same thing.
 */
import type { OsmObject } from '../../electron/contract/domain.js';

export interface BenchParams {
  count: number;
  updatesPerS: number;
  durationMs: number;
}

const KINDS = ['ship', 'car', 'aircraft', 'drone', 'person', 'sensor'];
/** The area every object stays in (western Europe), shown whole at the bench view. */
export const BENCH_BBOX = [-10, 36, 20, 58] as const;
export const BENCH_CENTER: [number, number] = [47, 5];
export const BENCH_ZOOM = 5;

/** Reads ?n=&rate=&ms= from the page URL. */
export function paramsFromUrl(search: string): BenchParams {
  const q = new URLSearchParams(search);
  return {
    count: Number(q.get('n') ?? 10_000),
    updatesPerS: Number(q.get('rate') ?? 2000),
    durationMs: Number(q.get('ms') ?? 5000),
  };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchFeed {
  initial(): OsmObject[];
  /** The objects changed in one tick (updatesPerS / ticksPerS of them). */
  tick(count: number): OsmObject[];
}

export function createBenchFeed(count: number, seed = 42): BenchFeed {
  const rnd = mulberry32(seed);
  const [w, s, e, n] = BENCH_BBOX;
  const lon = new Float64Array(count);
  const lat = new Float64Array(count);
  const heading = new Float64Array(count);
  const kinds: string[] = [];
  for (let i = 0; i < count; i++) {
    lon[i] = w + rnd() * (e - w);
    lat[i] = s + rnd() * (n - s);
    heading[i] = rnd() * 360;
    kinds.push(KINDS[i % KINDS.length]!);
  }
  const created = new Date(Date.now() - 60_000).toISOString();
  const make = (i: number): OsmObject => {
    const now = new Date().toISOString();
    return {
      id: `obj-${i}`,
      osm_id: String(i),
      type: 'node',
      tags: { kind: kinds[i]!, name: `${kinds[i]} ${i}`, heading: Math.round(heading[i]!), speed: 10 },
      geom: { type: 'Point', coordinates: [lon[i]!, lat[i]!] },
      source_id: 'bench',
      observed_at: now,
      created_at: created,
      updated_at: now,
    };
  };
  return {
    initial: () => Array.from({ length: count }, (_, i) => make(i)),
    tick(k) {
      const out: OsmObject[] = [];
      for (let j = 0; j < k; j++) {
        const i = Math.floor(rnd() * count);
        heading[i] = (heading[i]! + (rnd() - 0.5) * 20 + 360) % 360;
        const rad = (heading[i]! * Math.PI) / 180;
        lon[i] = Math.min(e, Math.max(w, lon[i]! + Math.sin(rad) * 0.02));
        lat[i] = Math.min(n, Math.max(s, lat[i]! + Math.cos(rad) * 0.02));
        out.push(make(i));
      }
      return out;
    },
  };
}

export interface BenchResult {
  fps: number;
  frames: number;
  ms: number;
  updates: number;
  clickMs: number | null;
}

/** Runs the feed at the requested rate for the duration while counting animation frames. */
export function runBench(
  params: BenchParams,
  apply: (objs: OsmObject[]) => void,
  feed: BenchFeed,
): Promise<Omit<BenchResult, 'clickMs'>> {
  const tickMs = 50;
  const perTick = Math.round((params.updatesPerS * tickMs) / 1000);
  let updates = 0;
  let frames = 0;
  return new Promise((resolve) => {
    const start = performance.now();
    const timer = setInterval(() => {
      const objs = feed.tick(perTick);
      updates += objs.length;
      apply(objs);
    }, tickMs);
    const onFrame = () => {
      frames++;
      const ms = performance.now() - start;
      if (ms < params.durationMs) requestAnimationFrame(onFrame);
      else {
        clearInterval(timer);
        resolve({ fps: (frames * 1000) / ms, frames, ms, updates });
      }
    };
    requestAnimationFrame(onFrame);
  });
}

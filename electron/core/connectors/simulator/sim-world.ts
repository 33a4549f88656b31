/**
 * The simulator's motion model: ships, cars, aircraft and drones that wander inside a bbox within
 * per-kind speed, acceleration, turn and climb limits. Each step turns first, then moves straight
 * along the new heading, so the heading always matches the last displacement.
 */
import type { Bbox } from '../../../contract/domain.js';
import { SIMULATOR_KINDS, type SimulatorKind } from '../connection-info.js';
import { createRandom } from './sim-random.js';

export interface KindProfile {
  /** m/s */
  minSpeed: number;
  maxSpeed: number;
  /** m/s² */
  maxAccel: number;
  /** degrees per second */
  maxTurn: number;
  /** metres, and metres per second of climb or descent */
  altitude?: { min: number; max: number; maxClimb: number };
}

/** Per-kind limits (plausible, not exact). */
export const KIND_PROFILES: Record<SimulatorKind, KindProfile> = {
  ship: { minSpeed: 1, maxSpeed: 12, maxAccel: 0.05, maxTurn: 3 },
  car: { minSpeed: 3, maxSpeed: 33, maxAccel: 3, maxTurn: 25 },
  aircraft: { minSpeed: 60, maxSpeed: 250, maxAccel: 2, maxTurn: 3, altitude: { min: 500, max: 11_000, maxClimb: 15 } },
  drone: { minSpeed: 2, maxSpeed: 20, maxAccel: 4, maxTurn: 60, altitude: { min: 20, max: 150, maxClimb: 5 } },
};

export interface SimObject {
  osmId: string;
  kind: SimulatorKind;
  name: string;
  lon: number;
  lat: number;
  /** degrees clockwise from north, [0, 360) */
  heading: number;
  /** m/s */
  speed: number;
  altitude?: number;
  /** Effective limits in this bbox (speed capped so the object can turn inside it). */
  limits: KindProfile;
  targetHeading: number;
  targetSpeed: number;
  targetAltitude?: number;
}

export interface SimWorldSettings {
  bbox: Bbox;
  count: number;
  kinds?: readonly SimulatorKind[];
  seed?: number;
}

export interface SimWorld {
  readonly bbox: Bbox;
  readonly objects: readonly SimObject[];
  /** Advances object `index` by `dtSeconds` of simulated time (capped at 60 s) and returns it. */
  step(index: number, dtSeconds: number): SimObject;
}

const M_PER_DEG = 111_320;
const MAX_SUBSTEP_S = 1;
const MAX_STEP_S = 60;
const NAMES: Record<SimulatorKind, string[]> = {
  ship: ['Nordic Star', 'Elbe Pearl', 'Sea Falcon', 'Baltic Trader', 'Aurora', 'Wind Runner'],
  car: ['Taxi', 'Van', 'Patrol', 'Courier', 'Bus'],
  aircraft: ['DLH', 'EZY', 'RYR', 'KLM', 'SAS'],
  drone: ['Survey', 'Inspect', 'Rescue', 'Mapper'],
};

/** Creates a world of `count` objects; the same settings and seed give the same motion. */
export function createSimWorld(settings: SimWorldSettings): SimWorld {
  const random = createRandom(settings.seed ?? Date.now());
  const [w, s, e, n] = settings.bbox;
  const kinds = settings.kinds && settings.kinds.length > 0 ? settings.kinds : SIMULATOR_KINDS;
  const midLat = (s + n) / 2;
  const minDimM = Math.min((e - w) * M_PER_DEG * Math.cos((midLat * Math.PI) / 180), (n - s) * M_PER_DEG);
  const objects: SimObject[] = [];
  for (let i = 0; i < settings.count; i++) {
    const kind = kinds[i % kinds.length] ?? 'car';
    const limits = capLimits(KIND_PROFILES[kind], minDimM);
    const speed = limits.minSpeed + random() * (limits.maxSpeed - limits.minSpeed);
    const heading = random() * 360;
    const alt = limits.altitude;
    objects.push({
      osmId: `sim-${kind}-${i + 1}`,
      kind,
      name: nameFor(kind, i, random),
      // Start in the middle 60% of the box, away from the edges.
      lon: w + (0.2 + 0.6 * random()) * (e - w),
      lat: s + (0.2 + 0.6 * random()) * (n - s),
      heading,
      speed,
      altitude: alt ? alt.min + random() * (alt.max - alt.min) : undefined,
      limits,
      targetHeading: heading,
      targetSpeed: speed,
      targetAltitude: alt ? alt.min + random() * (alt.max - alt.min) : undefined,
    });
  }

  const substep = (o: SimObject, h: number): void => {
    const lim = o.limits;
    const omega = (lim.maxTurn * Math.PI) / 180;
    const margin = 2 * (o.speed / omega) + o.speed * h;
    const cosLat = Math.cos((o.lat * Math.PI) / 180);
    const toEdge = Math.min(
      (o.lon - w) * M_PER_DEG * cosLat,
      (e - o.lon) * M_PER_DEG * cosLat,
      (o.lat - s) * M_PER_DEG,
      (n - o.lat) * M_PER_DEG,
    );
    if (toEdge < margin) {
      o.targetHeading = bearing(o.lon, o.lat, (w + e) / 2, midLat);
    } else if (random() < h / 30) {
      o.targetHeading = norm(o.heading + (random() - 0.5) * 180);
    }
    if (random() < h / 20) o.targetSpeed = lim.minSpeed + random() * (lim.maxSpeed - lim.minSpeed);
    o.heading = norm(o.heading + clamp(angleDiff(o.targetHeading, o.heading), lim.maxTurn * h));
    o.speed = Math.min(
      lim.maxSpeed,
      Math.max(lim.minSpeed, o.speed + clamp(o.targetSpeed - o.speed, lim.maxAccel * h)),
    );
    if (lim.altitude && o.altitude !== undefined && o.targetAltitude !== undefined) {
      if (random() < h / 60) o.targetAltitude = lim.altitude.min + random() * (lim.altitude.max - lim.altitude.min);
      o.altitude += clamp(o.targetAltitude - o.altitude, lim.altitude.maxClimb * h);
    }
    const rad = (o.heading * Math.PI) / 180;
    const dist = o.speed * h;
    o.lat = Math.min(n, Math.max(s, o.lat + (dist * Math.cos(rad)) / M_PER_DEG));
    o.lon = Math.min(e, Math.max(w, o.lon + (dist * Math.sin(rad)) / (M_PER_DEG * cosLat)));
  };

  return {
    bbox: settings.bbox,
    objects,
    step(index, dtSeconds) {
      const o = objects[index];
      if (!o) throw new RangeError(`No simulated object ${index}.`);
      const dt = Math.min(MAX_STEP_S, Math.max(0, dtSeconds));
      const parts = Math.max(1, Math.ceil(dt / MAX_SUBSTEP_S));
      for (let k = 0; k < parts; k++) substep(o, dt / parts);
      return o;
    },
  };
}

/** Caps speed so the turning radius fits a tenth of the box (small boxes get slow objects). */
function capLimits(profile: KindProfile, minDimM: number): KindProfile {
  const omega = (profile.maxTurn * Math.PI) / 180;
  const maxSpeed = Math.min(profile.maxSpeed, (omega * minDimM) / 10);
  const minSpeed = Math.min(profile.minSpeed, maxSpeed / 2);
  return { ...profile, maxSpeed, minSpeed };
}

function nameFor(kind: SimulatorKind, i: number, random: () => number): string {
  const pool = NAMES[kind];
  const base = pool[Math.floor(random() * pool.length)] ?? kind;
  if (kind === 'aircraft') return `${base}${100 + ((i * 37) % 900)}`;
  return `${base} ${i + 1}`;
}

/** Initial bearing from (lon1, lat1) to (lon2, lat2), degrees clockwise from north. */
export function bearing(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const cosLat = Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
  return norm((Math.atan2((lon2 - lon1) * cosLat, lat2 - lat1) * 180) / Math.PI);
}

/** Signed smallest difference a − b in degrees, in (−180, 180]. */
export function angleDiff(a: number, b: number): number {
  const d = norm(a - b);
  return d > 180 ? d - 360 : d;
}

function norm(deg: number): number {
  return ((deg % 360) + 360) % 360;
}

function clamp(value: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, value));
}

/** A simulated object as a native publisher object (`{osm_id, type, tags, geom, observed_at}`). */
export function simObjectToNative(o: SimObject, observedAt: number): Record<string, unknown> {
  const tags: Record<string, string | number> = {
    kind: o.kind,
    name: o.name,
    heading: Math.round(o.heading * 10) / 10,
    speed: Math.round(o.speed * 10) / 10,
  };
  if (o.altitude !== undefined) tags['altitude'] = Math.round(o.altitude);
  return {
    osm_id: o.osmId,
    type: 'node',
    tags,
    geom: { type: 'Point', coordinates: [round7(o.lon), round7(o.lat)] },
    observed_at: new Date(observedAt).toISOString(),
  };
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

/**
 * Scales a track's speed and altitude into SVG paths for the detail panel's profile: time along x
 * over the track's span, each series on its own vertical scale (speed from 0, altitude from its
 * lowest value), gaps where a position had no value, at most two points per pixel column.
 */
import type { Track } from '../../../../electron/contract/domain.js';

export interface ProfileSeries {
  /** SVG path data ("M x y L x y …"); empty when the track has no value for it. */
  d: string;
  min: number;
  max: number;
}

export interface Profile {
  /** First and last time of the track (epoch ms). */
  t0: number;
  t1: number;
  speed: ProfileSeries;
  altitude: ProfileSeries;
}

function extent(values: (number | null)[], floorAtZero: boolean): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return null;
  return { min: floorAtZero ? Math.min(0, min) : min, max };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

function series(
  times: number[],
  values: (number | null)[],
  x: (t: number) => number,
  height: number,
  floorAtZero: boolean,
  stride: number,
): ProfileSeries {
  const ext = extent(values, floorAtZero);
  if (!ext) return { d: '', min: 0, max: 0 };
  const span = ext.max - ext.min;
  const y = (v: number) => (span === 0 ? height / 2 : height - ((v - ext.min) / span) * height);
  const parts: string[] = [];
  let pen = false;
  for (let i = 0; i < values.length; i += stride) {
    const v = values[i];
    if (v === null || v === undefined) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${r1(x(times[i]!))} ${r1(y(v))}`);
    pen = true;
  }
  return { d: parts.join(' '), min: ext.min, max: ext.max };
}

/** The profile of `track` in a width × height box; null for a track without positions. */
export function profileOf(
  track: Pick<Track, 'times' | 'speed' | 'altitude'>,
  width: number,
  height: number,
): Profile | null {
  const n = track.times.length;
  if (n === 0) return null;
  const t0 = track.times[0]!;
  const t1 = track.times[n - 1]!;
  const x = (t: number) => (t1 === t0 ? width / 2 : ((t - t0) / (t1 - t0)) * width);
  // A day of 1 Hz positions is 86,400 points: two per pixel column draw the same picture.
  const stride = Math.max(1, Math.floor(n / (2 * width)));
  return {
    t0,
    t1,
    speed: series(track.times, track.speed, x, height, true, stride),
    altitude: series(track.times, track.altitude, x, height, false, stride),
  };
}

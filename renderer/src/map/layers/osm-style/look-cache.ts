// The look of each static object, worked out once per object version (entries are replaced on every
// update, so a WeakMap keyed by entry is a cache by id and update time) with its Mercator bbox for
// culling and hit tests, and its label's measured width.
import type { LiveEntry } from '../../../state/live-objects.js';
import { objectName } from './main-tag.js';
import { osmLook, PATH_LOOKS, type GeometryFamily, type OsmLook } from './osm-style.js';

export interface StaticLook {
  look: OsmLook;
  /** Index of the look in PATH_LOOKS (its bucket in a frame); -1 for POIs. */
  bucket: number;
  /** Lines in tunnels are drawn faint and under buildings. */
  tunnel: boolean;
  /** Mercator bbox in [0,1] world units. */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** The map label (name, else ref), '' for none. */
  label: string;
  /** Label width in CSS pixels at the label font, measured on first use (-1 until then). */
  labelWidth: number;
}

const cache = new WeakMap<LiveEntry, StaticLook>();

function familyOf(e: LiveEntry): GeometryFamily {
  if (e.isPoint) return 'point';
  for (const p of e.paths ?? []) if (p.closed) return 'area';
  return 'line';
}

function build(e: LiveEntry): StaticLook {
  let minX = e.x;
  let minY = e.y;
  let maxX = e.x;
  let maxY = e.y;
  for (const p of e.paths ?? []) {
    const c = p.coords;
    for (let i = 0; i < c.length; i += 2) {
      if (c[i]! < minX) minX = c[i]!;
      if (c[i]! > maxX) maxX = c[i]!;
      if (c[i + 1]! < minY) minY = c[i + 1]!;
      if (c[i + 1]! > maxY) maxY = c[i + 1]!;
    }
  }
  const tags = e.obj.tags;
  const tunnel = tags.tunnel !== undefined && tags.tunnel !== 'no';
  const look = osmLook(tags, familyOf(e));
  const bucket = look.type === 'poi' ? -1 : PATH_LOOKS.indexOf(look);
  return { look, bucket, tunnel, minX, minY, maxX, maxY, label: objectName(tags), labelWidth: -1 };
}

/** The cached look of a static (untracked) entry. */
export function staticLook(e: LiveEntry): StaticLook {
  let s = cache.get(e);
  if (!s) {
    s = build(e);
    cache.set(e, s);
  }
  return s;
}

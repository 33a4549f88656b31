/**
 * The proximity trigger: pairs of objects (one from the rule's filter, one from `other_filter`, or
 * two from the rule's filter) closer than `distance_m`, or, with `cpa_seconds`, whose closest point
 * of approach comes within `distance_m` in at most that many seconds. A pair fires when it becomes
 * close and is re-armed when it is no longer close (state row `a|b` = 1 while close). Objects that
 * stop matching both filters leave the grid and their pairs open without an alert.
 */
import type { RuleStateRow, StoredRule } from '../../../db/rules-store.js';
import { alertMessage, objectLabel } from './alert-message.js';
import { METRES_PER_DEGREE as GEO_METRES_PER_DEGREE } from './geo.js';
import { approachOf, createObjectGrid, setVelocity, type Approach } from './proximity.js';
import { alertBase, ruleMatcher, type ObjectView, type RuleRuntime, type RuntimeContext } from './rule-runtime.js';
import { createRearm, type RuleStep } from './rule-step.js';

/** Grid flags: selected by the rule's filter (side A) and/or by the other filter (side B). */
const SIDE_A = 1;
const SIDE_B = 2;

/** Read once: under a CommonJS transform (tsx) every read of an imported binding is a getter call. */
const METRES_PER_DEGREE = GEO_METRES_PER_DEGREE;

const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Grid cells are at least this many metres, so a tiny distance does not make a huge grid. */
const MIN_CELL_M = 50;

/** The evaluator of a proximity rule. */
export function createProximityTrigger(rule: StoredRule, ctx: RuntimeContext): RuleRuntime {
  const distance = rule.trigger.distance_m ?? 0;
  const horizon = rule.trigger.cpa_seconds ?? 0;
  const matchA = ruleMatcher(rule.filter, ctx);
  const other = rule.trigger.other_filter;
  const matchB = other === undefined ? undefined : ruleMatcher(other, ctx);
  const rearm = createRearm(rule);
  // Cells as large as the search radius, so a search looks at about 3 x 3 cells; with CPA the radius
  // grows with the fastest speed seen, and the grid is re-filed coarser when it has doubled.
  let cellM = Math.max(MIN_CELL_M, distance);
  // The payload is the object's label, all an alert needs: the decoded object itself dies young.
  const grid = createObjectGrid<string>(cellM);
  // Each object's slot + 1 by its key (ObjectView.key), 0 when not in the grid, and back: every
  // change asks every proximity rule whether it holds the object, and an array read beats hashing ids.
  let slotByKey: Int32Array = new Int32Array(256);
  let keyBySlot: Int32Array = new Int32Array(256);
  /** Close pairs, both ways. */
  const close = new Map<string, Set<string>>();
  /** The fastest speed seen, bounding how far away a converging partner can be. */
  let maxSpeed = 0;
  // The object being evaluated (its slot) and what the visits need, set once per update: no allocation.
  let cur = -1;
  let curStep: RuleStep | undefined;
  let curPartners: Set<string> | undefined;
  let cosLat = 1;
  const seen = new Set<string>();
  const approach: Approach = { distanceM: 0, cpaSeconds: 0, cpaDistanceM: 0 };
  const motion = { vx: 0, vy: 0 };

  function link(a: string, b: string): void {
    const sa = close.get(a);
    if (sa) sa.add(b);
    else close.set(a, new Set([b]));
    const sb = close.get(b);
    if (sb) sb.add(a);
    else close.set(b, new Set([a]));
  }

  function unlink(a: string, b: string, step: RuleStep): void {
    const sa = close.get(a);
    if (sa?.delete(b) && sa.size === 0) close.delete(a);
    const sb = close.get(b);
    if (sb?.delete(a) && sb.size === 0) close.delete(b);
    step.clearState(rule.id, pairKey(a, b));
  }

  // The grid's columns and flags, read once per update (put may grow them) rather than per visit.
  let cLon = grid.columns.lon;
  let cLat = grid.columns.lat;
  let cT = grid.columns.t;
  let cVx = grid.columns.vx;
  let cVy = grid.columns.vy;
  let cFlags = grid.flags;
  /**
   * A cheap flat-earth bound first: farther apart than the distance plus how far the two can close in
   * the horizon (and in the gap between their observations) means not close, without the exact test.
   */
  function mayBeClose(i: number, j: number): boolean {
    let dLon = cLon[j]! - cLon[i]!;
    if (dLon > 180) dLon -= 360;
    else if (dLon < -180) dLon += 360;
    const dx = dLon * cosLat * METRES_PER_DEGREE;
    const dy = (cLat[j]! - cLat[i]!) * METRES_PER_DEGREE;
    const gap = Math.abs(cT[i]! - cT[j]!) / 1000;
    const vxi = cVx[i]!;
    const vyi = cVy[i]!;
    const vxj = cVx[j]!;
    const vyj = cVy[j]!;
    const rvx = vxi - vxj;
    const rvy = vyi - vyj;
    const closing = horizon > 0 ? Math.sqrt(rvx * rvx + rvy * rvy) * horizon : 0;
    const speeds = Math.sqrt(vxi * vxi + vyi * vyi) + Math.sqrt(vxj * vxj + vyj * vyj);
    const bound = (distance + closing + speeds * gap) * 1.02 + 1;
    return dx * dx + dy * dy <= bound * bound;
  }

  /** The exact test, once mayBeClose said yes; leaves its figures in `approach`. */
  function isClose(i: number, j: number): boolean {
    approachOf(grid.columns, i, j, cosLat, approach);
    if (approach.distanceM < distance) return true;
    return horizon > 0 && approach.cpaSeconds > 0 && approach.cpaSeconds <= horizon && approach.cpaDistanceM < distance;
  }

  function fire(i: number, j: number, step: RuleStep): void {
    const ids = grid.ids;
    // The object of the rule's own filter comes first.
    const [first, second] = grid.flags[i]! & SIDE_A && grid.flags[j]! & SIDE_B ? [i, j] : [j, i];
    const at = Math.max(grid.columns.t[i]!, grid.columns.t[j]!);
    if (!rearm.take(pairKey(ids[i]!, ids[j]!), at, step)) return;
    const names = { object: grid.payloads[first]!, other: grid.payloads[second]!, at };
    const now = approach.distanceM < distance;
    const message = now
      ? alertMessage({ kind: 'proximity', ...names, distanceM: approach.distanceM })
      : alertMessage({ kind: 'cpa', ...names, cpaDistanceM: approach.cpaDistanceM, cpaSeconds: approach.cpaSeconds });
    const details: Record<string, number> = { distance_m: Math.round(approach.distanceM) };
    if (!now) {
      details.cpa_seconds = Math.round(approach.cpaSeconds);
      details.cpa_distance_m = Math.round(approach.cpaDistanceM);
    }
    step.raise({
      ...alertBase(rule, [{ id: ids[first]! }, { id: ids[second]! }]),
      observedAt: at,
      position: [grid.columns.lon[first]!, grid.columns.lat[first]!],
      message,
      details,
    });
  }

  function visit(j: number): void {
    const i = cur;
    if (j === i) return;
    if (matchB) {
      const fi = cFlags[i]!;
      const fj = cFlags[j]!;
      if (!((fi & SIDE_A && fj & SIDE_B) || (fi & SIDE_B && fj & SIDE_A))) return;
    }
    if (!(mayBeClose(i, j) && isClose(i, j))) {
      // Not close: only a pair that was close has anything to do (it opens).
      if (curPartners === undefined) return;
      const b = grid.ids[j]!;
      if (!curPartners.has(b)) return;
      unlink(grid.ids[i]!, b, curStep!);
      curPartners = close.get(grid.ids[i]!);
      return;
    }
    const a = grid.ids[i]!;
    const b = grid.ids[j]!;
    seen.add(b);
    if (curPartners !== undefined && curPartners.has(b)) return;
    const step = curStep!;
    link(a, b);
    curPartners = close.get(a);
    step.setState(rule.id, pairKey(a, b), 1);
    fire(i, j, step);
  }

  function remember(key: number, slot: number): void {
    if (key >= slotByKey.length) slotByKey = grown(slotByKey, key);
    if (slot >= keyBySlot.length) keyBySlot = grown(keyBySlot, slot);
    slotByKey[key] = slot + 1;
    keyBySlot[slot] = key;
  }

  function drop(id: string, step: RuleStep): void {
    const set = close.get(id);
    if (set) for (const b of [...set]) unlink(id, b, step);
    const slot = grid.slotOf(id);
    if (slot < 0) return;
    slotByKey[keyBySlot[slot]!] = 0;
    grid.remove(id);
  }

  function grow(speed: number): void {
    maxSpeed = speed;
    const want = distance + 2 * maxSpeed * horizon;
    if (want <= cellM * 2) return;
    cellM = want;
    grid.resize(cellM);
  }

  return {
    rule,
    startFilters: other === undefined ? [rule.filter] : [rule.filter, other],
    load(rows: readonly RuleStateRow[]) {
      for (const row of rows) {
        if (rearm.load(row)) continue;
        const [a, b] = row.key.split('|');
        if (a && b) link(a, b);
      }
    },
    update(v: ObjectView, _inFences, step) {
      const inA = matchA.matches(v.object, step.now);
      const inB = matchB ? matchB.matches(v.object, step.now) : inA;
      const known = v.key >= 0 && v.key < slotByKey.length ? slotByKey[v.key]! - 1 : -1;
      if (!inA && !inB) {
        if (known >= 0) drop(v.id, step);
        return;
      }
      if (known >= 0 && v.t < grid.columns.t[known]!) return;
      setVelocity(motion, v.object.tags.speed, v.object.tags.heading);
      const speed = Math.sqrt(motion.vx * motion.vx + motion.vy * motion.vy);
      const flags = (inA ? SIDE_A : 0) | (inB ? SIDE_B : 0);
      cur = grid.put(v.id, objectLabel(v.object), flags, v.lon, v.lat, v.t, motion.vx, motion.vy);
      ({ lon: cLon, lat: cLat, t: cT, vx: cVx, vy: cVy } = grid.columns);
      cFlags = grid.flags;
      if (known < 0) remember(ctx.keyOf(v), cur);
      if (speed > maxSpeed) grow(speed);
      const radius = distance + (horizon > 0 ? (speed + maxSpeed) * horizon : 0);
      cosLat = Math.max(0.01, Math.cos((v.lat * Math.PI) / 180));
      curStep = step;
      curPartners = close.get(v.id);
      seen.clear();
      grid.forEachNear(v.lon, v.lat, radius, visit);
      // Partners that were close but are now beyond the search radius are no longer close.
      const set = close.get(v.id);
      if (set && set.size > seen.size) {
        for (const b of [...set]) {
          if (seen.has(b)) continue;
          const j = grid.slotOf(b);
          if (j >= 0) visit(j);
          else unlink(v.id, b, step);
        }
      }
      cur = -1;
      curStep = undefined;
      curPartners = undefined;
    },
    remove(id, step) {
      drop(id, step);
    },
    tick() {},
  };
}

/** A copy of `a` long enough for index `index` (doubling). */
function grown(a: Int32Array, index: number): Int32Array {
  let size = a.length * 2;
  while (size <= index) size *= 2;
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

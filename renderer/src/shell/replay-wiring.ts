/**
 * The time bar wired to the window: the stored time range (refreshed now and then), the play clock,
 * the replayed moment fetched into the map's store while the time moves (live events are dropped
 * meanwhile), and trails backfilled from history when the page opens and whenever the time jumps.
 */
import type { Bbox, ObjectFilter } from '../../../electron/contract/domain.js';
import type { ApiClient } from '../api/client.js';
import type { ShellState, ShellStore } from '../app/shell-store.js';
import { nextSubscriptionBbox } from '../map/view-bbox.js';
import { toObjectFilter } from '../state/filter-state.js';
import { createLatestRunner } from '../state/latest-runner.js';
import type { LiveObjects } from '../state/live-objects.js';
import type { LiveSubscription } from '../state/live-subscription.js';

/** The time range is asked for again this often (new data moves its end). */
export const RANGE_REFRESH_MS = 10_000;
/** The play clock advances the moment this often (the slider moves smoothly). */
export const CLOCK_TICK_MS = 100;
/** A replayed moment is fetched at most this often while the time moves. */
export const SNAPSHOT_INTERVAL_MS = 250;
/** Trails are backfilled this long after the last jump (a drag of the slider asks once). */
export const TRAILS_DEBOUNCE_MS = 300;
/** The map asks for at most this many objects at a replayed moment. */
export const SNAPSHOT_LIMIT = 10_000;
/** Trails are backfilled for at most this many objects, with at most this many points each. */
export const TRAILS_LIMIT = 5_000;
export const TRAIL_MAX_POINTS = 500;

export interface ReplayDeps {
  shell: ShellStore;
  client: ApiClient;
  store: LiveObjects;
  sub: LiveSubscription;
  onError(err: unknown): void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Asks for the stored time range now and every RANGE_REFRESH_MS; returns stop(). A failure is
 * not announced (it would repeat every few seconds): the time bar stays as it was, disabled
 * until a range is known.
 */
export function refreshTimeRange({ shell, client }: Pick<ReplayDeps, 'shell' | 'client'>): () => void {
  const load = () =>
    void client
      .call('objects.timeRange', {})
      .then((r) =>
        shell.actions.replay({
          type: 'range',
          from: r.from === null ? null : Date.parse(r.from),
          to: r.to === null ? null : Date.parse(r.to),
        }),
      )
      .catch(() => undefined);
  load();
  const timer = setInterval(load, RANGE_REFRESH_MS);
  return () => clearInterval(timer);
}

/** Advances the moment with real time while playing; returns stop(). */
export function runPlayClock(shell: ShellStore): () => void {
  let timer: ReturnType<typeof setInterval> | null = null;
  let last = 0;
  const check = () => {
    const playing = shell.getState().replay.playing;
    if (playing && !timer) {
      last = performance.now();
      timer = setInterval(() => {
        const t = performance.now();
        shell.actions.replay({ type: 'tick', elapsedMs: t - last });
        last = t;
      }, CLOCK_TICK_MS);
    } else if (!playing && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  check();
  const off = shell.subscribe(check);
  return () => {
    off();
    if (timer) clearInterval(timer);
  };
}

interface Moment {
  at: number;
  jump: number;
  filter: ObjectFilter;
}

/** The filter of the map's query: the applied filter and the bbox the live subscription would use. */
function mapQuery(state: ShellState, bbox: Bbox | null): ObjectFilter {
  return toObjectFilter(state.filter, bbox ?? undefined);
}

/**
 * Shows the replayed moment in the store while not live, and backfills trails (live: after each
 * fresh snapshot; replay: after each jump, a pause, a new filter or view). Returns stop().
 */
export function followReplay(deps: ReplayDeps): () => void {
  const { shell, client, store, sub, onError } = deps;
  let bbox: Bbox | null = null;
  let appliedJump = -1;
  let appliedQuery = '';
  let requested = '';
  let trailsTimer: ReturnType<typeof setTimeout> | null = null;

  const trails = createLatestRunner<{ at: number | null; jump: number; filter: ObjectFilter }>({
    minIntervalMs: SNAPSHOT_INTERVAL_MS,
    async run(req) {
      const res = await client
        .call('objects.trails', {
          filter: req.filter,
          ...(req.at === null ? {} : { at: iso(req.at) }),
          window_s: shell.getState().trailMin * 60,
          limit: TRAILS_LIMIT,
          max_points: TRAIL_MAX_POINTS,
        })
        .catch((err: unknown) => (onError(err), null));
      const now = shell.getState().replay;
      // A backfill for a moment the map no longer shows would draw wrong trails.
      if (res && now.jump === req.jump && now.live === (req.at === null)) store.setTrails(res.items);
    },
  });
  const backfill = () => {
    if (trailsTimer) clearTimeout(trailsTimer);
    trailsTimer = setTimeout(() => {
      trailsTimer = null;
      const state = shell.getState();
      trails.request({
        at: state.replay.live ? null : state.replay.at,
        jump: state.replay.jump,
        filter: mapQuery(state, bbox),
      });
    }, TRAILS_DEBOUNCE_MS);
  };

  const snapshots = createLatestRunner<Moment>({
    minIntervalMs: SNAPSHOT_INTERVAL_MS,
    async run(req) {
      const res = await client
        .call('objects.list', { filter: req.filter, at: iso(req.at), limit: SNAPSHOT_LIMIT })
        .catch((err: unknown) => (onError(err), null));
      const state = shell.getState().replay;
      if (!res || state.live || state.jump !== req.jump) return;
      const query = JSON.stringify(req.filter);
      const continued = req.jump === appliedJump && query === appliedQuery;
      // Playing on extends trails from the moments shown; after a jump they come from history.
      store.replace(res.items, { keepTrails: continued });
      appliedJump = req.jump;
      appliedQuery = query;
      if (!continued) backfill();
    },
  });

  let last: ShellState | null = null;
  const check = () => {
    const state = shell.getState();
    const prev = last;
    last = state;
    if (state.view) bbox = nextSubscriptionBbox(state.view.bbox, bbox) ?? bbox;
    if (prev?.trailMin !== state.trailMin) {
      store.setTrailWindow(state.trailMin * 60_000);
      if (prev) backfill();
    }
    const { replay } = state;
    if ((prev?.replay.live ?? true) !== replay.live) {
      sub.setPaused(!replay.live).catch(onError);
      if (replay.live) {
        snapshots.stop();
        appliedJump = -1;
        requested = '';
      }
    }
    if (replay.live) return;
    if (prev && prev.replay.playing && !replay.playing && replay.jump === prev.replay.jump) backfill();
    const filter = mapQuery(state, bbox);
    const key = `${replay.at}|${replay.jump}|${JSON.stringify(filter)}`;
    if (key === requested) return;
    requested = key;
    snapshots.request({ at: replay.at, jump: replay.jump, filter });
  };
  check();
  const offShell = shell.subscribe(check);
  // Live: each fresh snapshot (page open, back to live, new filter or view) gets its trails.
  const offStore = store.subscribe((change) => {
    if (change.reset && shell.getState().replay.live) backfill();
  });
  return () => {
    offShell();
    offStore();
    snapshots.stop();
    trails.stop();
    if (trailsTimer) clearTimeout(trailsTimer);
  };
}

/**
 * The time bar's state machine: live (the default) or a replayed moment, playing or paused, at a
 * speed, within the stored time range. Pure: the caller feeds it elapsed real time and the range.
 */

/** Replay speeds offered by the time bar (data seconds per real second). */
export const SPEEDS = [1, 2, 5, 10, 20, 60, 100] as const;
export type Speed = (typeof SPEEDS)[number];

/** Pressing play while live starts this far back from the newest stored moment. */
export const PLAY_FROM_LIVE_MS = 3_600_000;

export interface ReplayState {
  /** Live: the map shows today's objects as they change; else it shows the moment `at`. */
  live: boolean;
  /** The moment shown (epoch ms); while live, the newest stored moment (the slider's right end). */
  at: number;
  playing: boolean;
  speed: Speed;
  /** The stored time range (epoch ms), null before it is known or when nothing is stored. */
  from: number | null;
  to: number | null;
  /**
   * Counts discontinuities (seek, step, speed-independent jumps, entering or leaving live). Playing
   * moves `at` without changing it, so views can extend trails while playing and refetch after a jump.
   */
  jump: number;
}

export type ReplayAction =
  | { type: 'range'; from: number | null; to: number | null }
  | { type: 'seek'; at: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'togglePlay' }
  | { type: 'tick'; elapsedMs: number }
  | { type: 'step'; dir: 1 | -1 }
  | { type: 'speed'; speed: Speed }
  | { type: 'live' };

export const INITIAL_REPLAY: ReplayState = {
  live: true,
  at: 0,
  playing: false,
  speed: 10,
  from: null,
  to: null,
  jump: 0,
};

/** One step of the step buttons and the slider's arrow keys: one second of real time at the speed. */
export function stepMs(speed: Speed): number {
  return 1000 * speed;
}

/** The next speed up or down the list (stays at the ends). */
export function nextSpeed(speed: Speed, dir: 1 | -1): Speed {
  const i = SPEEDS.indexOf(speed);
  return SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, i + dir))]!;
}

function clamp(state: ReplayState, at: number): number {
  let t = at;
  if (state.to !== null) t = Math.min(t, state.to);
  if (state.from !== null) t = Math.max(t, state.from);
  return t;
}

/** Leaves live (or jumps) to `at`, clamped to the range. */
function jumpTo(state: ReplayState, at: number, playing: boolean): ReplayState {
  return { ...state, live: false, at: clamp(state, at), playing, jump: state.jump + 1 };
}

function play(state: ReplayState): ReplayState {
  if (state.to === null) return state;
  if (state.live) return jumpTo(state, state.to - PLAY_FROM_LIVE_MS, true);
  // Playing from the very end would return to live at once: start an hour back instead.
  if (state.at >= state.to) return jumpTo(state, state.to - PLAY_FROM_LIVE_MS, true);
  return { ...state, playing: true };
}

/** Applies one action; returns the same object when nothing changes. */
export function replayReducer(state: ReplayState, action: ReplayAction): ReplayState {
  switch (action.type) {
    case 'range': {
      if (action.from === state.from && action.to === state.to) return state;
      const next = { ...state, from: action.from, to: action.to };
      return state.live ? { ...next, at: action.to ?? 0 } : { ...next, at: clamp(next, state.at) };
    }
    case 'seek':
      if (state.to === null) return state;
      return jumpTo(state, action.at, false);
    case 'play':
      return play(state);
    case 'pause':
      return state.playing ? { ...state, playing: false } : state;
    case 'togglePlay':
      return state.playing ? { ...state, playing: false } : play(state);
    case 'tick': {
      if (!state.playing || state.to === null) return state;
      const at = state.at + action.elapsedMs * state.speed;
      // Reaching the newest stored moment is reaching now: the replay hands over to live.
      if (at >= state.to) return { ...state, live: true, at: state.to, playing: false, jump: state.jump + 1 };
      return { ...state, at };
    }
    case 'step': {
      if (state.to === null) return state;
      return jumpTo(state, state.at + action.dir * stepMs(state.speed), false);
    }
    case 'speed':
      return action.speed === state.speed ? state : { ...state, speed: action.speed };
    case 'live':
      if (state.live) return state;
      return { ...state, live: true, playing: false, at: state.to ?? state.at, jump: state.jump + 1 };
  }
}

/** The moment views show: null while live (now), else the replayed moment. */
export function replayMoment(state: ReplayState): number | null {
  return state.live ? null : state.at;
}

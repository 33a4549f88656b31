/**
 * The time bar along the bottom of the map: Live, step back, play/pause, step forward, speed, the
 * "Time" slider over the stored range and the chosen moment as local time. Keys on the slider:
 * ←/→ one step (1 s × speed), PageUp/PageDown ten steps, Home/End the range's ends, Space play/pause.
 */
import type { KeyboardEvent } from 'react';
import { useShell, useShellActions } from '../../app/shell-context.js';
import { formatTime } from '../../app/format.js';
import { useNow } from '../../app/use-now.js';
import { SPEEDS, stepMs, type ReplayAction, type ReplayState, type Speed } from '../../state/replay-clock.js';

/** The buttons' symbols as inline SVG (the fonts of some systems lack the media-control glyphs). */
const ICONS = {
  play: 'M4 2 L13 8 L4 14 Z',
  pause: 'M3 2 H7 V14 H3 Z M9 2 H13 V14 H9 Z',
  back: 'M2 2 H4 V14 H2 Z M14 2 L5 8 L14 14 Z',
  forward: 'M12 2 H14 V14 H12 Z M2 2 L11 8 L2 14 Z',
};

function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path d={d} fill="currentColor" />
    </svg>
  );
}

/** What a key on the slider does, or null for keys it leaves alone. */
export function sliderKeyAction(key: string, state: ReplayState): ReplayAction | null {
  const big = 10 * stepMs(state.speed);
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return { type: 'step', dir: -1 };
    case 'ArrowRight':
    case 'ArrowUp':
      return { type: 'step', dir: 1 };
    case 'PageDown':
      return { type: 'seek', at: state.at - big };
    case 'PageUp':
      return { type: 'seek', at: state.at + big };
    case 'Home':
      return state.from === null ? null : { type: 'seek', at: state.from };
    case 'End':
      return state.to === null ? null : { type: 'seek', at: state.to };
    case ' ':
      return { type: 'togglePlay' };
    default:
      return null;
  }
}

/** The bar; every view follows the moment it sets (see shell/replay-wiring.ts). */
export function TimeBar() {
  const replay = useShell((s) => s.replay);
  const { replay: dispatch } = useShellActions();
  const now = useNow(1000);
  const hasRange = replay.from !== null && replay.to !== null;
  const moment = replay.live ? now : replay.at;
  const momentText = formatTime(new Date(moment).toISOString());
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const action = sliderKeyAction(e.key, replay);
    if (!action) return;
    e.preventDefault();
    dispatch(action);
  };
  return (
    <div
      className={`time-bar${replay.live ? '' : ' replaying'}`}
      role="group"
      aria-label="Time bar"
      data-testid="time-bar"
    >
      <button
        type="button"
        className={replay.live ? 'active' : undefined}
        aria-pressed={replay.live}
        onClick={() => dispatch({ type: 'live' })}
        title="Show today's objects as they change"
      >
        Live
      </button>
      <button
        type="button"
        disabled={!hasRange}
        onClick={() => dispatch({ type: 'step', dir: -1 })}
        aria-label="Step back"
        title={`Step back ${stepMs(replay.speed) / 1000} s`}
      >
        <Icon d={ICONS.back} />
      </button>
      <button
        type="button"
        disabled={!hasRange}
        onClick={() => dispatch({ type: 'togglePlay' })}
        aria-label={replay.playing ? 'Pause' : 'Play'}
        title={replay.playing ? 'Pause' : `Play at ${replay.speed}x`}
      >
        <Icon d={replay.playing ? ICONS.pause : ICONS.play} />
      </button>
      <button
        type="button"
        disabled={!hasRange}
        onClick={() => dispatch({ type: 'step', dir: 1 })}
        aria-label="Step forward"
        title={`Step forward ${stepMs(replay.speed) / 1000} s`}
      >
        <Icon d={ICONS.forward} />
      </button>
      <select
        aria-label="Speed"
        value={replay.speed}
        onChange={(e) => dispatch({ type: 'speed', speed: Number(e.target.value) as Speed })}
      >
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}x
          </option>
        ))}
      </select>
      <input
        type="range"
        className="time-slider"
        aria-label="Time"
        aria-valuetext={replay.live ? `Live, ${momentText}` : momentText}
        disabled={!hasRange}
        min={replay.from ?? 0}
        max={replay.to ?? 0}
        step={1000}
        value={replay.at}
        onChange={(e) => dispatch({ type: 'seek', at: Number(e.target.value) })}
        onKeyDown={onKeyDown}
      />
      <span className="time-moment" data-testid="replay-moment" title={replay.live ? 'Live' : 'Replaying this moment'}>
        {replay.live ? 'Live · ' : ''}
        {momentText}
      </span>
    </div>
  );
}

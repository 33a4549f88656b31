import { describe, expect, it } from 'vitest';
import { INITIAL_REPLAY, type ReplayState } from '../../state/replay-clock.js';
import { sliderKeyAction } from './time-bar.js';

const state: ReplayState = { ...INITIAL_REPLAY, live: false, at: 50_000, from: 0, to: 100_000, speed: 2 };

describe('sliderKeyAction', () => {
  it('steps with the arrows, ten steps with PageUp/PageDown, to the ends with Home/End', () => {
    expect(sliderKeyAction('ArrowLeft', state)).toEqual({ type: 'step', dir: -1 });
    expect(sliderKeyAction('ArrowUp', state)).toEqual({ type: 'step', dir: 1 });
    expect(sliderKeyAction('PageDown', state)).toEqual({ type: 'seek', at: 30_000 });
    expect(sliderKeyAction('PageUp', state)).toEqual({ type: 'seek', at: 70_000 });
    expect(sliderKeyAction('Home', state)).toEqual({ type: 'seek', at: 0 });
    expect(sliderKeyAction('End', state)).toEqual({ type: 'seek', at: 100_000 });
  });
  it('plays or pauses with Space and leaves other keys to the page', () => {
    expect(sliderKeyAction(' ', state)).toEqual({ type: 'togglePlay' });
    expect(sliderKeyAction('z', state)).toBeNull();
    expect(sliderKeyAction('Home', { ...state, from: null })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  INITIAL_REPLAY,
  nextSpeed,
  PLAY_FROM_LIVE_MS,
  replayMoment,
  replayReducer,
  stepMs,
  type ReplayAction,
  type ReplayState,
} from './replay-clock.js';

const FROM = Date.parse('2026-03-10T08:00:00Z');
const TO = Date.parse('2026-03-10T12:00:00Z');

function run(...actions: ReplayAction[]): ReplayState {
  return actions.reduce(replayReducer, replayReducer(INITIAL_REPLAY, { type: 'range', from: FROM, to: TO }));
}

describe('replayReducer', () => {
  it('starts live at the end of the range, which follows the range while live', () => {
    const s = run();
    expect(s).toMatchObject({ live: true, at: TO, playing: false });
    expect(replayMoment(s)).toBeNull();
    expect(replayReducer(s, { type: 'range', from: FROM, to: TO + 5000 }).at).toBe(TO + 5000);
  });

  it('leaves live on seek, clamped to the range, and counts the jump', () => {
    const s = run({ type: 'seek', at: FROM - 99_000 });
    expect(s).toMatchObject({ live: false, at: FROM, playing: false, jump: 1 });
    expect(replayMoment(s)).toBe(FROM);
    expect(run({ type: 'seek', at: TO + 1 }).at).toBe(TO);
  });

  it('ignores seek, play and step while no range is known', () => {
    for (const a of [{ type: 'seek', at: 5 }, { type: 'play' }, { type: 'step', dir: 1 }] as ReplayAction[])
      expect(replayReducer(INITIAL_REPLAY, a)).toBe(INITIAL_REPLAY);
  });

  it('plays from live one hour back, and advances by elapsed time × speed without a jump', () => {
    const playing = run({ type: 'speed', speed: 60 }, { type: 'play' });
    expect(playing).toMatchObject({ live: false, playing: true, at: TO - PLAY_FROM_LIVE_MS });
    const ticked = replayReducer(playing, { type: 'tick', elapsedMs: 1500 });
    expect(ticked.at).toBe(TO - PLAY_FROM_LIVE_MS + 90_000);
    expect(ticked.jump).toBe(playing.jump);
  });

  it('hands over to live when playing reaches the end of the range', () => {
    const s = run({ type: 'seek', at: TO - 10_000 }, { type: 'speed', speed: 20 }, { type: 'play' });
    const end = replayReducer(s, { type: 'tick', elapsedMs: 600 });
    expect(end).toMatchObject({ live: true, playing: false, at: TO, jump: s.jump + 1 });
  });

  it('pauses on seek and step, steps one second × speed, and stays paused at a tick', () => {
    const s = run({ type: 'seek', at: FROM + 600_000 }, { type: 'play' }, { type: 'speed', speed: 5 });
    expect(s.playing).toBe(true);
    const back = replayReducer(s, { type: 'step', dir: -1 });
    expect(back).toMatchObject({ at: FROM + 600_000 - 5000, playing: false, jump: s.jump + 1 });
    expect(replayReducer(back, { type: 'tick', elapsedMs: 1000 })).toBe(back);
  });

  it('steps back from live to one step before the end', () => {
    expect(run({ type: 'step', dir: -1 })).toMatchObject({ live: false, at: TO - stepMs(10) });
  });

  it('toggles play and pause; Live stops playing and returns to the end', () => {
    const s = run({ type: 'seek', at: FROM }, { type: 'togglePlay' });
    expect(s.playing).toBe(true);
    expect(replayReducer(s, { type: 'togglePlay' }).playing).toBe(false);
    expect(replayReducer(s, { type: 'live' })).toMatchObject({ live: true, playing: false, at: TO, jump: s.jump + 1 });
  });

  it('keeps a replayed moment inside a range that shrinks', () => {
    const s = run({ type: 'seek', at: FROM + 1000 });
    expect(replayReducer(s, { type: 'range', from: FROM + 60_000, to: TO }).at).toBe(FROM + 60_000);
  });
});

describe('speed and step arithmetic', () => {
  it('steps one second of real time at the speed', () => {
    expect(stepMs(1)).toBe(1000);
    expect(stepMs(60)).toBe(60_000);
    expect(stepMs(100)).toBe(100_000);
  });
  it('moves through the offered speeds and stops at the ends', () => {
    expect(nextSpeed(10, 1)).toBe(20);
    expect(nextSpeed(20, 1)).toBe(60);
    expect(nextSpeed(100, 1)).toBe(100);
    expect(nextSpeed(1, -1)).toBe(1);
  });
});

// The moment views other than the map show: null while live, else the replayed moment; while
// playing it moves about once a real second, so lists and panels refetch at a calm pace.
import { stepMs } from '../state/replay-clock.js';
import { useShell } from './shell-context.js';

/** null while live; the replayed moment (epoch ms) otherwise, coarsened to 1 s of real time while playing. */
export function useMoment(): number | null {
  return useShell(({ replay }) => {
    if (replay.live) return null;
    if (!replay.playing) return replay.at;
    const step = stepMs(replay.speed);
    return Math.floor(replay.at / step) * step;
  });
}

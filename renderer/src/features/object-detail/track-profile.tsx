/**
 * The selected object's speed and altitude over time as a small SVG chart, with the replayed
 * moment marked. No chart library: profile-scale.ts does the arithmetic.
 */
import type { Track } from '../../../../electron/contract/domain.js';
import { formatAltitude, formatSpeed, type Units } from '../../app/units.js';
import { profileOf } from './profile-scale.js';
import { shortTime } from './tag-change-text.js';

const W = 300;
const H = 70;
/** Space above and below the lines, so a constant speed does not sit on the frame. */
const PAD = 5;

/** The chart, or a sentence when the track has nothing to draw. */
export function TrackProfile({ track, moment, units }: { track: Track; moment: number | null; units: Units }) {
  const p = profileOf(track, W, H - 2 * PAD);
  if (!p || (!p.speed.d && !p.altitude.d)) return <p className="muted">No speed or altitude in this window.</p>;
  const end = p.t1;
  const mark =
    moment !== null && p.t1 > p.t0 && moment >= p.t0 && moment <= p.t1 ? ((moment - p.t0) / (p.t1 - p.t0)) * W : null;
  return (
    <figure className="track-profile" data-testid="track-profile">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        width="100%"
        height={H}
        role="img"
        aria-label="Speed and altitude over time"
      >
        <rect x={0} y={0} width={W} height={H} className="profile-frame" />
        <g transform={`translate(0 ${PAD})`}>
          {p.altitude.d && <path d={p.altitude.d} className="profile-altitude" />}
          {p.speed.d && <path d={p.speed.d} className="profile-speed" />}
        </g>
        {mark !== null && <line x1={mark} x2={mark} y1={0} y2={H} className="profile-moment" />}
      </svg>
      <figcaption>
        <span>{shortTime(p.t0, end)}</span>
        {p.speed.d && (
          <span className="profile-speed-key" data-testid="profile-speed">
            speed ≤ {formatSpeed(p.speed.max, units.speed)}
          </span>
        )}
        {p.altitude.d && (
          <span className="profile-altitude-key" data-testid="profile-altitude">
            altitude {formatAltitude(p.altitude.min, units.altitude)} – {formatAltitude(p.altitude.max, units.altitude)}
          </span>
        )}
        <span>{shortTime(p.t1, end)}</span>
      </figcaption>
    </figure>
  );
}

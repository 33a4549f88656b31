// Which objects go stale: the one rule of electron/contract/staleness.ts (an own expiry such as
// CoT's stale time, else tracked objects past the window), on entries that carry its parts.
export {
  isStaleAt as isStale,
  isTracked,
  ownStale,
  staleClock,
  type StaleClock,
} from '../../../electron/contract/staleness.js';

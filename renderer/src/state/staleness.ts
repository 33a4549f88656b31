// Which objects go stale: the one rule of electron/contract/staleness.ts (an own expiry such as
// CoT's stale time, else tracked objects past their kind's threshold), on entries that carry its parts.
export {
  DEFAULT_STALE_AFTER_S,
  isStaleAt as isStale,
  isTracked,
  ownStale,
  staleClock,
  staleClockByKind,
  staleKindOf,
  STALE_KINDS,
  type StaleClock,
  type StaleKind,
  type StaleThresholds,
} from '../../../electron/contract/staleness.js';

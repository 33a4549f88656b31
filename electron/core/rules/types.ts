/**
 * The rule engine's interface (issue 15): rules evaluated on the live bus after commit, never on the
 * path that acknowledges publishers; alerts stored, then announced.
 */
import type { Alert } from '../../contract/methods/rules.js';
import type { Logger } from '../../contract/logger.js';
import type { StaleThresholds } from '../../contract/staleness.js';
import type { Store } from '../../../db/store.js';
import type { Ingest } from '../ingest/types.js';

export interface RuleEngineOptions {
  store: Pick<Store, 'rules' | 'iterateObjects' | 'listObjects' | 'findObject'>;
  ingest: Pick<Ingest, 'onCommitted'>;
  log: Logger;
  /** The app's stale thresholds per kind now, for filters that say `stale` (see staleThresholdsChanged). */
  staleAfter: () => StaleThresholds;
  /** The clock (tests pass a controllable one). */
  now?: () => number;
  /** Time-based checks run every this many ms (default 1000; 0: only when tick() is called). */
  tickMs?: number;
  /**
   * Where rules are evaluated: on their own worker thread (default), so evaluation never takes the
   * thread that serves the hub and IPC, or in-process ('main'). Reads and writes stay on this thread.
   */
  thread?: 'worker' | 'main';
  /** Override the rules worker's entry (a file path or file URL); default: beside this code or bundle. */
  workerEntry?: string | URL;
}

export interface RuleEngineStats {
  /** Enabled rules being evaluated. */
  rules: number;
  geofences: number;
  /** Committed changes waiting to be evaluated. */
  queued: number;
  /** Changes evaluated since start. */
  evaluated: number;
  /** Alerts raised since start. */
  alerts: number;
}

/** Built by `createRuleEngine(options)` in ./engine.ts. */
export interface RuleEngine {
  /** Loads geofences, rules and their saved state, then listens to committed batches and starts the timer. */
  start(): Promise<void>;
  /**
   * Rules or geofences changed in the store: reloads them. A rule named in `restart` (created, or its
   * filter, trigger or geofence changed) starts afresh: its state is cleared and seeded from the
   * objects as they are now, without firing.
   */
  reload(restart?: { ruleIds?: string[]; geofenceIds?: string[] }): Promise<void>;
  /** The stale thresholds changed: rule filters that say `stale` use the new ones from the next change on. */
  staleThresholdsChanged(): Promise<void>;
  /** Listens to alerts after they were stored; returns the function that removes the listener. */
  onAlert(listener: (alert: Alert) => void): () => void;
  /** Runs the time-based checks (lost contact, dwell) now; the timer calls it every `tickMs`. */
  tick(): Promise<void>;
  /** Resolves when every batch committed so far has been evaluated and its alerts stored. */
  idle(): Promise<void>;
  stats(): RuleEngineStats;
  /** Stops listening and the timer, after writing what was evaluated. */
  close(): Promise<void>;
}

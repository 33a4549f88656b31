/**
 * One source as the runtime tracks it: its running connector (if any), its state, last error,
 * message rate and counts (from the ingest counters), and the context handed to its connector.
 */
import type { DataSource, SourceStatus } from '../../contract/domain.js';
import type { Logger } from '../../contract/logger.js';
import type { Ingest } from '../ingest/types.js';
import type { ConnectorContext, ConnectorFactory, StateChange, StopConnector } from './connector-context.js';

type State = SourceStatus['state'];

export interface SourceEntryDeps {
  source: DataSource;
  ingest: Pick<Ingest, 'submit' | 'isSaturated' | 'whenDrained' | 'counters'>;
  log: Logger;
  now: () => number;
  emit: (status: SourceStatus) => void;
}

export interface SourceEntry {
  source: DataSource;
  /** Type and connection info the running connector was started with. */
  key: string;
  run(factory: ConnectorFactory<unknown>, info: unknown): void;
  stopConnector(): Promise<void>;
  markStopped(): void;
  markIdle(): void;
  markFailed(error: string): void;
  /** Another instance runs this connector (team database): `standby`. */
  markStandby(): void;
  /** Who holds the connector's lease on a team database (shown in the status). */
  setOwner(owner: string, isMine: boolean): void;
  /** Recomputes counts and rate; pushes the status when it changed. */
  refresh(): void;
  /** Counts a publisher connection the hub refused for a quota (pushed with the next refresh). */
  noteRefusedConnection(): void;
  /** Sets how many publishers are connected to the hub for this source (pushed at once). */
  setPublishers(count: number): void;
  status(): SourceStatus;
}

/** Rate window: received counts over the last few seconds. */
const RATE_WINDOW_MS = 5000;

/** Creates the runtime's record of one source. */
export function createSourceEntry(deps: SourceEntryDeps): SourceEntry {
  const { ingest, log, now } = deps;
  let state: State = 'stopped';
  let lastError: string | null = null;
  // A recovered connection clears its own error, not one about bad data it delivered.
  let lastErrorIsData = false;
  let nextRetryAt: number | null = null;
  let localRejected = 0;
  let localLastMessageAt: number | null = null;
  let refusedConnections = 0;
  let publishers = 0;
  let listenAddress: string | null = null;
  let pollIntervalMs: number | null = null;
  let lastAnswerAt: number | null = null;
  let owner: { name: string; isMine: boolean } | undefined;
  let answerSummary: string | null = null;
  let generation = 0;
  let stopFn: StopConnector | undefined;
  let abort: AbortController | undefined;
  let lastEmitted = '';
  const samples: { t: number; received: number }[] = [];

  const counters = () => {
    try {
      return ingest.counters(entry.source.id);
    } catch {
      return { received: 0, stored: 0, rejected: 0, lastError: null, lastMessageAt: null };
    }
  };

  /** Adds a sample (on ticks) and drops the ones older than the window. */
  const sampleRate = (received: number): void => {
    const t = now();
    samples.push({ t, received });
    while (samples.length > 2 && (samples[0]?.t ?? t) < t - RATE_WINDOW_MS) samples.shift();
  };

  /** Received objects per second over the sampled window. */
  const currentRate = (): number => {
    const first = samples[0];
    const last = samples.at(-1);
    if (!first || !last || last.t === first.t) return 0;
    return Math.round(((last.received - first.received) * 10_000) / (last.t - first.t)) / 10;
  };

  const compute = (sample: boolean): SourceStatus => {
    const c = counters();
    const received = c.received + localRejected;
    if (sample) sampleRate(received);
    const lastAt = Math.max(c.lastMessageAt ?? 0, localLastMessageAt ?? 0);
    return {
      source_id: entry.source.id,
      state,
      last_message_at: lastAt > 0 ? new Date(lastAt).toISOString() : null,
      received,
      stored: c.stored,
      rejected: c.rejected + localRejected,
      rate_per_s: currentRate(),
      last_error: lastError ?? c.lastError,
      next_retry_at: nextRetryAt === null ? null : new Date(nextRetryAt).toISOString(),
      refused_connections: refusedConnections,
      publishers,
      listen_address: listenAddress,
      poll_interval_s: pollIntervalMs === null ? null : pollIntervalMs / 1000,
      last_answer_at: lastAnswerAt === null ? null : new Date(lastAnswerAt).toISOString(),
      ...(answerSummary === null ? {} : { answer_summary: answerSummary }),
      ...(owner ? { owner: owner.name, owner_is_me: owner.isMine } : {}),
    };
  };

  const push = (sample: boolean): void => {
    const status = compute(sample);
    const text = JSON.stringify(status);
    if (text === lastEmitted) return;
    lastEmitted = text;
    deps.emit(status);
  };

  const setState = (next: State, change: Partial<StateChange> = {}): void => {
    state = next;
    if (change.error === null && !lastErrorIsData) lastError = null;
    if (typeof change.error === 'string') {
      lastError = change.error;
      lastErrorIsData = false;
    }
    if (change.nextRetryAt !== undefined) nextRetryAt = change.nextRetryAt;
    else if (next !== 'backoff' && next !== 'error') nextRetryAt = null;
    // An address only means something while bound; a poller keeps its interval and last answer.
    listenAddress = next === 'listening' ? (change.address ?? listenAddress) : null;
    if (change.pollIntervalMs !== undefined) pollIntervalMs = change.pollIntervalMs;
    if (change.answered === true) lastAnswerAt = now();
    if (change.answerSummary !== undefined) answerSummary = change.answerSummary;
    push(false);
  };

  /** ConnectorContext.memory: one remembered value per source entry, under its key. */
  let memory: { key: string; value: unknown } | undefined;

  const makeContext = (info: unknown, gen: number, signal: AbortSignal): ConnectorContext<unknown> => {
    const current = () => gen === generation;
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    return {
      sourceId: entry.source.id,
      info,
      log,
      now,
      setState(change) {
        if (current()) setState(change.state, change);
      },
      reportRejected(count, error) {
        if (!current()) return;
        localRejected += count;
        lastError = error;
        lastErrorIsData = true;
        localLastMessageAt = now();
      },
      noteMessage() {
        if (current()) localLastMessageAt = now();
      },
      async submit(ops) {
        if (!current()) return false;
        if (ops.length === 0) return true;
        try {
          await ingest.submit(ops, { sourceId: entry.source.id, channel: 'connector' });
          return current();
        } catch (err) {
          if (!current()) return false;
          lastError = err instanceof Error ? err.message : String(err);
          lastErrorIsData = true;
          return false;
        }
      },
      isSaturated: () => ingest.isSaturated(),
      whenDrained: () => Promise.race([ingest.whenDrained(), aborted]),
      memory<T>(key: string, make: () => T): T {
        if (memory?.key !== key) memory = { key, value: make() };
        return memory.value as T;
      },
    };
  };

  const entry: SourceEntry = {
    source: deps.source,
    key: '',
    run(factory, info) {
      generation += 1;
      abort = new AbortController();
      lastError = null;
      pollIntervalMs = null;
      lastAnswerAt = null;
      answerSummary = null;
      setState('connecting', { nextRetryAt: null });
      stopFn = factory.start(makeContext(info, generation, abort.signal));
    },
    async stopConnector() {
      const stop = stopFn;
      stopFn = undefined;
      generation += 1;
      abort?.abort();
      abort = undefined;
      if (stop) {
        try {
          await stop();
        } catch (err) {
          log.warn('connector stop failed', { sourceId: entry.source.id, error: String(err) });
        }
      }
    },
    markStopped() {
      samples.length = 0;
      setState('stopped', { nextRetryAt: null });
    },
    markIdle() {
      lastError = null;
      setState('idle', { nextRetryAt: null });
    },
    markFailed(error) {
      setState('error', { error, nextRetryAt: null });
    },
    markStandby() {
      lastError = null;
      setState('standby', { nextRetryAt: null });
    },
    setOwner(name, isMine) {
      owner = { name, isMine };
      push(false);
    },
    refresh: () => push(true),
    noteRefusedConnection() {
      refusedConnections += 1;
    },
    setPublishers(count) {
      if (count === publishers) return;
      publishers = count;
      push(false);
    },
    status: () => compute(false),
  };
  return entry;
}

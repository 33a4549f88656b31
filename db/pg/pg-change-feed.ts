/**
 * Follows the team change log (db/pg/pg-change-log.ts): a dedicated `pg` client LISTENs for the
 * sequence numbers other instances NOTIFY; on each, after every (re)connect and on a slow poll, the
 * rows after the last sequence read are fetched in order. A NOTIFY is only a hint: a missed one (a
 * dropped connection, a restarted server) costs at most one poll interval, never a change.
 */
import pg from 'pg';
import type { StoreLog } from '../sqlite/sqlite-store.js';
import type { ChangeFeed, ChangeFeedStatus, IngestOpResult, TeamBatch } from '../store.js';
import { CHANGE_CHANNEL } from './pg-change-log.js';
import { pruneChangeLog, readHorizon, readTeamSnapshot } from './pg-team-snapshot.js';

export interface ChangeFeedOptions {
  /** The database URL (for the dedicated LISTEN client). */
  url: string;
  /** The store's pool, for reads and pruning. */
  pool: pg.Pool;
  instanceId: string;
  log?: StoreLog;
  /** Safety-net read interval when no NOTIFY arrives (default 500 ms, so a lost NOTIFY still arrives within the 1 s the team expects). */
  pollMs?: number;
  /** Reconnect delays of the LISTEN client: first and largest (defaults 250 ms and 10 s). */
  retryMinMs?: number;
  retryMaxMs?: number;
}

/** Rows read per query while catching up. */
const PAGE = 200;

interface LogRow {
  seq: string;
  instance_id: string;
  changes: IngestOpResult[];
}

const toBatch = (r: LogRow): TeamBatch => ({ seq: Number(r.seq), instanceId: r.instance_id, results: r.changes });

/** The feed plus `stopAll()`, which the store's close() calls so no LISTEN client outlives it. */
export type PgChangeFeed = ChangeFeed & { stopAll(): void };

/** Builds the feed; nothing connects until `follow()`. */
export function createPgChangeFeed(options: ChangeFeedOptions): PgChangeFeed {
  const { pool, instanceId, log } = options;
  const pollMs = options.pollMs ?? 500;
  const retryMinMs = options.retryMinMs ?? 250;
  const retryMaxMs = options.retryMaxMs ?? 10_000;
  let lastSeq = 0;
  let listening = false;
  const followers = new Set<() => void>();

  async function changesAfter(seq: number, limit = PAGE): Promise<TeamBatch[]> {
    const res = await pool.query<LogRow>(
      'SELECT seq::text AS seq, instance_id, changes FROM change_log WHERE change_log.seq > $1 ORDER BY change_log.seq LIMIT $2',
      [seq, limit],
    );
    return res.rows.map(toBatch);
  }

  function follow(listener: (batch: TeamBatch) => void): () => void {
    let stopped = false;
    let client: pg.Client | undefined;
    let retryMs = retryMinMs;
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
    let reading: Promise<void> | undefined;
    let again = false;
    let started = false;
    let readFailing = false;

    /** Reads everything after lastSeq, one read at a time (a hint while reading asks for one more round). */
    const read = (): void => {
      // Before the log's end is known a read would replay it from the start.
      if (stopped || !started) return;
      if (reading) {
        again = true;
        return;
      }
      reading = (async () => {
        do {
          again = false;
          let page: TeamBatch[];
          do {
            page = await changesAfter(lastSeq);
            for (const batch of page) {
              if (stopped) return;
              lastSeq = batch.seq;
              if (batch.instanceId !== instanceId && batch.results.length > 0) listener(batch);
            }
          } while (page.length === PAGE && !stopped);
        } while (again && !stopped);
      })()
        .then(() => {
          if (readFailing) log?.info('The team change log is read again.');
          readFailing = false;
        })
        .catch((err: unknown) => {
          // Said once per outage, not at every poll.
          if (!readFailing) log?.warn('The team change log could not be read; retrying.', { error: String(err) });
          readFailing = true;
        })
        .finally(() => {
          reading = undefined;
        });
    };

    const scheduleReconnect = (): void => {
      if (stopped || reconnectTimer) return;
      const delay = retryMs;
      retryMs = Math.min(retryMaxMs, retryMs * 2);
      reconnectTimer = setTimeout(() => {
        reconnectTimer = undefined;
        void connect();
      }, delay);
      reconnectTimer.unref();
    };

    const dropClient = (): void => {
      const c = client;
      client = undefined;
      if (listening) log?.warn('The team change log connection was lost; reconnecting.');
      listening = false;
      c?.removeAllListeners();
      // Its 'error' after this must not be unhandled.
      c?.on('error', () => undefined);
      c?.end().catch(() => undefined);
      scheduleReconnect();
    };

    async function connect(): Promise<void> {
      if (stopped) return;
      const c = new pg.Client({ connectionString: options.url });
      client = c;
      c.on('error', dropClient);
      c.on('end', () => {
        if (client === c) dropClient();
      });
      c.on('notification', (n) => {
        if (n.channel === CHANGE_CHANNEL) read();
      });
      try {
        await c.connect();
        await c.query(`LISTEN ${CHANGE_CHANNEL}`);
      } catch (err) {
        if (client === c) {
          log?.warn('The team change log cannot be followed now; retrying.', { error: String(err) });
          dropClient();
        }
        return;
      }
      if (stopped) {
        await c.end().catch(() => undefined);
        return;
      }
      listening = true;
      retryMs = retryMinMs;
      // Whatever was committed while not listening.
      read();
    }

    const poll = setInterval(read, pollMs);
    poll.unref();
    // Start at the log's end now: the live bus never replays history.
    void (async () => {
      while (!stopped && !started) {
        try {
          const res = await pool.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM change_log');
          lastSeq = Math.max(lastSeq, Number(res.rows[0]?.seq ?? 0));
          started = true;
        } catch (err) {
          log?.warn('The team change log end cannot be read; retrying.', { error: String(err) });
          await new Promise((r) => setTimeout(r, retryMs).unref());
        }
      }
      await connect();
    })();

    const stop = (): void => {
      followers.delete(stop);
      stopped = true;
      clearInterval(poll);
      clearTimeout(reconnectTimer);
      const c = client;
      client = undefined;
      listening = false;
      c?.removeAllListeners();
      c?.on('error', () => undefined);
      void c?.end().catch(() => undefined);
    };
    followers.add(stop);
    return stop;
  }

  return {
    instanceId,
    follow,
    status: (): ChangeFeedStatus => ({ listening, lastSeq }),
    changesAfter,
    stopAll: () => [...followers].forEach((stop) => stop()),
    prune: (before) => pruneChangeLog(pool, before),
    horizon: () => readHorizon(pool),
    snapshot: (onPage, pageSize) => readTeamSnapshot(pool, onPage, pageSize),
  };
}

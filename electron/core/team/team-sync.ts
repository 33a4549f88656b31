/**
 * An offline-first desktop (issue 19 item 2): the SQLite store stays this instance's own store, and
 * a team Postgres is a second store it syncs through. Two loops:
 * - push: the outbox (written in each local batch's transaction) goes to the team database in
 *   order, in batches; an entry is removed only after the team database committed it, so a crash
 *   in between sends it again, which the team database answers as a duplicate (idempotent).
 * - pull: the team's change log after the last applied sequence, without this desktop's own
 *   batches, applied locally with the new sequence in the same transaction (no gaps, no doubles),
 *   without outbox entries (no echo), and announced on the live bus. Before it follows the log for
 *   the first time, and whenever the log was pruned past its last applied sequence, the desktop
 *   resyncs from the team's objects instead (team-resync.ts).
 * Either loop failing (the team database down, this desktop offline) marks the sync offline and
 * retries; the team database may be unreachable at start, too.
 */
import type { TeamSyncStatus } from '../../contract/methods/app.js';
import type { Logger } from '../../contract/logger.js';
import type { IngestOp, IngestOpResult, Store, TeamBatch, TeamReplica } from '../../../db/store.js';
import type { IngestPipeline } from '../ingest/ingest.js';
import { ensureSources, localOpOf, needsLocalId, sourcesOf, teamOpOf } from './team-ops.js';
import { resyncFromTeam, resyncReason, type ResyncReason } from './team-resync.js';

export interface TeamSyncOptions {
  local: Store;
  /** Opens the team database (retried until it succeeds or the sync stops). */
  openTeam: () => Promise<Store>;
  ingest: Pick<IngestPipeline, 'announceRemote'>;
  log: Logger;
  /** Outbox entries per team transaction (default 500). */
  pushBatch?: number;
  /** Team batches read per step (default 100). */
  pullBatch?: number;
  /** Idle poll of both loops (ms, default 250; the change feed's NOTIFY wakes the pull loop sooner). */
  pollMs?: number;
  /** Wait after a failure (ms, default 1000). */
  retryMs?: number;
  now?: () => number;
}

export interface TeamSync {
  status(): Promise<TeamSyncStatus>;
  /** Stops both loops (the current step finishes) and closes the team database. */
  stop(): Promise<void>;
}

/** Starts syncing `local` (a SQLite store opened with a team outbox) through the team database. */
export function startTeamSync(options: TeamSyncOptions): TeamSync {
  const replica = options.local.replica;
  if (!replica) throw new Error('The local store has no team outbox (open it with teamOutbox).');
  const { log, local, ingest } = options;
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 250;
  const retryMs = options.retryMs ?? 1000;
  let stopped = false;
  let team: Store | undefined;
  let offlineSince: number | undefined = now();
  const failing = new Set<string>();
  const wakers = new Set<() => void>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });
  const wakeAll = (): void => [...wakers].forEach((w) => w());

  const failed = (loop: string, error: unknown): void => {
    if (!failing.has(loop)) log.warn(`team ${loop} failed; retrying`, { error: String(error) });
    failing.add(loop);
    offlineSince ??= now();
  };
  const succeeded = (loop: string): void => {
    if (failing.delete(loop) && failing.size === 0) log.info('team database reachable again');
    if (failing.size === 0) offlineSince = undefined;
  };

  // One team store for both loops.
  let connecting: Promise<Store | undefined> | undefined;
  const connect = (): Promise<Store | undefined> => (connecting ??= open().catch(() => undefined));
  const open = async (): Promise<Store> => {
    while (!stopped) {
      try {
        team = await options.openTeam();
        if (stopped) await team.close();
        else log.info('team database opened', { team: team.location, instance: replica.instanceId });
        return team;
      } catch (error) {
        failed('connect', error);
        await sleep(retryMs);
      }
    }
    throw new Error('stopped');
  };

  const loop = async (name: string, step: (team: Store) => Promise<boolean>): Promise<void> => {
    const t = await connect();
    if (!t || stopped) return;
    succeeded('connect');
    while (!stopped) {
      try {
        const busy = await step(t);
        succeeded(name);
        if (!busy) await sleep(pollMs);
      } catch (error) {
        failed(name, error);
        await sleep(retryMs);
      }
    }
  };

  const pushed = createPusher(replica, local, options.pushBatch ?? 500, log);
  let resync: { reason: ResyncReason; objects: number } | undefined;
  let resyncReported = false;
  const pulled = createPuller(replica, local, ingest, options.pullBatch ?? 100, log, (r) => {
    resyncReported = true;
    resync = r;
  });
  // A desktop that never applied anything of the team shows its join from the start, not "synced".
  void replica.hasApplied().then((applied) => {
    if (!applied && !resyncReported) resync = { reason: 'join', objects: 0 };
  });
  let stopFollow: (() => void) | undefined;
  const loops = Promise.all([
    loop('push', pushed),
    loop('pull', (t) => {
      // A NOTIFY from the team database wakes the loop at once; the poll is the safety net.
      stopFollow ??= t.team?.changes.follow(wakeAll);
      return pulled(t);
    }),
  ]);

  return {
    async status() {
      const r = resync && { resync: { ...resync } };
      const pending = await replica.outboxSize();
      if (offlineSince !== undefined)
        return { state: 'offline', pending, offline_since: new Date(offlineSince).toISOString(), ...r };
      if (r) return { state: 'resyncing', pending, ...r };
      return { state: pending > 0 ? 'pending' : 'synced', pending };
    },
    async stop() {
      stopped = true;
      wakeAll();
      stopFollow?.();
      await loops;
      await team?.close();
    },
  };
}

/** One push step: the oldest outbox entries to the team database; true when it sent any. */
function createPusher(
  replica: TeamReplica,
  local: Store,
  batch: number,
  log: Logger,
): (team: Store) => Promise<boolean> {
  const teamSources = new Set<string>();
  return async (team) => {
    const entries = await replica.outbox(batch);
    if (entries.length === 0) return false;
    await ensureSources([...new Set(entries.map((e) => e.sourceId))], local, team, teamSources);
    // A patch finds the team's copy by key, so what came before it is committed first.
    const rejected: IngestOpResult[] = [];
    let ops: IngestOp[] = [];
    const send = async (): Promise<void> => {
      if (ops.length > 0) rejected.push(...(await team.applyBatch(ops)).filter((r) => r.status === 'rejected'));
      ops = [];
    };
    for (const entry of entries) {
      if (entry.op === 'patch') await send();
      const op = await teamOpOf(entry, team);
      if (op) ops.push(op);
    }
    await send();
    // Observations older than a delete the team holds are expected (the team's delete reaches this desktop too).
    const superseded = rejected.filter((r) => 'code' in r && r.code === 'CONFLICT').length;
    if (superseded > 0) log.info('observations older than a team delete were not sent', { count: superseded });
    const refused = rejected.filter((r) => !('code' in r) || r.code !== 'CONFLICT');
    if (refused.length > 0)
      log.warn('the team database refused some changes; they are dropped', {
        count: refused.length,
        first: 'reason' in refused[0]! ? refused[0].reason : undefined,
      });
    // Only now that the team database committed them.
    await replica.ackOutbox(entries[entries.length - 1]!.id);
    return true;
  };
}

/** One pull step: the team's batches after the last applied sequence; true when it read any. */
function createPuller(
  replica: TeamReplica,
  local: Store,
  ingest: Pick<IngestPipeline, 'announceRemote'>,
  batch: number,
  log: Logger,
  onResync: (state: { reason: ResyncReason; objects: number } | undefined) => void,
): (team: Store) => Promise<boolean> {
  const localSources = new Set<string>();
  const announce = (results: IngestOpResult[]): void => ingest.announceRemote(results.filter(isChange));
  const apply = async (ops: IngestOp[], seq: number): Promise<void> => {
    announce(await replica.applyInbound(ops, seq));
  };
  const resync = async (team: Store, reason: ResyncReason): Promise<void> => {
    onResync({ reason, objects: 0 });
    const onProgress = (objects: number): void => onResync({ reason, objects });
    await resyncFromTeam({ replica, local, team, reason, log, localSources, onProgress, announce });
    onResync(undefined);
  };
  return async (team) => {
    const changes = team.team?.changes;
    if (!changes) throw new Error(`The team database '${team.location}' has no change log.`);
    const after = await replica.lastSeq();
    const batches = (await replica.hasApplied()) ? await changes.changesAfter(after, batch) : [];
    // Read after the batches: a prune between the two would otherwise go unseen.
    const reason = await resyncReason(replica, team);
    if (reason) {
      await resync(team, reason);
      return true;
    }
    if (batches.length === 0) return false;
    // Upserts of many batches go in one local transaction; a patch or delete needs the desktop's id
    // of its object, so what came before it is applied first.
    let ops: IngestOp[] = [];
    let seq = after;
    for (const b of batches) {
      const foreign = b.instanceId === replica.instanceId ? [] : b.results;
      if (foreign.some(needsLocalId) && ops.length > 0) {
        await apply(ops, seq);
        ops = [];
      }
      await ensureSources(sourcesOf(foreign), team, local, localSources);
      ops.push(...(await localOps(foreign, local)));
      seq = b.seq;
    }
    await apply(ops, seq);
    return true;
  };
}

async function localOps(results: TeamBatch['results'], local: Store): Promise<IngestOp[]> {
  const out: IngestOp[] = [];
  for (const r of results) {
    const op = await localOpOf(r, local);
    if (op) out.push(op);
  }
  return out;
}

/** What changed an object here (a tombstone of an object this desktop never held is no change to show). */
function isChange(r: IngestOpResult): boolean {
  return r.status === 'created' || r.status === 'updated' || (r.status === 'deleted' && r.objectId !== '');
}

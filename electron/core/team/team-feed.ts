/**
 * A team database (issue 19): follows the store's change log so every change another instance
 * commits reaches this instance's live bus (maps, lists, hub subscribers) as a committed batch, and
 * prunes the log on the `team` setting. Does nothing on a store without a team side (SQLite).
 */
import type { Logger } from '../../contract/logger.js';
import type { Store } from '../../../db/store.js';
import type { IngestPipeline } from '../ingest/ingest.js';

export interface TeamFeedOptions {
  store: Pick<Store, 'team'>;
  ingest: Pick<IngestPipeline, 'announceRemote'>;
  log: Logger;
  config: { changeLogKeepS: number; pruneIntervalS: number };
  now?: () => number;
}

/** Starts following and pruning; returns stop(). */
export function startTeamFeed(options: TeamFeedOptions): () => void {
  const team = options.store.team;
  if (!team) return () => {};
  const { log, ingest, config } = options;
  const now = options.now ?? Date.now;
  // A tombstone of an object this database did not hold (a desktop's delete by key) shows nothing.
  const stopFollowing = team.changes.follow((batch) =>
    ingest.announceRemote(batch.results.filter((r) => r.status !== 'deleted' || r.objectId !== '')),
  );
  let pruning = false;
  const prune = (): void => {
    if (pruning) return;
    pruning = true;
    team.changes
      .prune(now() - config.changeLogKeepS * 1000)
      .then((removed) => {
        if (removed > 0) log.info('team change log pruned', { removed, keepS: config.changeLogKeepS });
      })
      .catch((error: unknown) =>
        log.warn('team change log could not be pruned; trying at the next interval', { error }),
      )
      .finally(() => (pruning = false));
  };
  const timer = setInterval(prune, config.pruneIntervalS * 1000);
  timer.unref();
  log.info('following the team change log', { instance: team.changes.instanceId, lease: team.leases.label });
  return () => {
    clearInterval(timer);
    stopFollowing();
  };
}

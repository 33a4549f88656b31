/**
 * The publishers connected per data source, so a source that was deactivated or deleted loses its
 * connections: re-checked every few seconds, and at once when its publisher hits a refusal. Each
 * connect and close reports the source's count (its status shows "N publishers connected").
 */
import type { WebSocket } from 'ws';
import type { Logger } from '../../contract/logger.js';
import type { SourceAuthLike } from './types.js';

/** WebSocket close code for a publisher its source no longer admits. */
export const CLOSE_POLICY = 1008;
const SOURCE_RECHECK_MS = 2000;

export function createPublisherSet(
  auth: Pick<SourceAuthLike, 'isActive'>,
  log: Logger,
  onCount: (sourceId: string, count: number) => void = () => {},
) {
  const bySource = new Map<string, Set<WebSocket>>();

  /** Closes a source's publishers once it was deactivated or deleted. */
  async function recheck(sourceId: string): Promise<void> {
    const set = bySource.get(sourceId);
    if (!set || set.size === 0) return;
    let active = true;
    try {
      active = await auth.isActive(sourceId);
    } catch (err) {
      log.warn('source re-check failed', { source_id: sourceId, error: String(err) });
    }
    if (active) return;
    for (const ws of set) ws.close(CLOSE_POLICY, `Data source '${sourceId}' is inactive or was deleted.`.slice(0, 120));
  }

  return {
    recheck,
    /** Counts `ws` under its source until it closes. */
    add(sourceId: string, ws: WebSocket): void {
      let set = bySource.get(sourceId);
      if (!set) bySource.set(sourceId, (set = new Set()));
      set.add(ws);
      onCount(sourceId, set.size);
      ws.on('close', () => {
        set.delete(ws);
        if (set.size === 0 && bySource.get(sourceId) === set) bySource.delete(sourceId);
        onCount(sourceId, bySource.get(sourceId)?.size ?? 0);
      });
    },
    /** Starts the periodic re-check of every source with publishers; returns its stop(). */
    startRechecks(): () => void {
      const timer = setInterval(() => {
        for (const id of bySource.keys()) void recheck(id);
      }, SOURCE_RECHECK_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
    count: (): number => [...bySource.values()].reduce((n, s) => n + s.size, 0),
  };
}

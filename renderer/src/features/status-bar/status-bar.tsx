/**
 * The status bar: hub address, publishers and subscribers, updates/s, the named counts
 * ("12,431 objects · 10,002 match · 8,120 in view", at the replayed moment while replaying), the
 * positions stored, database size, the team sync (when a team database is configured) and the
 * unacknowledged alerts; each count's tooltip says what it
 * counts. Stats come from app.stats, then app.statsChanged events; match and in view from the store
 * (use-match-counts.ts); the alert count from the alerts loader.
 */
import { useEffect, useState } from 'react';
import type { AppStats } from '../../../../electron/contract/methods/app.js';
import { useApp } from '../../app/app-context.js';
import { useAlerts } from '../alerts/use-alerts.js';
import { useMatchCounts } from './use-match-counts.js';
import { teamStatusText, teamStatusTitle } from './team-status.js';
import { useShell, useShellActions } from '../../app/shell-context.js';
import { formatBytes, formatCount, formatTime } from '../../app/format.js';
import { toObjectFilter } from '../../state/filter-state.js';

/** The bar at the bottom of the window. */
/** "1 object", "12,431 objects". */
const counted = (n: number, noun: string): string => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

export function StatusBar() {
  const { client } = useApp();
  const info = useShell((s) => s.info);
  const isFiltered = useShell((s) => Object.keys(toObjectFilter(s.filter)).length > 0);
  const { match, inView } = useMatchCounts();
  const moment = useShell((s) => (s.replay.live ? null : s.replay.at));
  const theme = useShell((s) => s.theme);
  const { toggleTheme, showTab } = useShellActions();
  const { unacknowledged } = useAlerts();
  const [stats, setStats] = useState<AppStats | null>(null);
  useEffect(() => {
    // Events keep the figures current; a slow poll covers a core that pushes them rarely.
    const poll = () =>
      void client
        .call('app.stats', {})
        .then(setStats)
        .catch(() => undefined);
    poll();
    const timer = setInterval(poll, 5000);
    const off = client.on('app.statsChanged', setStats);
    return () => {
      clearInterval(timer);
      off();
    };
  }, [client]);
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span title="Local hub address for publishers and subscribers">hub {info?.hub_url ?? 'not listening'}</span>
      {stats && (
        <>
          <span>{counted(stats.publishers, 'publisher')}</span>
          <span>{counted(stats.subscribers, 'subscriber')}</span>
          <span data-testid="status-rate">{stats.updates_per_s.toFixed(0)} updates/s</span>
        </>
      )}
      <span className="status-counts">
        <span
          data-testid="status-objects"
          title="Objects in the store, each counted once however many positions it has"
        >
          {stats ? counted(stats.objects, 'object') : '… objects'}
        </span>
        {' · '}
        <span
          data-testid="status-match"
          title={
            isFiltered
              ? 'Objects the applied filter selects, wherever they are'
              : 'Objects the filter selects: no filter is applied, so every object'
          }
        >
          {count(match)} match
        </span>
        {' · '}
        <span data-testid="status-in-view" title="Objects the filter selects that are inside the map's current view">
          {count(inView)} in view
          {moment !== null && ` at ${formatTime(new Date(moment).toISOString())}`}
        </span>
      </span>
      {stats && (
        <>
          <span
            data-testid="status-positions"
            title="Positions kept in the objects' history, one per observation (thinned by the rule under Maps & files → History)"
          >
            {counted(stats.positions_stored, 'position')} stored
          </span>
          <span title="Size of the database on disk">db {formatBytes(stats.database_bytes)}</span>
          {stats.team && (
            <span
              data-testid="status-team"
              className={stats.team.state === 'offline' ? 'warn-text' : undefined}
              title={teamStatusTitle(stats.team)}
            >
              {teamStatusText(stats.team)}
            </span>
          )}
          {stats.paused_reason && <span className="warn-text">ingest paused: {stats.paused_reason}</span>}
        </>
      )}
      <button
        type="button"
        className={`link-button${unacknowledged > 0 ? ' alerts-status' : ''}`}
        data-testid="status-alerts"
        onClick={() => showTab('alerts')}
        title="Open the alerts (5)"
      >
        {formatCount(unacknowledged)} unacknowledged alert{unacknowledged === 1 ? '' : 's'}
      </button>
      <span className="spacer" />
      {info && <span className="muted">{info.database}</span>}
      <button type="button" className="link-button" onClick={toggleTheme} title="Switch theme (T)">
        {theme === 'dark' ? '☀ light' : '☾ dark'}
      </button>
    </footer>
  );
}

/** A count, or "…" until the store answered. */
function count(n: number | null): string {
  return n === null ? '…' : formatCount(n);
}

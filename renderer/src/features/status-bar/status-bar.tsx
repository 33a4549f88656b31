/**
 * The status bar: hub address, publishers and subscribers, updates/s, objects stored, database size,
 * the object count on the map (at the replayed moment while replaying) and the unacknowledged alerts.
 * Stats come from app.stats, then app.statsChanged events; the alert count from the alerts loader.
 */
import { useEffect, useState } from 'react';
import type { AppStats } from '../../../../electron/contract/methods/app.js';
import { useApp } from '../../app/app-context.js';
import { useAlerts } from '../alerts/use-alerts.js';
import { useShell, useShellActions } from '../../app/shell-context.js';
import { formatBytes, formatCount, formatTime } from '../../app/format.js';

/** The bar at the bottom of the window. */
export function StatusBar() {
  const { client } = useApp();
  const info = useShell((s) => s.info);
  const liveCount = useShell((s) => s.liveCount);
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
          <span>{stats.publishers} publishers</span>
          <span>{stats.subscribers} subscribers</span>
          <span data-testid="status-rate">{stats.updates_per_s.toFixed(0)} updates/s</span>
          <span data-testid="status-objects">{formatCount(stats.objects)} objects</span>
          <span>db {formatBytes(stats.database_bytes)}</span>
          {stats.paused_reason && <span className="warn-text">ingest paused: {stats.paused_reason}</span>}
        </>
      )}
      <span data-testid="status-live">
        {formatCount(liveCount)} on map
        {moment !== null && ` at ${formatTime(new Date(moment).toISOString())}`}
      </span>
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

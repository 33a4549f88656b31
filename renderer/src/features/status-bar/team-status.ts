/**
 * The status bar's words for a desktop syncing through a team database (issue 19 item 2):
 * "team: synced", "team: 12 pending", "team: offline since 14:05" (local time), "team: resyncing
 * (1,200 objects)".
 */
import type { TeamSyncStatus } from '../../../../electron/contract/methods/app.js';
import { formatCount } from '../../app/format.js';

/** The label of a team sync status. */
export function teamStatusText(team: TeamSyncStatus): string {
  if (team.state === 'offline') {
    const since = team.offline_since ? new Date(team.offline_since) : undefined;
    const p = (n: number) => String(n).padStart(2, '0');
    const at = since && !Number.isNaN(since.getTime()) ? ` since ${p(since.getHours())}:${p(since.getMinutes())}` : '';
    return `team: offline${at}`;
  }
  if (team.state === 'resyncing') return `team: resyncing (${formatCount(team.resync?.objects ?? 0)} objects)`;
  return team.state === 'pending' ? `team: ${formatCount(team.pending)} pending` : 'team: synced';
}

/** The tooltip: what the label means, with the changes waiting when offline. */
export function teamStatusTitle(team: TeamSyncStatus): string {
  const waiting = `${formatCount(team.pending)} local change${team.pending === 1 ? '' : 's'} waiting to be sent`;
  if (team.state === 'resyncing')
    return team.resync?.reason === 'pruned'
      ? `The team change log no longer reaches back to this desktop's last update; reloading the team's objects (${waiting})`
      : `Joining the team: loading the team's objects (${waiting})`;
  return team.state === 'synced'
    ? 'Every local change is in the team database'
    : team.state === 'pending'
      ? `${waiting} to the team database`
      : `The team database cannot be reached; ${waiting}, kept on disk until it is back`;
}
